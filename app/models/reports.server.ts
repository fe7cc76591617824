/**
 * Loads what the exam and cadre reports compute from. Reading is batched with a yield to the
 * event loop between batches, so a report over 10,000 cadres never stalls answer saves; the
 * statistics themselves are pure (app/domain/statistics).
 */
import type { DB } from "../../db/client";
import type { Attempt, Exam } from "../../db/schema";
import { gradeAttempt } from "~/domain/exams/grade-attempt";
import { sumPoints } from "~/domain/exams/points";
import type { Response } from "~/domain/exams/types";
import { type CadreExamFact, type CadreReport, cadreReport } from "~/domain/statistics/cadre-report";
import { buildExamReport, type ExamReport, type ReportMember } from "~/domain/statistics/exam-report";
import { type CadreItems, itemAnalysis, observeAttempt, type QuestionGradeFact, type QuestionInfo } from "~/domain/statistics/item-analysis";
import { type AttemptFact, type CadreOutcome, outcomesByCadre } from "~/domain/statistics/outcomes";
import { StoredGradeDetailSchema } from "~/schemas/reports.server";
import { yieldToEventLoop } from "~/utils/event-loop";

import { finalizeExpiredAttempts } from "./attempt-finalize.server";
import { loadFrozen, loadPapers } from "./attempt-storage.server";
import { parsePaperSpec } from "./exams.server";
import { listOrgs } from "./orgs.server";
import type { ReportSubtree } from "./report-scope.server";

const PAGE = 1000;
/** Papers are the heavy part (a few KB of JSON each): fewer per batch. */
const PAPER_BATCH = 200;

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

async function responsesOf(db: DB, attemptIds: number[]): Promise<Map<number, Record<string, Response>>> {
  const byAttempt = new Map<number, Record<string, Response>>(attemptIds.map((id) => [id, {}]));
  if (attemptIds.length === 0) return byAttempt;
  const rows = await db.selectFrom("attempt_responses").select(["attempt_id", "question_ref", "response"]).where("attempt_id", "in", attemptIds).execute();
  for (const r of rows) byAttempt.get(r.attempt_id)![r.question_ref] = JSON.parse(r.response) as Response;
  return byAttempt;
}

/** The counted attempt of every graded cadre, as item observations (batched: papers are large). */
async function loadCountedItems(db: DB, outcomes: ReadonlyMap<number, CadreOutcome>): Promise<CadreItems[]> {
  const counted = [...outcomes.values()].flatMap((o) => (o.state === "final" ? [o.best] : []));
  const cadres: CadreItems[] = [];
  for (let i = 0; i < counted.length; i += PAPER_BATCH) {
    const batch = counted.slice(i, i + PAPER_BATCH);
    const ids = batch.map((a) => a.id);
    const rows = await db.selectFrom("attempts").select(["id", "grade_detail"]).where("id", "in", ids).execute();
    const papers = await loadPapers(db, ids);
    const responses = await responsesOf(db, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const attempt of batch) {
      const given = responses.get(attempt.id) ?? {};
      const paper = papers.get(attempt.id)!;
      cadres.push({ total: attempt.score ?? 0, items: observeAttempt(paper, await gradesOf(db, attempt.id, byId.get(attempt.id)!.grade_detail, given), given) });
    }
    await yieldToEventLoop();
  }
  return cadres;
}

/** The stored per-question grade; regraded from the responses only if a finished attempt somehow lacks one. */
async function gradesOf(db: DB, attemptId: number, gradeDetail: string | null, responses: Record<string, Response>): Promise<QuestionGradeFact[]> {
  if (gradeDetail) return StoredGradeDetailSchema.parse(JSON.parse(gradeDetail)).perQuestion;
  const { paper, rules } = await loadFrozen(db, attemptId);
  return gradeAttempt(paper, responses, rules.multiplePolicy, rules).perQuestion;
}

async function questionInfo(db: DB, rowIds: number[]): Promise<Map<number, QuestionInfo>> {
  const info = new Map<number, QuestionInfo>();
  for (let i = 0; i < rowIds.length; i += 500) {
    const rows = await db.selectFrom("bank_questions").select(["id", "tags", "position"]).where("id", "in", rowIds.slice(i, i + 500)).execute();
    for (const r of rows) info.set(r.id, { tags: JSON.parse(r.tags) as string[], position: r.position });
  }
  return info;
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
export async function loadExamReport(db: DB, exam: Exam, now: Date, subtree: ReportSubtree = null): Promise<ExamReport> {
  await finalizeExpiredAttempts(db, now);
  const owner = await db.selectFrom("orgs").select(["id", "path"]).where("id", "=", exam.owner_org_id).executeTakeFirstOrThrow();
  const orgs = await listOrgs(db, { kind: "subtree", orgId: subtree?.orgId ?? owner.id, path: subtree?.path ?? owner.path });
  const members = await loadMembers(db, exam.id, subtree);
  const outcomes = outcomesByCadre(
    members.map((m) => m.userId),
    await loadAttemptFacts(db, exam.id),
  );
  const cadres = await loadCountedItems(db, outcomes);
  const rowIds = [...new Set(cadres.flatMap((c) => c.items.map((i) => i.rowId)))];
  const items = itemAnalysis(cadres, await questionInfo(db, rowIds));
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
