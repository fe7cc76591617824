import { type DB, onWriter } from "../../db/client";
import type { KaoxueSqliteDriver } from "../../db/sqlite-driver";
import { CADRE_VIEW_FORMAT, cadreViewJson } from "~/domain/attempt-view";
import { gradeAttempt } from "~/domain/exams/grade-attempt";
import type { FrozenPaper, Response } from "~/domain/exams/types";
import { attemptItemRows } from "~/domain/statistics/attempt-items";
import { type GradingRules, GradingRulesSchema } from "~/schemas/exams.server";

/**
 * Reading what an attempt stored: its frozen paper and rules (attempt_papers), its
 * responses and its manual grades, and grading from them alone (invariant 7).
 */

export type FrozenAttempt = { paper: FrozenPaper; rules: GradingRules };

/**
 * Papers never change once frozen (invariant 2), so a parsed paper can be kept: the hot
 * paths (saves, the attempt page) read it from memory. Bounded, oldest dropped first; one
 * cache per database handle (tests and tools open several).
 */
const PAPER_CACHE_LIMIT = 2_000;
const paperCaches = new WeakMap<object, Map<number, FrozenAttempt>>();

function cacheOf(db: DB): Map<number, FrozenAttempt> {
  // A transaction is a new handle over the same database: key by the shared executor's driver.
  const key = (db.getExecutor() as unknown as { adapter: object }).adapter ?? db;
  let cache = paperCaches.get(key);
  if (!cache) paperCaches.set(key, (cache = new Map()));
  return cache;
}

