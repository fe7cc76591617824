/**
 * Meetings (会议), which are also the items of the annual plan (学法计划): planned with a
 * type, date, lecturer and module; scheduled when the attendees are picked (the exam
 * audience spec, materialized like an exam's) and the module's quiz is published to them
 * as a law_study exam; then each attendee's attendance is recorded.
 */
import type { DB } from "../../db/client";
import type { Attendance, LawMeeting, MeetingType } from "../../db/schema";
import type { AudienceSpec } from "~/domain/audience";
import { MEETING_TYPE_LABELS, outlineOpensAt } from "~/domain/law-study/plan";
import type { ExamDefinition } from "~/schemas/exams.server";

import { recordAudit } from "./audit.server";
import { audienceScopeProblem } from "./exam-editor.server";
import { createExam, paperProblems, publishExam, resolveAudience } from "./exams.server";
import { getModule } from "./law-modules.server";
import { isInScope, type Scope } from "./orgs.server";

export class MeetingStateError extends Error {}

/** How long after the meeting its quiz stays open (catching up is allowed). */
const QUIZ_OPEN_AFTER_MS = 30 * 24 * 3600_000;

export async function createMeeting(
  db: DB,
  input: { orgId: number; type: MeetingType; title: string; startsAt: Date; lecturer: string; moduleId: number; actorId: number | null; ip: string | null; now: Date },
): Promise<number> {
  const row = await db
    .insertInto("law_meetings")
    .values({
      org_id: input.orgId,
      type: input.type,
      title: input.title,
      starts_at: input.startsAt.toISOString(),
      lecturer: input.lecturer,
      module_id: input.moduleId,
      status: "planned",
      audience: null,
      quiz_exam_id: null,
      created_by: input.actorId,
      created_at: input.now.toISOString(),
      scheduled_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(db, {
    actorId: input.actorId,
    action: "law.meeting_create",
    target: `law_meeting:${row.id}`,
    detail: { title: input.title, type: input.type, startsAt: input.startsAt.toISOString() },
    ip: input.ip,
    now: input.now,
  });
  return row.id;
}

export type MeetingRow = LawMeeting & { orgName: string; orgPath: string };

export async function getMeetingInScope(db: DB, scope: Scope, meetingId: number): Promise<MeetingRow | undefined> {
  const row = await db
    .selectFrom("law_meetings")
    .innerJoin("orgs", "orgs.id", "law_meetings.org_id")
    .selectAll("law_meetings")
    .select(["orgs.name as orgName", "orgs.path as orgPath"])
    .where("law_meetings.id", "=", meetingId)
    .executeTakeFirst();
  return row && isInScope(scope, { path: row.orgPath }) ? row : undefined;
}

export type ScheduleResult = { ok: true; attendees: number } | { ok: false; problem: string; outOfScope?: boolean };

/**
 * Picks the attendees with the exam audience spec (within the meeting's organization, and
 * every named org or cadre must be inside it), publishes the module's quiz to exactly them
 * as a law_study exam (open from the outline's day to 30 days after the meeting), and
 * records one attendee row each. Nothing changes when anything is refused.
 */
export async function scheduleMeeting(
  db: DB,
  input: { meeting: LawMeeting; audience: AudienceSpec; actorId: number | null; ip: string | null; now: Date },
): Promise<ScheduleResult> {
  const { meeting } = input;
  if (meeting.status !== "planned") return { ok: false, problem: "参会人员已经确定" };
  const scopeProblem = await audienceScopeProblem(db, { ownerOrgId: meeting.org_id, audience: input.audience });
  if (scopeProblem) return { ok: false, problem: scopeProblem.replace("本考试所属组织", "本会议所属组织"), outOfScope: true };
  const attendees = await resolveAudience(db, { ownerOrgId: meeting.org_id, spec: input.audience });
  if (attendees.length === 0) return { ok: false, problem: "所选范围内没有干部，请调整参会人员" };
  const module = await getModule(db, meeting.module_id);
  if (!module) return { ok: false, problem: "学法模块不存在" };

  let quizExamId: number | null = null;
  if (module.quiz) {
    const problems = await paperProblems(db, module.quiz.paper);
    if (problems.length) return { ok: false, problem: `测验无法组卷：${problems.map((p) => p.message).join("；")}` };
    const opensAt = new Date(Math.min(outlineOpensAt(meeting.starts_at).getTime(), input.now.getTime()));
    const definition: ExamDefinition = {
      kind: "law_study",
      title: `${meeting.title} · 学法测验`,
      description: `${MEETING_TYPE_LABELS[meeting.type]}会前学法：${module.title}（${module.regulationTitle}）`,
      period: null,
      opensAt,
      closesAt: new Date(Date.parse(meeting.starts_at) + QUIZ_OPEN_AFTER_MS),
      durationMinutes: module.quiz.durationMinutes,
      passMark: module.quiz.passMark,
      sectionMinimums: false,
      attemptsAllowed: 3,
      reviewPolicy: "after_submit",
      multiplePolicy: "partial_half",
      graceSeconds: 30,
      audience: input.audience,
      paper: module.quiz.paper,
    };
    quizExamId = await createExam(db, { definition, ownerOrgId: meeting.org_id, createdBy: input.actorId, now: input.now });
    const published = await publishExam(db, { examId: quizExamId, actorId: input.actorId, ip: input.ip, now: input.now });
    if (!published.ok) {
      await db.deleteFrom("exams").where("id", "=", quizExamId).where("status", "=", "draft").execute();
      return { ok: false, problem: published.problems.join("；") };
    }
  }

  const stamp = input.now.toISOString();
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("law_meetings")
      .set({ status: "scheduled", audience: JSON.stringify(input.audience), quiz_exam_id: quizExamId, scheduled_at: stamp })
      .where("id", "=", meeting.id)
      .where("status", "=", "planned")
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new MeetingStateError("参会人员已经确定");
    const users = await trx.selectFrom("users").select(["id", "org_id"]).where("id", "in", attendees).execute();
    for (let i = 0; i < users.length; i += 300) {
      await trx
        .insertInto("law_attendees")
        .values(users.slice(i, i + 300).map((u) => ({ meeting_id: meeting.id, user_id: u.id, org_id: u.org_id, added_at: stamp, active_seconds: 0 })))
        .execute();
    }
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "law.meeting_schedule",
      target: `law_meeting:${meeting.id}`,
      detail: { attendees: attendees.length, quizExamId },
      ip: input.ip,
      now: input.now,
    });
  });
  return { ok: true, attendees: attendees.length };
}

