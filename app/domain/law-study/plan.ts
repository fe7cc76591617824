/**
 * The annual study plan (学法计划) and the year's count. A plan item is a meeting of the
 * organization; its month and year are those of the meeting's date in the configured time
 * zone. Pure and browser-safe: `now` and the time zone are passed in.
 */
import type { MeetingType } from "../../../db/schema";
import { wallParts } from "../zoned-time";

export const MEETING_TYPE_LABELS: Record<MeetingType, string> = {
  party_committee: "党委会议",
  executive: "常务会议",
  study_group: "中心组学习",
};

/** 会前学法 is studied before these; 中心组学习 is counted on its own. */
export const PRE_MEETING_TYPES: readonly MeetingType[] = ["party_committee", "executive"];

/** The outline reaches the attendees this long before the meeting. */
export const OUTLINE_LEAD_MS = 3 * 24 * 3600_000;

export const PLAN_MIN_ITEMS = 12;

export type PlanItem = {
  id: number;
  type: MeetingType;
  startsAt: string;
  /** The module's text is 已修订 or 已废止. */
  supersededText: boolean;
  moduleTitle: string;
};

export function monthOf(instant: string, timeZone: string): number {
  return wallParts(Date.parse(instant), timeZone).month;
}

export function yearOf(instant: string, timeZone: string): number {
  return wallParts(Date.parse(instant), timeZone).year;
}

export type PlanWarning = { code: "too_few" | "empty_month" | "superseded"; message: string };

/** What the plan page warns about: fewer than 12 会前学法 items, a month without one, a text that is no longer in force. */
export function planWarnings(items: readonly PlanItem[], timeZone: string): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const preMeeting = items.filter((i) => PRE_MEETING_TYPES.includes(i.type));
  if (preMeeting.length < PLAN_MIN_ITEMS) {
    warnings.push({ code: "too_few", message: `全年计划会前学法 ${preMeeting.length} 次，少于 ${PLAN_MIN_ITEMS} 次（每月至少一次）` });
  }
  const months = new Set(preMeeting.map((i) => monthOf(i.startsAt, timeZone)));
  const empty = Array.from({ length: 12 }, (_, i) => i + 1).filter((m) => !months.has(m));
  if (empty.length > 0) warnings.push({ code: "empty_month", message: `${empty.map((m) => `${m}月`).join("、")}没有安排会前学法` });
  for (const item of items.filter((i) => i.supersededText)) {
    warnings.push({ code: "superseded", message: `${monthOf(item.startsAt, timeZone)}月“${item.moduleTitle}”所学的法规文本已被修订或废止，请确认是否改学现行文本` });
  }
  return warnings;
}

export type MeetingPhase = "planned" | "scheduled" | "outline_open" | "awaiting_attendance" | "complete";

export const MEETING_PHASE_LABELS: Record<MeetingPhase, string> = {
  planned: "计划中（未确定参会人员）",
  scheduled: "已安排（学习材料未开放）",
  outline_open: "学习中（材料已开放）",
  awaiting_attendance: "待记录出勤",
  complete: "已完成",
};

/** Where a meeting stands: complete once it was held and everyone's attendance is recorded. */
export function meetingPhase(
  meeting: { status: "planned" | "scheduled"; startsAt: string },
  attendance: { attendees: number; recorded: number },
  now: Date,
): MeetingPhase {
  if (meeting.status === "planned") return "planned";
  const starts = Date.parse(meeting.startsAt);
  if (now.getTime() < starts - OUTLINE_LEAD_MS) return "scheduled";
  if (now.getTime() < starts) return "outline_open";
  return attendance.attendees > 0 && attendance.recorded >= attendance.attendees ? "complete" : "awaiting_attendance";
}

/** The outline (key points and article list) is visible to attendees from 3 days before the meeting. */
export function outlineOpensAt(startsAt: string): Date {
  return new Date(Date.parse(startsAt) - OUTLINE_LEAD_MS);
}

export type CountedMeeting = { type: MeetingType; regulationId: number; phase: MeetingPhase; present: number };

/**
 * The year's figures: distinct regulations studied at 党委会议 and 常务会议 that were held
 * (attendance recorded, someone present) — "会前学法 N 部" — and the 中心组学习 sessions held.
 */
export function yearCount(meetings: readonly CountedMeeting[]): { regulations: number; preMeetings: number; studyGroupSessions: number } {
  const held = meetings.filter((m) => m.phase === "complete" && m.present > 0);
  const pre = held.filter((m) => PRE_MEETING_TYPES.includes(m.type));
  return {
    regulations: new Set(pre.map((m) => m.regulationId)).size,
    preMeetings: pre.length,
    studyGroupSessions: held.filter((m) => m.type === "study_group").length,
  };
}
