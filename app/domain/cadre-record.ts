/**
 * The cadre's long-term file (个人学习档案 / 个人廉政档案) is a list of sections, each
 * contributed by one area (exams, compliance, practice, pre-appointment, law study). A
 * section is plain data, so one component renders every section, one writer exports them
 * (a sheet each in .xlsx) and the print view needs nothing per area.
 */

export type RecordCell = string | number | null;

export type RecordColumn = {
  key: string;
  /** Chinese column heading. */
  label: string;
  /** Right-aligned on the page, a number cell in the spreadsheet. */
  numeric?: boolean;
  /** Shown on a narrow screen (a phone) even when other columns fold away. */
  key_column?: boolean;
};

export type RecordTable = {
  /** Optional caption above the table. */
  title?: string;
  columns: RecordColumn[];
  rows: Array<Record<string, RecordCell>>;
};

export type RecordSection = {
  /** Stable id: `exams`, `compliance`, `mastery`, `practice`, `appointments`, `law_study`. */
  key: string;
  /** Chinese heading: 考试成绩, 年度合规, 知识点掌握, 练习, 任前, 学法. */
  title: string;
  /** Short summary lines: { label: "年内必考", value: "已完成" }. */
  facts: Array<{ label: string; value: string }>;
  tables: RecordTable[];
  /** Shown when the section has nothing yet (e.g. 暂无任前记录); null when it has content. */
  emptyText: string | null;
};

export type RecordContext = {
  cadreId: number;
  now: Date;
  timeZone: string;
};
