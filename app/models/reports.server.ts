/**
 * Loads what the exam and cadre reports compute from. Reading is batched with a yield to the
 * event loop between batches, so a report over 10,000 cadres never stalls answer saves; the
 * statistics themselves are pure (app/domain/statistics).
 */
import { type DB, driverOf } from "../../db/client";
import type { Attempt, Exam } from "../../db/schema";
import { sumPoints } from "~/domain/exams/points";
import { type CadreExamFact, type CadreReport, cadreReport } from "~/domain/statistics/cadre-report";
import { buildExamReport, type ExamReport, type ReportMember } from "~/domain/statistics/exam-report";
import type { GradeStatus } from "~/domain/exams/types";
import { ItemAnalysisBuilder, type ItemQuestion, type ItemStats, type QuestionInfo } from "~/domain/statistics/item-analysis";
import { type AttemptFact, type CadreOutcome, outcomesByCadre } from "~/domain/statistics/outcomes";
import { toCents } from "~/domain/statistics/rounding";
import { yieldToEventLoop } from "~/utils/event-loop";

import { finalizeExpiredAttempts } from "./attempt-finalize.server";
import { parsePaperSpec } from "./exams.server";
import { listOrgs } from "./orgs.server";
import { poolQuestionQuery, toPoolRow } from "./question-pool.server";
import type { ReportSubtree } from "./report-scope.server";

const PAGE = 1000;
/** Counted attempts whose per-question rows are read at once (60 rows each). */
const ITEM_BATCH = 200;

type AttemptSummaryRow = Pick<
  Attempt,
  "id" | "user_id" | "attempt_no" | "status" | "score" | "max_score" | "passed" | "pending_manual" | "started_at" | "finished_at"
>;

export function attemptFact(row: AttemptSummaryRow): AttemptFact {
  return {
    id: row.id,
    userId: row.user_id,
    attemptNo: row.attempt_no,
    status: row.status,
    score: row.score,
    maxScore: row.max_score,
    passed: row.passed === null ? null : Boolean(row.passed),
    pending: Boolean(row.pending_manual),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

const ATTEMPT_SUMMARY_COLUMNS = [
  "attempts.id",
  "attempts.user_id",
  "attempts.attempt_no",
  "attempts.status",
  "attempts.score",
  "attempts.max_score",
  "attempts.passed",
  "attempts.pending_manual",
  "attempts.started_at",
  "attempts.finished_at",
] as const;

/**
 * The audience, each cadre under the organization they belonged to when assigned (history
 * stays where it was earned); within `subtree` only, when given.
 */
async function loadMembers(db: DB, examId: number, subtree: ReportSubtree): Promise<ReportMember[]> {
  const members: ReportMember[] = [];
  for (let after = 0; ; ) {
    let query = db
      .selectFrom("exam_audience")
      .innerJoin("users", "users.id", "exam_audience.user_id")
      // The organization of the assignment, not the cadre's current one: results stay where they were earned.
      .innerJoin("orgs", "orgs.id", "exam_audience.org_id")
      .select(["users.id", "users.employee_no", "users.name", "exam_audience.org_id", "orgs.name as orgName", "users.rank", "users.is_leader"])
      .where("exam_audience.exam_id", "=", examId)
      .where("exam_audience.user_id", ">", after);
    if (subtree) query = query.where("orgs.path", "like", `${subtree.path}%`);
    const rows = await query.orderBy("exam_audience.user_id").limit(PAGE).execute();
    for (const r of rows) {
      members.push({ userId: r.id, employeeNo: r.employee_no, name: r.name, orgId: r.org_id, orgName: r.orgName, rank: r.rank, isLeader: Boolean(r.is_leader) });
    }
    if (rows.length < PAGE) return members;
    after = rows[rows.length - 1].id;
    await yieldToEventLoop();
  }
}

async function loadAttemptFacts(db: DB, examId: number): Promise<AttemptFact[]> {
  const facts: AttemptFact[] = [];
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom("attempts")
      .select(ATTEMPT_SUMMARY_COLUMNS)
      .where("attempts.exam_id", "=", examId)
      .where("attempts.id", ">", after)
      .orderBy("attempts.id")
      .limit(PAGE)
      .execute();
    facts.push(...rows.map(attemptFact));
    if (rows.length < PAGE) return facts;
    after = rows[rows.length - 1].id;
    await yieldToEventLoop();
  }
}

/** A question as item analysis shows it, from its bank_questions row (bank versions never change). */
type QuestionMeta = ItemQuestion & QuestionInfo;

async function questionMeta(db: DB, rowIds: readonly number[], into: Map<number, QuestionMeta>): Promise<void> {
  const missing = rowIds.filter((id) => !into.has(id));
  for (let i = 0; i < missing.length; i += 500) {
    const rows = await poolQuestionQuery(db).where("bank_questions.id", "in", missing.slice(i, i + 500)).execute();
    for (const row of rows) {
      const q = toPoolRow(row);
      into.set(q.rowId, {
        identity: `${q.bankSlug}#${q.key}`,
        bankSlug: q.bankSlug,
        key: q.key,
        rowId: q.rowId,
        type: q.type,
        stem: q.stem,
        bankOptions: q.options,
        answer: q.answer,
        tags: q.tags,
        position: row.position,
      });
    }
  }
}

/** "[0,2]" → 0b101 (bit i = original option i) without JSON.parse or an array; null → 0. */
export function chosenMaskOf(chosen: string | null): number {
  if (!chosen) return 0;
  let mask = 0;
  let digits = -1;
  for (let i = 0; i < chosen.length; i++) {
    const c = chosen.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) digits = digits < 0 ? c : digits * 10 + c;
    else if (digits >= 0) {
      mask |= 1 << digits;
      digits = -1;
    }
  }
  return mask;
}

