/**
 * The tables of an exam report as rows of cells: one definition for the .xlsx sheets, the
 * CSV and the print view, so a number cannot be computed or formatted twice.
 */
import type { AttemptStatus } from "../../../db/schema";
import { ATTEMPT_STATUS_LABELS, EXAM_KIND_LABELS } from "../exam-labels";
import { QUESTION_TYPE_LABELS } from "../exams/question-type-labels";
import { RANK_LABELS } from "../labels";

import type { CadreReport, CadreRowState } from "./cadre-report";
import type { ExamReport, OrgRow } from "./exam-report";
import type { GroupStats } from "./exam-summary";
import { type Cell, type CellKind, formatSeconds, NO_VALUE } from "./format";

export type Column = { header: string; kind: CellKind; width: number };
export type Table = { name: string; columns: Column[]; rows: Cell[][] };

/** How instants print (the configured time zone); passed in so this module stays pure. */
export type FormatInstant = (instant: string) => string;

const col = (header: string, kind: CellKind, width: number): Column => ({ header, kind, width });
const yesNo = (value: boolean) => (value ? "是" : "否");

export const PENDING_LABEL = "待阅卷";

export function passLabel(passed: boolean | null): string {
  return passed === null ? PENDING_LABEL : yesNo(passed);
}

export function participantStateLabel(state: "final" | "pending", attemptStatus: AttemptStatus): string {
  return state === "pending" ? PENDING_LABEL : ATTEMPT_STATUS_LABELS[attemptStatus];
}

export const ABSENTEE_STATE_LABELS = { absent: "未参考", in_progress: "作答中（未交卷）" } as const;

export function scoreDetailTable(report: ExamReport, formatInstant: FormatInstant): Table {
  return {
    name: "成绩明细",
    columns: [
      col("序号", "count", 6),
      col("工号", "text", 12),
      col("姓名", "text", 10),
      col("单位", "text", 24),
      col("职级", "text", 10),
      col("是否领导干部", "text", 12),
      col("得分", "score", 8),
      col("是否及格", "text", 9),
      col("用时", "text", 12),
      col("交卷时间", "text", 17),
      col("状态", "text", 13),
      col("作答次数", "count", 9),
    ],
    rows: report.participants.map((p) => [
      p.seq,
      p.employeeNo,
      p.name,
      p.orgName,
      RANK_LABELS[p.rank],
      yesNo(p.isLeader),
      p.state === "pending" ? PENDING_LABEL : p.score,
      passLabel(p.passed),
      formatSeconds(p.timeUsedSeconds),
      p.finishedAt ? formatInstant(p.finishedAt) : NO_VALUE,
      participantStateLabel(p.state, p.attemptStatus),
      p.attempts,
    ]),
  };
}

const groupCells = (g: GroupStats): Cell[] => [g.assigned, g.took, g.participationRate, g.passRate, g.mean, g.passed, g.pending];

export function orgSummaryTable(report: ExamReport): Table {
  return {
    name: "单位汇总",
    columns: [
      col("单位", "text", 26),
      col("应考", "count", 8),
      col("实考", "count", 8),
      col("参考率", "percent", 9),
      col("及格率", "percent", 9),
      col("平均分", "score", 9),
      col("及格人数", "count", 9),
      col("待阅卷", "count", 8),
    ],
    rows: [...report.byOrg.map((o: OrgRow) => [o.orgName, ...groupCells(o)]), ["合计", ...groupCells(report.summary)]],
  };
}

export function absenteeTable(report: ExamReport): Table {
  return {
    name: "未参考名单",
    columns: [col("序号", "count", 6), col("工号", "text", 12), col("姓名", "text", 10), col("单位", "text", 24), col("职级", "text", 10), col("是否领导干部", "text", 12), col("状态", "text", 16)],
    rows: report.absentees.map((a) => [a.seq, a.employeeNo, a.name, a.orgName, RANK_LABELS[a.rank], yesNo(a.isLeader), ABSENTEE_STATE_LABELS[a.state]]),
  };
}

export function itemTable(report: ExamReport): Table {
  const optionCount = report.items.reduce((m, i) => Math.max(m, i.options.length), 0);
  const letters = Array.from({ length: optionCount }, (_, i) => String.fromCharCode(65 + i));
  return {
    name: "试题分析",
    columns: [
      col("题号", "count", 6),
      col("题库", "text", 16),
      col("试题编号", "text", 9),
      col("题型", "text", 8),
      col("知识点", "text", 16),
      col("题干", "text", 40),
      col("答案", "text", 8),
      col("作答人数", "count", 9),
      col("正确率", "percent", 9),
      col("得分率", "percent", 9),
      col("区分度", "index", 8),
      ...letters.map((l) => col(`选${l}`, "percent", 8)),
      col("未作答", "percent", 8),
    ],
    rows: report.items.map((item) => [
      item.no,
      item.bankSlug,
      item.key,
      QUESTION_TYPE_LABELS[item.type],
      item.tags.join("、"),
      item.stem,
      item.answer || NO_VALUE,
      item.respondents,
      item.facility,
      item.scoreRate,
      item.discrimination,
      ...letters.map((_, o) => (o < item.options.length ? item.options[o].share : NO_VALUE)),
      item.unansweredShare,
    ]),
  };
}

/** The four sheets of the .xlsx, in order. */
export function examReportTables(report: ExamReport, formatInstant: FormatInstant): Table[] {
  return [scoreDetailTable(report, formatInstant), orgSummaryTable(report), absenteeTable(report), itemTable(report)];
}

export const CADRE_STATE_LABELS: Record<CadreRowState, string> = {
  absent: "未参考",
  open: "进行中，尚未参加",
  in_progress: "作答中",
  pending: PENDING_LABEL,
  final: "已完成",
};

/** 是否及格 of one exam in a cadre's record: — before handing in, 待阅卷 while pending. */
export function cadrePassLabel(state: CadreRowState, passed: boolean | null): string {
  if (state === "final") return yesNo(Boolean(passed));
  return state === "pending" ? PENDING_LABEL : NO_VALUE;
}

export function cadreHistoryTable(report: CadreReport, formatInstant: FormatInstant): Table {
  return {
    name: "考试记录",
    columns: [
      col("序号", "count", 6),
      col("考试", "text", 30),
      col("类别", "text", 12),
      col("期次", "text", 9),
      col("最高分", "score", 8),
      col("满分", "score", 7),
      col("是否及格", "text", 9),
      col("作答次数", "count", 9),
      col("用时", "text", 12),
      col("交卷时间", "text", 17),
      col("状态", "text", 9),
    ],
    rows: report.rows.map((r, i) => [
      i + 1,
      r.title,
      EXAM_KIND_LABELS[r.kind],
      r.period ?? NO_VALUE,
      r.bestScore,
      r.maxScore,
      cadrePassLabel(r.state, r.passed),
      r.attempts,
      formatSeconds(r.timeUsedSeconds),
      r.finishedAt ? formatInstant(r.finishedAt) : NO_VALUE,
      CADRE_STATE_LABELS[r.state],
    ]),
  };
}

export function cadreTrendTable(report: CadreReport): Table {
  return {
    name: "季度趋势",
    columns: [col("期次", "text", 10), col("得分率（每季最高）", "percent", 20)],
    rows: report.trend.map((t) => [t.period, t.percent]),
  };
}
