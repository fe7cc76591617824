import { type DB, driverOf } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import type { Attempt } from "../../db/schema";
import { startBlockers } from "~/domain/exams/access-rules";
import { acceptsSaves, attemptDeadline, isExpired, secondsUsed } from "~/domain/exams/attempt-time";
import { drawPaper } from "~/domain/exams/draw-paper";

import { finalizeAttempt, finalizeIfExpired } from "./attempt-finalize.server";
import { attemptViewRow } from "./attempt-storage.server";
import { getAssignment, getExam, gradingRulesOf, parsePaperSpec } from "./exams.server";
import { loadPool, pinsOf } from "./question-pool.server";

export type StartResult =
  | { kind: "started" | "resumed"; attemptId: number }
  | { kind: "blocked"; reasons: string[] };

/** A cadre's unfinished attempt at an exam, if any. */
export async function findOpenAttempt(db: DB, input: { examId: number; userId: number }) {
  return db
    .selectFrom("attempts")
    .selectAll()
    .where("exam_id", "=", input.examId)
    .where("user_id", "=", input.userId)
    .where("status", "=", "in_progress")
    .executeTakeFirst();
}

/**
 * Starts an attempt, or resumes the open one. Pressing 开始 twice, or twenty requests at
 * once, gives one attempt: the check and the insert run in one transaction, and the unique
 * (exam, cadre, attempt number) index refuses a second insert from another process.
 */
