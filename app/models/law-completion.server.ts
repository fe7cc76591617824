/**
 * Completion of meetings and the year: per meeting who attended, read and passed the quiz;
 * per year and organization the plan, its warnings and the count of regulations studied.
 * The pages, the exports and the cadre's long-term file all read these.
 */
import type { DB } from "../../db/client";
import type { RecordContext, RecordSection } from "~/domain/cadre-record";
import { type AttendeeFacts, attendanceLabel, completionSummary, type PlanRow, quizState, QUIZ_STATE_LABELS, READING_LABELS, readingStatus } from "~/domain/law-study/completion";
import { MEETING_TYPE_LABELS, meetingPhase, monthOf, type PlanItem, planWarnings, yearCount, yearOf } from "~/domain/law-study/plan";
import { formatStudyTime } from "~/domain/law-study/reading";
import { zonedInstant } from "~/domain/zoned-time";
import { formatDateTime } from "~/utils/time";

import type { MeetingRow } from "./law-meetings.server";

/** Every attendee of a meeting with their reading, attendance and quiz outcome, in 工号 order. */
export async function loadAttendeeFacts(db: DB, meeting: Pick<MeetingRow, "id" | "quiz_exam_id">): Promise<AttendeeFacts[]> {
  const rows = await db
    .selectFrom("law_attendees")
    .innerJoin("users", "users.id", "law_attendees.user_id")
    .innerJoin("orgs", "orgs.id", "law_attendees.org_id")
    .select([
      "users.id as userId",
      "users.employee_no as employeeNo",
      "users.name",
      "orgs.name as orgName",
      "law_attendees.opened_at",
      "law_attendees.reached_end_at",
      "law_attendees.active_seconds",
      "law_attendees.attendance",
      "law_attendees.absence_reason",
    ])
    .where("law_attendees.meeting_id", "=", meeting.id)
    .orderBy("users.employee_no")
    .execute();
  const attempts = meeting.quiz_exam_id
    ? await db.selectFrom("attempts").select(["user_id", "status", "passed", "pending_manual", "score"]).where("exam_id", "=", meeting.quiz_exam_id).execute()
    : [];
  return rows.map((r) => {
    const own = attempts.filter((a) => a.user_id === r.userId);
    const scores = own.filter((a) => a.status !== "in_progress" && a.score !== null).map((a) => a.score as number);
    return {
      userId: r.userId,
      employeeNo: r.employeeNo,
      name: r.name,
      orgName: r.orgName,
      openedAt: r.opened_at,
      reachedEndAt: r.reached_end_at,
      activeSeconds: r.active_seconds,
      attendance: r.attendance,
      absenceReason: r.absence_reason,
      quiz: quizState(meeting.quiz_exam_id !== null, own),
      quizScore: scores.length ? Math.max(...scores) : null,
    };
  });
}

export function yearRange(year: number, timeZone: string): { start: Date; end: Date } {
  const wall = (y: number) => zonedInstant({ year: y, month: 1, day: 1, hour: 0, minute: 0, second: 0 }, timeZone);
  return { start: wall(year), end: wall(year + 1) };
}

export type YearPlan = {
  rows: Array<PlanRow & { id: number; status: "planned" | "scheduled" }>;
  warnings: ReturnType<typeof planWarnings>;
  count: ReturnType<typeof yearCount>;
};

/** The plan of one organization for one year (its meetings in date order), with warnings and the year's count. */
export async function loadYearPlan(db: DB, input: { orgId: number; year: number; timeZone: string; now: Date }): Promise<YearPlan> {
  const range = yearRange(input.year, input.timeZone);
  const meetings = await db
    .selectFrom("law_meetings")
    .innerJoin("law_modules", "law_modules.id", "law_meetings.module_id")
    .innerJoin("regulations", "regulations.id", "law_modules.regulation_id")
    .select([
      "law_meetings.id",
      "law_meetings.type",
      "law_meetings.title",
      "law_meetings.starts_at",
      "law_meetings.lecturer",
      "law_meetings.status",
      "law_meetings.quiz_exam_id",
      "law_modules.title as moduleTitle",
      "regulations.id as regulationId",
      "regulations.title as regulationTitle",
      "regulations.status as regulationStatus",
    ])
    .where("law_meetings.org_id", "=", input.orgId)
    .where("law_meetings.starts_at", ">=", range.start.toISOString())
    .where("law_meetings.starts_at", "<", range.end.toISOString())
    .orderBy("law_meetings.starts_at")
    .orderBy("law_meetings.id")
    .execute();
  const ids = meetings.map((m) => m.id);
  const attendees = ids.length
    ? await db.selectFrom("law_attendees").select(["meeting_id", "user_id", "attendance", "reached_end_at"]).where("meeting_id", "in", ids).execute()
    : [];
  const quizIds = meetings.map((m) => m.quiz_exam_id).filter((id): id is number => id !== null);
  const passes = quizIds.length
    ? await db.selectFrom("attempts").select(["exam_id", "user_id"]).where("exam_id", "in", quizIds).where("passed", "=", 1).execute()
    : [];
  const rows = meetings.map((m) => {
    const own = attendees.filter((a) => a.meeting_id === m.id);
    const recorded = own.filter((a) => a.attendance !== null).length;
    const passedBy = new Set(passes.filter((p) => p.exam_id === m.quiz_exam_id).map((p) => p.user_id));
    return {
      id: m.id,
      status: m.status,
      month: monthOf(m.starts_at, input.timeZone),
      type: m.type,
      startsAt: m.starts_at,
      title: m.title,
      moduleTitle: m.moduleTitle,
      regulation: m.regulationTitle,
      regulationId: m.regulationId,
      regulationStatus: m.regulationStatus,
      lecturer: m.lecturer,
      phase: meetingPhase({ status: m.status, startsAt: m.starts_at }, { attendees: own.length, recorded }, input.now),
      attendees: own.length,
      present: own.filter((a) => a.attendance === "present").length,
      finished: own.filter((a) => a.reached_end_at !== null).length,
      quizPassed: own.filter((a) => passedBy.has(a.user_id)).length,
    };
  });
  const items: PlanItem[] = rows.map((r) => ({ id: r.id, type: r.type, startsAt: r.startsAt, supersededText: r.regulationStatus !== "in_force", moduleTitle: r.moduleTitle }));
  return {
    rows,
    warnings: planWarnings(items, input.timeZone),
    count: yearCount(rows.map((r) => ({ type: r.type, regulationId: r.regulationId, phase: r.phase, present: r.present }))),
  };
}

