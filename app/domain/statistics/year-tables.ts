/**
 * The tables of the year's statistics (/manage/statistics) as rows of cells: one definition
 * for the page, the print view, the .xlsx sheets and the CSV files (invariant 8).
 */
import { RANK_LABELS } from "../labels";

import type { LeaderRow } from "./compliance";
import { type Cell, NO_VALUE } from "./format";
import type { OrgMastery, TagStats } from "./mastery";
import { type ChangeStats, MIN_PAIRS } from "./paired-change";
import { quarterLabel } from "./periods";
import type { QuarterCell, QuarterRow, TrendPoint } from "./quarterly";
import type { Column, FormatInstant, Table } from "./report-tables";

/** Everything the statistics page shows for one year and one organization subtree. */
export type YearStatistics = {
  year: number;
  periods: string[];
  quarterly: { rows: QuarterRow[]; total: QuarterRow };
  /** The year's quarters and the one before them, for the chart. */
  trend: TrendPoint[];
  /** Periods whose quarterly exam is still open: their figures are still growing. */
  openPeriods: string[];
  leaders: LeaderRow[];
  paired: { byOrg: Array<{ orgId: number; orgName: string; stats: ChangeStats }>; total: ChangeStats; practised: ChangeStats; notPractised: ChangeStats };
  mastery: { tags: TagStats[]; byOrg: OrgMastery[] };
};

const col = (header: string, kind: Column["kind"], width: number): Column => ({ header, kind, width });

/** The 应考 cell of a quarter in which the organization held no quarterly exam. */
export const NOT_HELD = "未组织";

/** Figures per quarter, in this order: 应考, 实考, 参考率, 及格率, 平均分. */
export const QUARTER_FIGURES = ["应考", "实考", "参考率", "及格率", "平均分"] as const;

const quarterCells = (cell: QuarterCell | null): Cell[] =>
  cell ? [cell.assigned, cell.took, cell.participationRate, cell.passRate, cell.mean] : [NOT_HELD, null, null, null, null];

export function quarterlyTable(periods: readonly string[], rows: readonly QuarterRow[], total: QuarterRow): Table {
  return {
    name: "每季一考",
    columns: [
      col("单位", "text", 24),
      ...periods.flatMap((p) => [
        col(`${quarterLabel(p)}应考`, "count", 10),
        col(`${quarterLabel(p)}实考`, "count", 10),
        col(`${quarterLabel(p)}参考率`, "percent", 11),
        col(`${quarterLabel(p)}及格率`, "percent", 11),
        col(`${quarterLabel(p)}平均分`, "score", 11),
      ]),
    ],
    rows: [...rows, total].map((r) => [r.orgName, ...r.cells.flatMap(quarterCells)]),
  };
}

export function leadersTable(rows: readonly LeaderRow[], formatInstant: FormatInstant): Table {
  return {
    name: "领导干部年内必考",
    columns: [col("序号", "count", 6), col("工号", "text", 12), col("姓名", "text", 10), col("单位", "text", 24), col("职级", "text", 10), col("本年考试（场）", "count", 14), col("年内必考", "text", 10), col("最近交卷", "text", 17)],
    rows: rows.map((r, i) => [i + 1, r.employeeNo, r.name, r.orgName, RANK_LABELS[r.rank], r.exams, r.met ? "已完成" : "未完成", r.lastFinishedAt ? formatInstant(r.lastFinishedAt) : NO_VALUE]),
  };
}

export const TOO_FEW_NOTE = `样本不足（少于 ${MIN_PAIRS} 对），不能说明问题`;

const changeCells = (s: ChangeStats): Cell[] => [s.pairs, s.meanChange, s.medianChange, s.improved, s.improvedShare, s.tooFew ? TOO_FEW_NOTE : ""];
const changeColumns = [col("配对人次", "count", 10), col("平均变化（分）", "score", 14), col("中位变化（分）", "score", 14), col("提高人次", "count", 10), col("提高占比", "percent", 10), col("说明", "text", 30)];

export function pairedByOrgTable(rows: ReadonlyArray<{ orgName: string; stats: ChangeStats }>, total: ChangeStats): Table {
  return {
    name: "以考促学（按组织）",
    columns: [col("单位", "text", 24), ...changeColumns],
    rows: [...rows.map((r) => [r.orgName, ...changeCells(r.stats)]), ["合计", ...changeCells(total)]],
  };
}

export function pairedByPracticeTable(practised: ChangeStats, notPractised: ChangeStats, total: ChangeStats): Table {
  return {
    name: "以考促学（按是否练习）",
    columns: [col("分组", "text", 24), ...changeColumns],
    rows: [
      ["两次考试之间练习过", ...changeCells(practised)],
      ["两次考试之间未练习", ...changeCells(notPractised)],
      ["合计", ...changeCells(total)],
    ],
  };
}

export function masteryTable(tags: readonly TagStats[]): Table {
  return {
    name: "知识点掌握",
    columns: [col("序号", "count", 6), col("知识点", "text", 20), col("涉及题目", "count", 10), col("作答人次", "count", 10), col("答对人次", "count", 10), col("正确率", "percent", 9), col("得分率", "percent", 9)],
    rows: tags.map((t, i) => [i + 1, t.tag, t.questions, t.answers, t.correct, t.facility, t.scoreRate]),
  };
}

export function masteryByOrgTable(rows: readonly OrgMastery[]): Table {
  const weak = (r: OrgMastery, i: number): Cell[] => (r.weakest[i] ? [r.weakest[i].tag, r.weakest[i].facility] : [NO_VALUE, null]);
  return {
    name: "各组织薄弱知识点",
    columns: [
      col("单位", "text", 24),
      col("作答人次", "count", 10),
      col("正确率", "percent", 9),
      col("最薄弱知识点", "text", 18),
      col("其正确率", "percent", 9),
      col("次薄弱知识点", "text", 18),
      col("其正确率", "percent", 9),
      col("第三薄弱知识点", "text", 18),
      col("其正确率", "percent", 9),
    ],
    rows: rows.map((r) => [r.orgName, r.answers, r.facility, ...weak(r, 0), ...weak(r, 1), ...weak(r, 2)]),
  };
}

/** The CSV downloads, one per table, by the `table` query value. */
export const STATISTICS_TABLE_KEYS = ["quarterly", "leaders", "paired-org", "paired-practice", "mastery", "mastery-org"] as const;
export type StatisticsTableKey = (typeof STATISTICS_TABLE_KEYS)[number];

/** Every table of the page, by its CSV key, in the order of the page and the .xlsx sheets. */
export function yearStatisticsTables(stats: YearStatistics, formatInstant: FormatInstant): Record<StatisticsTableKey, Table> {
  return {
    quarterly: quarterlyTable(stats.periods, stats.quarterly.rows, stats.quarterly.total),
    leaders: leadersTable(stats.leaders, formatInstant),
    "paired-org": pairedByOrgTable(stats.paired.byOrg, stats.paired.total),
    "paired-practice": pairedByPracticeTable(stats.paired.practised, stats.paired.notPractised, stats.paired.total),
    mastery: masteryTable(stats.mastery.tags),
    "mastery-org": masteryByOrgTable(stats.mastery.byOrg),
  };
}