// The rows of a batch of attempts, as arrays, through one prepared statement on the read
// connection: 600,000 of them in a report of 10,000 cadres, so neither kysely's compiling
// nor an object per row.
const ITEM_ROWS_SQL = `select i.attempt_id, i.question_row_id, i.section_index, i.status, i.points, i.max_points, i.chosen
  from json_each(?) as batch join attempt_items as i on i.attempt_id = batch.value order by batch.key`;
type ItemRow = [attemptId: number, rowId: number, sectionIndex: number, status: GradeStatus, points: number, maxPoints: number, chosen: string | null];

/**
 * Item analysis of the counted attempt of every graded cadre, from the per-question rows
 * (attempt_items: marks and chosen options in small columns, written at grading) and the
 * questions' bank rows, never the papers. Read and added up a batch of attempts at a time, in
 * the cadres' order: memory is the counts per question, not the rows.
 */
async function loadItemStats(db: DB, outcomes: ReadonlyMap<number, CadreOutcome>): Promise<ItemStats[]> {
  const counted = [...outcomes.values()].flatMap((o) => (o.state === "final" ? [o.best] : []));
  const builder = new ItemAnalysisBuilder();
  const meta = new Map<number, QuestionMeta>();
  const statement = driverOf(db).readerStatement(ITEM_ROWS_SQL);
  for (let i = 0; i < counted.length; i += ITEM_BATCH) {
    const batch = counted.slice(i, i + ITEM_BATCH);
    const totals = new Map(batch.map((a) => [a.id, toCents(a.score ?? 0)]));
    const rows = statement.raw(true).all(JSON.stringify(batch.map((a) => a.id))) as ItemRow[];
    const unseen = new Set<number>();
    for (const row of rows) if (!meta.has(row[1])) unseen.add(row[1]);
    if (unseen.size > 0) await questionMeta(db, [...unseen], meta);
    // In the cadres' order (the first observation of a question is the one shown).
    for (const [attemptId, rowId, sectionIndex, status, points, maxPoints, chosen] of rows) {
      builder.observe(totals.get(attemptId)!, meta.get(rowId)!, sectionIndex, status, points, maxPoints, chosenMaskOf(chosen));
    }
    await yieldToEventLoop();
  }
  return builder.result(meta);
}

