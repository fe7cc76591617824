/**
 * Completion of a meeting's study (who attended, read, passed the quiz) and the year's plan
 * as tables: one definition for the page, the .xlsx, the CSV and the print view, so they
 * always say the same. Pure and browser-safe.
 */
import type { Attendance, MeetingType } from "../../../db/schema";
import type { Cell } from "../statistics/format";
import type { Column, FormatInstant, Table } from "../statistics/report-tables";

import { MEETING_PHASE_LABELS, MEETING_TYPE_LABELS, type MeetingPhase } from "./plan";
import { formatStudyTime } from "./reading";

export type QuizState = "no_quiz" | "not_taken" | "in_progress" | "pending" | "passed" | "failed";

export const QUIZ_STATE_LABELS: Record<QuizState, string> = {
  no_quiz: "无测验",
  not_taken: "未参加",
  in_progress: "作答中",
  pending: "待阅卷",
  passed: "通过",
  failed: "未通过",
};

/** The quiz outcome from a cadre's attempts of the quiz exam: the best counts, like every exam. */
export function quizState(hasQuiz: boolean, attempts: ReadonlyArray<{ status: string; passed: number | null; pending_manual: number }>): QuizState {
  if (!hasQuiz) return "no_quiz";
  if (attempts.length === 0) return "not_taken";
  const finished = attempts.filter((a) => a.status !== "in_progress");
  if (finished.some((a) => a.passed === 1)) return "passed";
  if (finished.some((a) => a.pending_manual)) return "pending";
  if (finished.length > 0) return "failed";
  return "in_progress";
}

export type ReadingStatus = "not_opened" | "opened" | "finished";
export const READING_LABELS: Record<ReadingStatus, string> = { not_opened: "未打开", opened: "已打开，未读完", finished: "已读完" };

export type AttendeeFacts = {
  userId: number;
  employeeNo: string;
  name: string;
  orgName: string;
  openedAt: string | null;
  reachedEndAt: string | null;
  activeSeconds: number;
  attendance: Attendance | null;
  absenceReason: string | null;
  quiz: QuizState;
  quizScore: number | null;
};

export function readingStatus(a: Pick<AttendeeFacts, "openedAt" | "reachedEndAt">): ReadingStatus {
  return a.reachedEndAt ? "finished" : a.openedAt ? "opened" : "not_opened";
}

export function attendanceLabel(a: Pick<AttendeeFacts, "attendance" | "absenceReason">): string {
  if (a.attendance === "present") return "出席";
  if (a.attendance === "absent") return a.absenceReason ? `缺席（${a.absenceReason}）` : "缺席";
  return "未记录";
}

export type CompletionSummary = {
  attendees: number;
  present: number;
  absent: number;
  unrecorded: number;
  opened: number;
  finished: number;
  quizPassed: number;
};

export function completionSummary(attendees: readonly AttendeeFacts[]): CompletionSummary {
  return {
    attendees: attendees.length,
    present: attendees.filter((a) => a.attendance === "present").length,
    absent: attendees.filter((a) => a.attendance === "absent").length,
    unrecorded: attendees.filter((a) => a.attendance === null).length,
    opened: attendees.filter((a) => a.openedAt !== null).length,
    finished: attendees.filter((a) => a.reachedEndAt !== null).length,
    quizPassed: attendees.filter((a) => a.quiz === "passed").length,
  };
}

const col = (header: string, kind: Column["kind"], width: number): Column => ({ header, kind, width });

export function completionTable(attendees: readonly AttendeeFacts[], formatInstant: FormatInstant): Table {
  return {
    name: "学习情况",
    columns: [
      col("序号", "count", 6),
      col("工号", "text", 12),
      col("姓名", "text", 10),
      col("单位", "text", 24),
      col("出勤", "text", 16),
      col("阅读", "text", 14),
      col("学习时长", "text", 12),
      col("读完时间", "text", 17),
      col("测验", "text", 10),
      col("测验得分", "score", 9),
    ],
    rows: attendees.map((a, i): Cell[] => [
      i + 1,
      a.employeeNo,
      a.name,
      a.orgName,
      attendanceLabel(a),
      READING_LABELS[readingStatus(a)],
      formatStudyTime(a.activeSeconds),
      a.reachedEndAt ? formatInstant(a.reachedEndAt) : null,
      QUIZ_STATE_LABELS[a.quiz],
      a.quizScore,
    ]),
  };
}

export function completionSummaryTable(meeting: { title: string; type: MeetingType; startsAt: string; lecturer: string; regulation: string }, s: CompletionSummary, formatInstant: FormatInstant): Table {
  return {
    name: "概况",
    columns: [col("项目", "text", 14), col("内容", "text", 50)],
    rows: [
      ["会议", meeting.title],
      ["类型", MEETING_TYPE_LABELS[meeting.type]],
      ["时间", formatInstant(meeting.startsAt)],
      ["主讲人", meeting.lecturer],
      ["学习法规", meeting.regulation],
      ["应参加", String(s.attendees)],
      ["出席", String(s.present)],
      ["缺席", String(s.absent)],
      ["出勤未记录", String(s.unrecorded)],
      ["已打开学习材料", String(s.opened)],
      ["已读完", String(s.finished)],
      ["测验通过", String(s.quizPassed)],
    ],
  };
}

export type PlanRow = {
  month: number;
  type: MeetingType;
  startsAt: string;
  title: string;
  moduleTitle: string;
  regulation: string;
  lecturer: string;
  phase: MeetingPhase;
  attendees: number;
  present: number;
  finished: number;
  quizPassed: number;
};

export function planTable(rows: readonly PlanRow[], formatInstant: FormatInstant): Table {
  return {
    name: "学法计划",
    columns: [
      col("月份", "text", 6),
      col("会议类型", "text", 11),
      col("时间", "text", 17),
      col("会议", "text", 24),
      col("学法模块", "text", 24),
      col("法规", "text", 28),
      col("主讲人", "text", 10),
      col("状态", "text", 18),
      col("应参加", "count", 8),
      col("出席", "count", 7),
      col("已读完", "count", 8),
      col("测验通过", "count", 9),
    ],
    rows: rows.map((r): Cell[] => [
      `${r.month}月`,
      MEETING_TYPE_LABELS[r.type],
      formatInstant(r.startsAt),
      r.title,
      r.moduleTitle,
      r.regulation,
      r.lecturer,
      MEETING_PHASE_LABELS[r.phase],
      r.attendees,
      r.present,
      r.finished,
      r.quizPassed,
    ]),
  };
}

export function yearCountTable(year: number, orgName: string, count: { regulations: number; preMeetings: number; studyGroupSessions: number }): Table {
  return {
    name: "年度统计",
    columns: [col("项目", "text", 22), col("数量", "count", 10)],
    rows: [
      [`${year}年 ${orgName}：会前学法（部）`, count.regulations],
      ["已开展会前学法（次）", count.preMeetings],
      ["中心组学习（次）", count.studyGroupSessions],
    ],
  };
}
