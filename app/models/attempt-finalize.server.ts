import { type DB, onWriter } from "../../db/client";
import type { Attempt, AttemptStatus } from "../../db/schema";
import { isExpired } from "~/domain/exams/attempt-time";

import { graceOf, gradeOnWriter } from "./attempt-storage.server";

const ATTEMPT_SQL = "select * from attempts where id = ?";
const FINISH_SQL = `
  update attempts set score = ?, passed = ?, pending_manual = ?, grade_detail = ?, status = ?, finished_at = ?, graded_at = ?
  where id = ? and status = 'in_progress' returning *`;
/** The page's copy of the paper is for an open attempt only. */
const DROP_VIEW_SQL = "delete from attempt_views where attempt_id = ?";
const REGRADE_SQL = "update attempts set score = ?, passed = ?, pending_manual = ?, grade_detail = ?, graded_at = ? where id = ? returning *";

/**
 * Ends an open attempt and grades it from its stored responses (idempotent: a finished
 * attempt is returned as it is). Reading the responses, grading and closing happen in one
 * step on the writer, so a save cannot slip in between; many submits arriving together share
 * one commit (db/client.ts onWriter), each answered after it.
 */
export async function finalizeAttempt(
  db: DB,
  input: { attemptId: number; status: Exclude<AttemptStatus, "in_progress">; now: Date },
): Promise<Attempt> {
  return onWriter(db, (writer) => {
    const attempt = writer.writerStatement(ATTEMPT_SQL).get(input.attemptId) as Attempt | undefined;
    if (!attempt) throw new Error(`attempt ${input.attemptId} not found`);
    if (attempt.status !== "in_progress") return attempt;
    // An expired attempt ended at its deadline, whenever the sweep noticed.
    const finishedAt = input.status === "expired" ? new Date(Math.min(input.now.getTime(), Date.parse(attempt.deadline_at))) : input.now;
    const grade = gradeOnWriter(db, writer, attempt.id);
    writer.writerStatement(DROP_VIEW_SQL).run(attempt.id);
    return writer
      .writerStatement(FINISH_SQL)
      .get(grade.score, grade.passed, grade.pending_manual, grade.grade_detail, input.status, finishedAt.toISOString(), input.now.toISOString(), attempt.id) as Attempt;
  });
}

/** Grades a finished attempt again from storage (after a manual grade); the same inputs give the same score. */
export async function regradeAttempt(db: DB, input: { attemptId: number; now: Date }): Promise<Attempt> {
  return onWriter(db, (writer) => {
    const attempt = writer.writerStatement(ATTEMPT_SQL).get(input.attemptId) as Attempt | undefined;
    if (!attempt) throw new Error(`attempt ${input.attemptId} not found`);
    if (attempt.status === "in_progress") return attempt;
    const grade = gradeOnWriter(db, writer, attempt.id);
    return writer.writerStatement(REGRADE_SQL).get(grade.score, grade.passed, grade.pending_manual, grade.grade_detail, input.now.toISOString(), attempt.id) as Attempt;
  });
}

/** Finalizes the attempt when it is past deadline + grace; returns the current row either way. */
export async function finalizeIfExpired(db: DB, attempt: Attempt & { graceSeconds?: number }, now: Date): Promise<Attempt> {
  if (attempt.status !== "in_progress") return attempt;
  // An attempt read with its exam (getOwnAttempt) carries the grace period already.
  const grace = attempt.graceSeconds ?? (await graceOf(db, attempt.exam_id));
  if (!isExpired(now, new Date(attempt.deadline_at), grace)) return attempt;
  return finalizeAttempt(db, { attemptId: attempt.id, status: "expired", now });
}

/** Finalizes a cadre's expired open attempts, so pages listing them never show a stale "作答中". */
export async function finalizeExpiredAttemptsOf(db: DB, input: { userId: number; now: Date }): Promise<void> {
  const open = await db.selectFrom("attempts").selectAll().where("user_id", "=", input.userId).where("status", "=", "in_progress").execute();
  for (const attempt of open) await finalizeIfExpired(db, attempt, input.now);
}

/**
 * Finalizes many open attempts as expired (closing an exam, the sweep): queued together, so
 * they share group commits instead of one commit each.
 */
export async function finalizeAttempts(db: DB, attemptIds: readonly number[], now: Date): Promise<void> {
  for (let i = 0; i < attemptIds.length; i += FINALIZE_TOGETHER) {
    await Promise.all(attemptIds.slice(i, i + FINALIZE_TOGETHER).map((attemptId) => finalizeAttempt(db, { attemptId, status: "expired", now })));
  }
}

const FINALIZE_TOGETHER = 200;

/** The background sweep: every open attempt past deadline + grace is finalized with what was saved. */
export async function finalizeExpiredAttempts(db: DB, now: Date): Promise<number> {
  const candidates = await db
    .selectFrom("attempts")
    .innerJoin("exams", "exams.id", "attempts.exam_id")
    .select(["attempts.id", "attempts.deadline_at", "exams.grace_seconds"])
    .where("attempts.status", "=", "in_progress")
    .where("attempts.deadline_at", "<=", now.toISOString())
    .execute();
  const expired = candidates.filter((c) => isExpired(now, new Date(c.deadline_at), c.grace_seconds)).map((c) => c.id);
  await finalizeAttempts(db, expired, now);
  return expired.length;
}
