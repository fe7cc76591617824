/**
 * The attendee's side of a meeting: what they have to study, opening the module (recorded
 * by the server), reading reports (time capped by the server's clock) and 已学完.
 */
import type { DB } from "../../db/client";
import type { LawAttendee } from "../../db/schema";
import { outlineOpensAt } from "~/domain/law-study/plan";
import { applyReadingReport } from "~/domain/law-study/reading";

/** Past meetings stay on the 待学习 list this long if the reading is not finished. */
const CATCH_UP_MS = 30 * 24 * 3600_000;

/** Every scheduled meeting the cadre attends, newest first, with their reading. */
export async function listMyMeetings(db: DB, userId: number) {
  return db
    .selectFrom("law_attendees")
    .innerJoin("law_meetings", "law_meetings.id", "law_attendees.meeting_id")
    .innerJoin("law_modules", "law_modules.id", "law_meetings.module_id")
    .innerJoin("regulations", "regulations.id", "law_modules.regulation_id")
    .select([
      "law_meetings.id",
      "law_meetings.title",
      "law_meetings.type",
      "law_meetings.starts_at",
      "law_meetings.lecturer",
      "law_meetings.quiz_exam_id",
      "law_modules.title as moduleTitle",
      "regulations.title as regulationTitle",
      "law_attendees.opened_at",
      "law_attendees.reached_end_at",
      "law_attendees.active_seconds",
      "law_attendees.attendance",
    ])
    .where("law_attendees.user_id", "=", userId)
    .where("law_meetings.status", "=", "scheduled")
    .orderBy("law_meetings.starts_at", "desc")
    .execute();
}

/** 待学习: outlines already open, reading not finished, the meeting not long past. */
export async function listToStudy(db: DB, userId: number, now: Date) {
  const mine = await listMyMeetings(db, userId);
  return mine
    .filter((m) => !m.reached_end_at && outlineOpensAt(m.starts_at).getTime() <= now.getTime() && Date.parse(m.starts_at) + CATCH_UP_MS > now.getTime())
    .reverse();
}

export async function getScheduledMeeting(db: DB, meetingId: number) {
  return db.selectFrom("law_meetings").selectAll().where("id", "=", meetingId).where("status", "=", "scheduled").executeTakeFirst();
}

export async function getAttendance(db: DB, meetingId: number, userId: number): Promise<LawAttendee | undefined> {
  return db.selectFrom("law_attendees").selectAll().where("meeting_id", "=", meetingId).where("user_id", "=", userId).executeTakeFirst();
}

/**
 * The attendee opened the module for the first time: the server's clock starts the reading
 * span there. Later opens write nothing (the span then runs from the last report, which the
 * server's clock also bounds), so opening the page stays a read.
 */
export async function recordOpen(db: DB, input: { meetingId: number; userId: number; now: Date }): Promise<void> {
  const stamp = input.now.toISOString();
  await db
    .updateTable("law_attendees")
    .set({ opened_at: stamp, last_seen_at: stamp })
    .where("meeting_id", "=", input.meetingId)
    .where("user_id", "=", input.userId)
    .where("opened_at", "is", null)
    .execute();
}

/**
 * A reading report: the claimed visible seconds since the last report, accepted only up to
 * the time the server's own clock saw pass; `reachedEnd` marks the end of the focus articles.
 * Returns the stored total.
 */
export async function recordReading(
  db: DB,
  input: { meetingId: number; userId: number; seconds: number; reachedEnd: boolean; now: Date },
): Promise<{ activeSeconds: number; reachedEndAt: string | null }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("law_attendees")
      .select(["opened_at", "last_seen_at", "active_seconds", "reached_end_at"])
      .where("meeting_id", "=", input.meetingId)
      .where("user_id", "=", input.userId)
      .executeTakeFirstOrThrow();
    const next = applyReadingReport({ openedAt: row.opened_at, lastSeenAt: row.last_seen_at, activeSeconds: row.active_seconds }, input.seconds, input.now);
    const reachedEndAt = row.reached_end_at ?? (input.reachedEnd ? input.now.toISOString() : null);
    await trx
      .updateTable("law_attendees")
      .set({ opened_at: next.openedAt, last_seen_at: next.lastSeenAt, active_seconds: next.activeSeconds, reached_end_at: reachedEndAt })
      .where("meeting_id", "=", input.meetingId)
      .where("user_id", "=", input.userId)
      .execute();
    return { activeSeconds: next.activeSeconds, reachedEndAt };
  });
}