export async function startAttempt(
  db: DB,
  input: { examId: number; userId: number; now: Date; seed: number },
): Promise<StartResult> {
  const { now } = input;
  const exam = await getExam(db, input.examId);
  const assignment = await getAssignment(db, input.examId, input.userId);
  if (!exam || exam.status === "draft" || !assignment) return { kind: "blocked", reasons: ["您不在本次考试的参考范围内"] };

  const stale = await findOpenAttempt(db, { examId: exam.id, userId: input.userId });
  if (stale) {
    const finalized = await finalizeIfExpired(db, stale, now);
    if (finalized.status === "in_progress") return { kind: "resumed", attemptId: stale.id };
  }

  const spec = parsePaperSpec(exam);
  const drawn = drawPaper(spec, await loadPool(db, pinsOf(spec)), input.seed);
  const deadline = attemptDeadline({
    startedAt: now,
    durationMinutes: exam.duration_minutes,
    closesAt: new Date(exam.closes_at),
    extraMinutes: assignment.extra_minutes,
  });

  try {
    return await db.transaction().execute(async (trx): Promise<StartResult> => {
      const open = await findOpenAttempt(trx, { examId: exam.id, userId: input.userId });
      if (open) return { kind: "resumed", attemptId: open.id };
      const used = await trx
        .selectFrom("attempts")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("exam_id", "=", exam.id)
        .where("user_id", "=", input.userId)
        .executeTakeFirstOrThrow();
      const reasons = startBlockers({
        now,
        opensAt: new Date(exam.opens_at),
        closesAt: new Date(exam.closes_at),
        status: exam.status,
        inAudience: true,
        attemptsUsed: Number(used.n),
        attemptsAllowed: exam.attempts_allowed === null ? null : exam.attempts_allowed + assignment.extra_attempts,
        hasOpenAttempt: false,
      });
      if (reasons.length > 0) return { kind: "blocked", reasons };
      if (!drawn.ok) return { kind: "blocked", reasons: drawn.problems.map((p) => p.message) };
      const maxScore = drawn.paper.sections.reduce((sum, s) => sum + s.questions.reduce((t, q) => t + q.points, 0), 0);
      const cadre = await trx.selectFrom("users").select("org_id").where("id", "=", input.userId).executeTakeFirstOrThrow();
      const row = await trx
        .insertInto("attempts")
        .values({
          exam_id: exam.id,
          user_id: input.userId,
          attempt_no: Number(used.n) + 1,
          status: "in_progress",
          org_id: cadre.org_id,
          started_at: now.toISOString(),
          deadline_at: deadline.toISOString(),
          finished_at: null,
          last_seq: 0,
          left_page_count: 0,
          score: null,
          max_score: maxScore,
          passed: null,
          pending_manual: 0,
          grade_detail: null,
          graded_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("attempt_papers")
        .values({ attempt_id: row.id, paper: JSON.stringify(drawn.paper), grading_rules: JSON.stringify(gradingRulesOf(exam)) })
        .execute();
      await trx.insertInto("attempt_views").values(attemptViewRow(row.id, drawn.paper)).execute();
      return { kind: "started", attemptId: row.id };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const open = await findOpenAttempt(db, { examId: exam.id, userId: input.userId });
    if (open) return { kind: "resumed", attemptId: open.id };
    throw error;
  }
}

/** The attempt, only when it belongs to this cadre: ownership is in the where-clause. */
export async function getOwnAttempt(db: DB, input: { attemptId: number; userId: number }) {
  return db
    .selectFrom("attempts")
    .innerJoin("exams", "exams.id", "attempts.exam_id")
    .selectAll("attempts")
    .select([
      "exams.title as examTitle",
      "exams.kind as examKind",
      "exams.period as examPeriod",
      "exams.grace_seconds as graceSeconds",
      "exams.review_policy as reviewPolicy",
      "exams.status as examStatus",
      "exams.closes_at as examClosesAt",
      "exams.pass_mark as passMark",
      "exams.duration_minutes as durationMinutes",
    ])
    .where("attempts.id", "=", input.attemptId)
    .where("attempts.user_id", "=", input.userId)
    .executeTakeFirst();
}

export type OwnAttempt = NonNullable<Awaited<ReturnType<typeof getOwnAttempt>>>;

export { type SaveOutcome, saveResponses } from "./attempt-saves.server";

const SUBMIT_STATE_SQL = `
  select a.id, a.status, a.deadline_at, e.grace_seconds from attempts a join exams e on e.id = a.exam_id
  where a.id = ? and a.user_id = ?`;

export type SubmitOutcome = { kind: "finished"; attempt: Attempt } | { kind: "not_found" };

/**
 * 交卷. Idempotent: a second submit (double click, retry, another tab) returns the same
 * finished attempt. A submit arriving after deadline + grace finalizes as expired with the
 * answers saved in time.
 */
export async function submitAttempt(db: DB, input: { attemptId: number; userId: number; now: Date }): Promise<SubmitOutcome> {
  const driver = driverOf(db);
  // The thin state only, with a prepared statement (this runs for every cadre at the end of an exam).
  const state = (db.isTransaction ? driver.writerStatement(SUBMIT_STATE_SQL) : driver.readerStatement(SUBMIT_STATE_SQL)).get(input.attemptId, input.userId) as
    | { id: number; status: Attempt["status"]; deadline_at: string; grace_seconds: number }
    | undefined;
  if (!state) return { kind: "not_found" };
  // A finished attempt (a second click, another tab) comes back as it is, from the writer's step.
  const inTime = acceptsSaves(input.now, new Date(state.deadline_at), state.grace_seconds);
  const finished = await finalizeAttempt(db, { attemptId: state.id, status: inTime ? "submitted" : "expired", now: input.now });
  return { kind: "finished", attempt: finished };
}

export async function recordPageLeave(db: DB, input: { attemptId: number; userId: number }): Promise<void> {
  await db
    .updateTable("attempts")
    .set((eb) => ({ left_page_count: eb("left_page_count", "+", 1) }))
    .where("id", "=", input.attemptId)
    .where("user_id", "=", input.userId)
    .where("status", "=", "in_progress")
    .execute();
}

/** One cadre's attempts at one exam, oldest first. */
export async function listOwnAttempts(db: DB, input: { examId: number; userId: number }) {
  return db
    .selectFrom("attempts")
    .select(["id", "status", "score", "max_score", "passed", "pending_manual"])
    .where("exam_id", "=", input.examId)
    .where("user_id", "=", input.userId)
    .orderBy("id", "asc")
    .execute();
}

/** Every finished attempt of a cadre, newest first, for 成绩档案. */
export async function listHistory(db: DB, userId: number) {
  return db
    .selectFrom("attempts")
    .innerJoin("exams", "exams.id", "attempts.exam_id")
    .select([
      "attempts.id",
      "attempts.exam_id",
      "attempts.attempt_no",
      "attempts.status",
      "attempts.score",
      "attempts.max_score",
      "attempts.passed",
      "attempts.pending_manual",
      "attempts.started_at",
      "attempts.finished_at",
      "exams.title",
      "exams.kind",
      "exams.period",
    ])
    .where("attempts.user_id", "=", userId)
    .where("attempts.status", "!=", "in_progress")
    .orderBy("attempts.finished_at", "desc")
    .execute();
}

export function timeUsedSeconds(attempt: Pick<Attempt, "started_at" | "finished_at">): number | null {
  return attempt.finished_at ? secondsUsed(new Date(attempt.started_at), new Date(attempt.finished_at)) : null;
}

/**
 * 延时 for one cadre: recomputes the deadline of their open attempt with the new total of
 * extra minutes (so repeating it is harmless). An attempt already past deadline + grace is
 * left to the sweep: time that ran out stays out (a 补考 is the remedy then). Runs inside
 * the caller's transaction; returns the new deadline, or null when there is no open attempt.
 */
export async function extendOpenAttempt(
  db: DB,
  input: { examId: number; userId: number; extraMinutes: number; now: Date },
): Promise<{ attemptId: number; deadlineAt: string } | null> {
  const exam = await getExam(db, input.examId);
  const open = exam ? await findOpenAttempt(db, { examId: input.examId, userId: input.userId }) : undefined;
  if (!exam || !open || isExpired(input.now, new Date(open.deadline_at), exam.grace_seconds)) return null;
  const deadlineAt = attemptDeadline({
    startedAt: new Date(open.started_at),
    durationMinutes: exam.duration_minutes,
    closesAt: new Date(exam.closes_at),
    extraMinutes: input.extraMinutes,
  }).toISOString();
  await db.updateTable("attempts").set({ deadline_at: deadlineAt }).where("id", "=", open.id).where("status", "=", "in_progress").execute();
  return { attemptId: open.id, deadlineAt };
}