function remember(db: DB, attemptId: number, frozen: FrozenAttempt): FrozenAttempt {
  const cache = cacheOf(db);
  if (cache.size >= PAPER_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(attemptId, frozen);
  return frozen;
}

export function parseFrozen(row: { paper: string; grading_rules: string }): FrozenAttempt {
  return { paper: JSON.parse(row.paper) as FrozenPaper, rules: GradingRulesSchema.parse(JSON.parse(row.grading_rules)) };
}

/** The frozen paper and grading rules of an attempt. */
export async function loadFrozen(db: DB, attemptId: number): Promise<FrozenAttempt> {
  const cached = cacheOf(db).get(attemptId);
  if (cached) return cached;
  const row = await db.selectFrom("attempt_papers").select(["paper", "grading_rules"]).where("attempt_id", "=", attemptId).executeTakeFirstOrThrow();
  return remember(db, attemptId, parseFrozen(row));
}

export async function loadPaper(db: DB, attemptId: number): Promise<FrozenPaper> {
  return (await loadFrozen(db, attemptId)).paper;
}

/** The row that keeps an open attempt's page copy of its paper (written with the paper). */
export function attemptViewRow(attemptId: number, paper: FrozenPaper) {
  return { attempt_id: attemptId, format: CADRE_VIEW_FORMAT, sections: cadreViewJson(paper) };
}

/**
 * The attempt page's view of the paper as JSON: the copy stored when the paper was frozen,
 * or, for a copy in another format (or none), built from the paper again.
 */
export async function loadCadreViewJson(db: DB, attemptId: number): Promise<string> {
  const stored = await db.selectFrom("attempt_views").select("sections").where("attempt_id", "=", attemptId).where("format", "=", CADRE_VIEW_FORMAT).executeTakeFirst();
  return stored?.sections ?? cadreViewJson(await loadPaper(db, attemptId));
}

/** Frozen papers of many attempts in one read (reports, grading queue); not cached. */
export async function loadPapers(db: DB, attemptIds: readonly number[]): Promise<Map<number, FrozenPaper>> {
  const papers = new Map<number, FrozenPaper>();
  for (let i = 0; i < attemptIds.length; i += 500) {
    const rows = await db.selectFrom("attempt_papers").select(["attempt_id", "paper"]).where("attempt_id", "in", attemptIds.slice(i, i + 500)).execute();
    for (const row of rows) papers.set(row.attempt_id, cacheOf(db).get(row.attempt_id)?.paper ?? (JSON.parse(row.paper) as FrozenPaper));
  }
  return papers;
}

export async function loadResponses(db: DB, attemptId: number): Promise<{ responses: Record<string, Response> }> {
  const rows = await db.selectFrom("attempt_responses").select(["question_ref", "response"]).where("attempt_id", "=", attemptId).execute();
  const responses: Record<string, Response> = {};
  for (const row of rows) responses[row.question_ref] = JSON.parse(row.response) as Response;
  return { responses };
}

/**
 * The saved answers as one JSON object text (question ref → response) and the time of the
 * latest save: what the attempt page sends. Each row's response is already JSON, so the object
 * is joined from the rows as stored rather than parsed and encoded again.
 */
export async function loadResponsesJson(db: DB, attemptId: number): Promise<{ json: string; lastSavedAt: string | null }> {
  const rows = await db.selectFrom("attempt_responses").select(["question_ref", "response", "saved_at"]).where("attempt_id", "=", attemptId).execute();
  let lastSavedAt: string | null = null;
  const members: string[] = [];
  for (const row of rows) {
    members.push(`${JSON.stringify(row.question_ref)}:${row.response}`);
    if (lastSavedAt === null || row.saved_at > lastSavedAt) lastSavedAt = row.saved_at;
  }
  return { json: `{${members.join(",")}}`, lastSavedAt };
}

export async function graceOf(db: DB, examId: number): Promise<number> {
  const exam = await db.selectFrom("exams").select("grace_seconds").where("id", "=", examId).executeTakeFirstOrThrow();
  return exam.grace_seconds;
}

const PAPER_SQL = "select paper, grading_rules from attempt_papers where attempt_id = ?";
const RESPONSES_SQL = "select question_ref, response from attempt_responses where attempt_id = ?";
const MANUAL_SQL = "select question_ref, points from manual_grades where attempt_id = ? order by id";
const DELETE_ITEMS_SQL = "delete from attempt_items where attempt_id = ?";
const ITEM_COLUMNS = "(attempt_id, question_ref, section_index, question_row_id, type, status, points, max_points, chosen)";
/** Item rows inserted by one statement (9 parameters each: well within SQLite's limit). */
const ITEMS_PER_INSERT = 100;

function insertItemsSql(count: number): string {
  return `insert into attempt_items ${ITEM_COLUMNS} values ${Array.from({ length: count }, () => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`;
}

/**
 * Grades an attempt from what is stored (its frozen paper and rules, its responses, its
 * manual grades) and writes its per-question rows, synchronously on the writer: it runs in
 * the caller's transaction (or the group commit it joined), so nothing can slip in between
 * reading the responses and writing the grade. Returns the columns to set on the attempt row.
 */
export function gradeOnWriter(db: DB, writer: KaoxueSqliteDriver, attemptId: number) {
  const { paper, rules } =
    cacheOf(db).get(attemptId) ?? remember(db, attemptId, parseFrozen(writer.writerStatement(PAPER_SQL).get(attemptId) as { paper: string; grading_rules: string }));
  const responses: Record<string, Response> = {};
  for (const row of writer.writerStatement(RESPONSES_SQL).all(attemptId) as Array<{ question_ref: string; response: string }>) {
    responses[row.question_ref] = JSON.parse(row.response) as Response;
  }
  const manual: Record<string, number> = {};
  for (const row of writer.writerStatement(MANUAL_SQL).all(attemptId) as Array<{ question_ref: string; points: number }>) manual[row.question_ref] = row.points;
  const grade = gradeAttempt(paper, responses, rules.multiplePolicy, { passMark: rules.passMark, sectionMinimums: rules.sectionMinimums }, manual);

  const items = attemptItemRows(paper, grade.perQuestion, responses);
  writer.writerStatement(DELETE_ITEMS_SQL).run(attemptId);
  for (let i = 0; i < items.length; i += ITEMS_PER_INSERT) {
    const chunk = items.slice(i, i + ITEMS_PER_INSERT);
    writer
      .writerStatement(insertItemsSql(chunk.length))
      .run(chunk.flatMap((r) => [attemptId, r.question_ref, r.section_index, r.question_row_id, r.type, r.status, r.points, r.max_points, r.chosen]));
  }
  return {
    score: grade.score,
    passed: grade.passed === null ? null : grade.passed ? 1 : 0,
    pending_manual: grade.pending ? 1 : 0,
    grade_detail: JSON.stringify({
      sections: grade.sections,
      perQuestion: grade.perQuestion.map((q) => ({ ref: q.ref, status: q.status, points: q.points, maxPoints: q.maxPoints })),
    }),
  };
}

/**
 * Finished attempts graded before attempt_items existed get their rows from their stored
 * paper, responses and grade (once; nothing to do costs one query).
 */
export async function backfillAttemptItems(db: DB): Promise<number> {
  let filled = 0;
  for (let after = 0; ; ) {
    const missing = await db
      .selectFrom("attempts")
      .select("id")
      .where("id", ">", after)
      .where("status", "!=", "in_progress")
      .where((eb) => eb.not(eb.exists(eb.selectFrom("attempt_items").select("attempt_id").whereRef("attempt_items.attempt_id", "=", "attempts.id"))))
      .orderBy("id")
      .limit(200)
      .execute();
    if (missing.length === 0) return filled;
    await onWriter(db, (writer) => {
      for (const { id } of missing) gradeOnWriter(db, writer, id);
    });
    filled += missing.length;
    after = missing[missing.length - 1].id;
  }
}
