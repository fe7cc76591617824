import type { DB } from "../../db/client";
import type { Attempt, AttemptStatus } from "../../db/schema";
import { isExpired } from "~/domain/exams/attempt-time";

import { graceOf, gradeFromStorage } from "./attempt-storage.server";

/**
 * Ends an open attempt and grades it from its stored responses (idempotent: a finished
 * attempt is returned as it is). Runs in one transaction, so a save cannot slip in between
 * reading the responses and closing the attempt.
 */
export async function finalizeAttempt(
  db: DB,
  input: { attemptId: number; status: Exclude<AttemptStatus, "in_progress">; now: Date },
): Promise<Attempt> {
  return db.transaction().execute(async (trx) => {
    const attempt = await trx.selectFrom("attempts").selectAll().where("id", "=", input.attemptId).executeTakeFirstOrThrow();
    if (attempt.status !== "in_progress") return attempt;
    // An expired attempt ended at its deadline, whenever the sweep noticed.
    const finishedAt = input.status === "expired" ? new Date(Math.min(input.now.getTime(), Date.parse(attempt.deadline_at))) : input.now;
    return trx
      .updateTable("attempts")
      .set({
        ...(await gradeFromStorage(trx, attempt)),
        status: input.status,
        finished_at: finishedAt.toISOString(),
        graded_at: input.now.toISOString(),
      })
      .where("id", "=", attempt.id)
      .where("status", "=", "in_progress")
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Grades a finished attempt again from storage (after a manual grade); the same inputs give the same score. */
export async function regradeAttempt(db: DB, input: { attemptId: number; now: Date }): Promise<Attempt> {
  return db.transaction().execute(async (trx) => {
    const attempt = await trx.selectFrom("attempts").selectAll().where("id", "=", input.attemptId).executeTakeFirstOrThrow();
    if (attempt.status === "in_progress") return attempt;
    return trx
      .updateTable("attempts")
      .set({ ...(await gradeFromStorage(trx, attempt)), graded_at: input.now.toISOString() })
      .where("id", "=", attempt.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Finalizes the attempt when it is past deadline + grace; returns the current row either way. */
export async function finalizeIfExpired(db: DB, attempt: Attempt, now: Date): Promise<Attempt> {
  if (attempt.status !== "in_progress") return attempt;
  const grace = await graceOf(db, attempt.exam_id);
  if (!isExpired(now, new Date(attempt.deadline_at), grace)) return attempt;
  return finalizeAttempt(db, { attemptId: attempt.id, status: "expired", now });
}

/** Finalizes a cadre's expired open attempts, so pages listing them never show a stale "作答中". */
export async function finalizeExpiredAttemptsOf(db: DB, input: { userId: number; now: Date }): Promise<void> {
  const open = await db.selectFrom("attempts").selectAll().where("user_id", "=", input.userId).where("status", "=", "in_progress").execute();
  for (const attempt of open) await finalizeIfExpired(db, attempt, input.now);
}

/** The background sweep: every open attempt past deadline + grace is finalized with what was saved. */
export async function finalizeExpiredAttempts(db: DB, now: Date): Promise<number> {
  const candidates = await db
    .selectFrom("attempts")
    .innerJoin("exams", "exams.id", "attempts.exam_id")
    .select(["attempts.id", "attempts.deadline_at", "exams.grace_seconds"])
    .where("attempts.status", "=", "in_progress")
    .where("attempts.deadline_at", "<=", now.toISOString())
    .execute();
  let finalized = 0;
  for (const c of candidates) {
    if (!isExpired(now, new Date(c.deadline_at), c.grace_seconds)) continue;
    await finalizeAttempt(db, { attemptId: c.id, status: "expired", now });
    finalized++;
  }
  return finalized;
}