/** 学法 in the cadre's long-term file: every meeting they were asked to study for, with reading, attendance and quiz. */
export async function lawStudySection(db: DB, context: RecordContext): Promise<RecordSection> {
  const rows = await db
    .selectFrom("law_attendees")
    .innerJoin("law_meetings", "law_meetings.id", "law_attendees.meeting_id")
    .innerJoin("law_modules", "law_modules.id", "law_meetings.module_id")
    .innerJoin("regulations", "regulations.id", "law_modules.regulation_id")
    .select([
      "law_meetings.id",
      "law_meetings.title",
      "law_meetings.type",
      "law_meetings.starts_at",
      "law_meetings.quiz_exam_id",
      "regulations.title as regulationTitle",
      "law_attendees.opened_at",
      "law_attendees.reached_end_at",
      "law_attendees.active_seconds",
      "law_attendees.attendance",
      "law_attendees.absence_reason",
    ])
    .where("law_attendees.user_id", "=", context.cadreId)
    .where("law_meetings.status", "=", "scheduled")
    .orderBy("law_meetings.starts_at", "desc")
    .execute();
  const quizIds = rows.map((r) => r.quiz_exam_id).filter((id): id is number => id !== null);
  const attempts = quizIds.length
    ? await db.selectFrom("attempts").select(["exam_id", "status", "passed", "pending_manual"]).where("user_id", "=", context.cadreId).where("exam_id", "in", quizIds).execute()
    : [];
  const thisYear = yearOf(context.now.toISOString(), context.timeZone);
  const inYear = rows.filter((r) => yearOf(r.starts_at, context.timeZone) === thisYear && Date.parse(r.starts_at) <= context.now.getTime());
  const facts = rows.map((r) => ({
    ...r,
    quiz: quizState(r.quiz_exam_id !== null, attempts.filter((a) => a.exam_id === r.quiz_exam_id)),
  }));
  return {
    key: "law_study",
    title: "学法",
    facts: [
      { label: `${thisYear}年已召开的学法会议`, value: `${inYear.length} 次` },
      { label: "出席", value: `${inYear.filter((r) => r.attendance === "present").length} 次` },
      { label: "读完学习材料", value: `${inYear.filter((r) => r.reached_end_at).length} 次` },
      { label: "学习法规", value: `${new Set(rows.filter((r) => r.reached_end_at).map((r) => r.regulationTitle)).size} 部` },
    ],
    tables: [
      {
        columns: [
          { key: "date", label: "日期", key_column: true },
          { key: "meeting", label: "会议", key_column: true },
          { key: "type", label: "类型" },
          { key: "regulation", label: "学习法规" },
          { key: "reading", label: "阅读" },
          { key: "time", label: "学习时长" },
          { key: "attendance", label: "出勤" },
          { key: "quiz", label: "测验" },
        ],
        rows: facts.map((r) => ({
          date: formatDateTime(r.starts_at, context.timeZone).slice(0, 10),
          meeting: r.title,
          type: MEETING_TYPE_LABELS[r.type],
          regulation: r.regulationTitle,
          reading: READING_LABELS[readingStatus({ openedAt: r.opened_at, reachedEndAt: r.reached_end_at })],
          time: formatStudyTime(r.active_seconds),
          attendance: attendanceLabel({ attendance: r.attendance, absenceReason: r.absence_reason }),
          quiz: QUIZ_STATE_LABELS[r.quiz],
        })),
      },
    ],
    emptyText: rows.length === 0 ? "暂无学法记录" : null,
  };
}

export { completionSummary };