/** Full marks of the exam's paper: every section's count × points. */
export function examMaxScore(exam: Pick<Exam, "paper_spec">): number {
  return sumPoints(parsePaperSpec(exam).sections.map((s) => s.count * s.points));
}

/**
 * The whole report of one exam, or of the part of its audience within `subtree` (every
 * figure, the histogram, item analysis and the non-participants recomputed on that subset).
 * Attempts past their deadline are finalized first, so nobody shows as 作答中 whose time ran
 * out (invariant 3). The caller checks the scope (getExamReportView).
 */
export type ExamReportOptions = {
  /** false: no item analysis (items: []), for what does not show it (成绩明细.csv). */
  items?: boolean;
  /**
   * false: expired attempts are not finalized here, because the caller already did (the
   * export worker reads through a read-only connection after the main thread finalized).
   */
  finalize?: boolean;
};


export async function loadExamReport(db: DB, exam: Exam, now: Date, subtree: ReportSubtree = null, options: ExamReportOptions = {}): Promise<ExamReport> {
  if (options.finalize !== false) await finalizeExpiredAttempts(db, now);
  const owner = await db.selectFrom("orgs").select(["id", "path"]).where("id", "=", exam.owner_org_id).executeTakeFirstOrThrow();
  const orgs = await listOrgs(db, { kind: "subtree", orgId: subtree?.orgId ?? owner.id, path: subtree?.path ?? owner.path });
  const members = await loadMembers(db, exam.id, subtree);
  const outcomes = outcomesByCadre(
    members.map((m) => m.userId),
    await loadAttemptFacts(db, exam.id),
  );
  const items = options.items === false ? [] : await loadItemStats(db, outcomes);
  return buildExamReport({ members, orgs: orgs.map((o) => ({ id: o.id, name: o.name })), outcomes, maxScore: examMaxScore(exam), items });
}

/**
 * One cadre's record: every published exam they were assigned to or attempted. The caller
 * checks that the cadre is within the organizer's scope.
 */
export async function loadCadreReport(db: DB, userId: number, now: Date): Promise<CadreReport> {
  await finalizeExpiredAttempts(db, now);
  const assigned = await db
    .selectFrom("exam_audience")
    .innerJoin("exams", "exams.id", "exam_audience.exam_id")
    .select(["exams.id", "exams.title", "exams.kind", "exams.period", "exams.opens_at", "exams.closes_at", "exams.status"])
    .where("exam_audience.user_id", "=", userId)
    .where("exams.status", "!=", "draft")
    .execute();
  const attempts = await db
    .selectFrom("attempts")
    .innerJoin("exams", "exams.id", "attempts.exam_id")
    .select([...ATTEMPT_SUMMARY_COLUMNS, "attempts.exam_id", "exams.title", "exams.kind", "exams.period", "exams.opens_at"])
    .where("attempts.user_id", "=", userId)
    .orderBy("attempts.id")
    .execute();
  const exams = new Map<number, CadreExamFact>();
  for (const e of assigned) {
    const stillOpen = e.status === "published" && Date.parse(e.closes_at) > now.getTime();
    exams.set(e.id, { examId: e.id, title: e.title, kind: e.kind, period: e.period, opensAt: e.opens_at, assigned: true, stillOpen, attempts: [] });
  }
  for (const a of attempts) {
    let exam = exams.get(a.exam_id);
    if (!exam) {
      exam = { examId: a.exam_id, title: a.title, kind: a.kind, period: a.period, opensAt: a.opens_at, assigned: false, attempts: [] };
      exams.set(a.exam_id, exam);
    }
    exam.attempts.push(attemptFact(a));
  }
  return cadreReport([...exams.values()]);
}
