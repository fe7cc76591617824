import type { DB } from "../../db/client";
import type { Attempt } from "../../db/schema";
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

/** Frozen papers of many attempts in one read (reports, grading queue); not cached. */
export async function loadPapers(db: DB, attemptIds: readonly number[]): Promise<Map<number, FrozenPaper>> {
  const papers = new Map<number, FrozenPaper>();
  for (let i = 0; i < attemptIds.length; i += 500) {
    const rows = await db.selectFrom("attempt_papers").select(["attempt_id", "paper"]).where("attempt_id", "in", attemptIds.slice(i, i + 500)).execute();
    for (const row of rows) papers.set(row.attempt_id, cacheOf(db).get(row.attempt_id)?.paper ?? (JSON.parse(row.paper) as FrozenPaper));
  }
  return papers;
}

export async function loadResponses(db: DB, attemptId: number): Promise<{ responses: Record<string, Response>; savedAt: Record<string, string> }> {
  const rows = await db.selectFrom("attempt_responses").selectAll().where("attempt_id", "=", attemptId).execute();
  const responses: Record<string, Response> = {};
  const savedAt: Record<string, string> = {};
  for (const row of rows) {
    responses[row.question_ref] = JSON.parse(row.response) as Response;
    savedAt[row.question_ref] = row.saved_at;
  }
  return { responses, savedAt };
}

export async function graceOf(db: DB, examId: number): Promise<number> {
  const exam = await db.selectFrom("exams").select("grace_seconds").where("id", "=", examId).executeTakeFirstOrThrow();
  return exam.grace_seconds;
}

/** The newest manual grade of each essay of an attempt (older rows are the history). */
export async function currentManualPoints(db: DB, attemptId: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("manual_grades")
    .select(["question_ref", "points"])
    .where("attempt_id", "=", attemptId)
    .orderBy("id", "asc")
    .execute();
  const points: Record<string, number> = {};
  for (const row of rows) points[row.question_ref] = row.points;
  return points;
}

/**
 * Grades an attempt from what is stored (its frozen paper and rules, its responses, its
 * manual grades) and writes its per-question rows. Runs inside the caller's transaction;
 * returns the columns to set on the attempt row.
 */
export async function gradeFromStorage(db: DB, attempt: Pick<Attempt, "id">) {
  const { paper, rules } = await loadFrozen(db, attempt.id);
  const { responses } = await loadResponses(db, attempt.id);
  const grade = gradeAttempt(
    paper,
    responses,
    rules.multiplePolicy,
    { passMark: rules.passMark, sectionMinimums: rules.sectionMinimums },
    await currentManualPoints(db, attempt.id),
  );
  await writeAttemptItems(db, attempt.id, attemptItemRows(paper, grade.perQuestion, responses));
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

async function writeAttemptItems(db: DB, attemptId: number, rows: ReturnType<typeof attemptItemRows>): Promise<void> {
  await db.deleteFrom("attempt_items").where("attempt_id", "=", attemptId).execute();
  for (let i = 0; i < rows.length; i += 100) {
    await db
      .insertInto("attempt_items")
      .values(rows.slice(i, i + 100).map((r) => ({ attempt_id: attemptId, ...r })))
      .execute();
  }
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
    await db.transaction().execute(async (trx) => {
      for (const { id } of missing) await gradeFromStorage(trx, { id });
    });
    filled += missing.length;
    after = missing[missing.length - 1].id;
  }
}