export type AttendanceEntry = { userId: number; attendance: Attendance; reason: string };

/**
 * Records attendance from the meeting's start on. Entries for people who are not attendees
 * of this meeting are ignored (a tampered form changes nothing of anyone else).
 */
export async function recordAttendance(
  db: DB,
  input: { meeting: LawMeeting; entries: AttendanceEntry[]; actorId: number; ip: string | null; now: Date },
): Promise<{ ok: true; recorded: number } | { ok: false; problem: string }> {
  if (input.meeting.status !== "scheduled") return { ok: false, problem: "请先确定参会人员" };
  if (input.now.getTime() < Date.parse(input.meeting.starts_at)) return { ok: false, problem: "会议开始后才能记录出勤" };
  const missingReason = input.entries.find((e) => e.attendance === "absent" && !e.reason);
  if (missingReason) return { ok: false, problem: "缺席须填写原因（如 出差、病假）" };
  const stamp = input.now.toISOString();
  let recorded = 0;
  await db.transaction().execute(async (trx) => {
    for (const e of input.entries) {
      const result = await trx
        .updateTable("law_attendees")
        .set({ attendance: e.attendance, absence_reason: e.attendance === "absent" ? e.reason : null, attendance_by: input.actorId, attendance_at: stamp })
        .where("meeting_id", "=", input.meeting.id)
        .where("user_id", "=", e.userId)
        .executeTakeFirst();
      recorded += Number(result.numUpdatedRows);
    }
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "law.attendance",
      target: `law_meeting:${input.meeting.id}`,
      detail: { recorded, present: input.entries.filter((e) => e.attendance === "present").length },
      ip: input.ip,
      now: input.now,
    });
  });
  return { ok: true, recorded };
}
