/**
 * The board of pre-appointment cases and the year's count by organization as tables of
 * cells: one definition for the page, the .xlsx and the CSV (invariant 8, ADR 0008).
 * Pure: `now` and the time zone come in.
 */
import type { Cell } from "../statistics/format";
import { NO_VALUE } from "../statistics/format";
import type { Column, Table } from "../statistics/report-tables";

import { dateIn, daysBetween } from "./calendar";
import { type CaseSnapshot, COMMITMENT_LABELS, stateLabel, TALK_LABELS, testLabel } from "./case-machine";

/** The board's state filter: a pending step of an open case, all open cases, or a closed state. */
export const BOARD_STATES = ["commitment", "talk", "test", "open", "completed", "deferred", "cancelled"] as const;
export type BoardState = (typeof BOARD_STATES)[number];

export const BOARD_STATE_LABELS: Record<BoardState, string> = {
  commitment: "待承诺",
  talk: "待谈话",
  test: "待考试",
  open: "进行中（全部）",
  completed: "已完成",
  deferred: "暂缓任用",
  cancelled: "已取消",
};

export type BoardCase = {
  id: number;
  employeeNo: string;
  name: string;
  orgName: string;
  post: string;
  documentNo: string | null;
  decidedOn: string;
  openBook: boolean;
  organizerName: string;
  snapshot: CaseSnapshot;
  commitmentSignedAt: string | null;
  talkOn: string | null;
  createdAt: string;
  closedAt: string | null;
};

const col = (header: string, kind: Column["kind"], width: number): Column => ({ header, kind, width });

/** Days since the case opened, to today or to the day it closed (bureau's calendar). */
export function caseAgeDays(input: { createdAt: string; closedAt: string | null; now: Date; timeZone: string }): number {
  return Math.max(0, daysBetween(dateIn(input.createdAt, input.timeZone), dateIn(input.closedAt ?? input.now, input.timeZone)));
}

export function commitmentCell(c: Pick<BoardCase, "snapshot" | "commitmentSignedAt">, timeZone: string): string {
  return c.commitmentSignedAt ? `${COMMITMENT_LABELS.done} ${dateIn(c.commitmentSignedAt, timeZone)}` : COMMITMENT_LABELS.pending;
}

export function talkCell(c: Pick<BoardCase, "talkOn">): string {
  return c.talkOn ? `${TALK_LABELS.done} ${c.talkOn}` : TALK_LABELS.pending;
}

export const EXAM_MODE_LABELS = { open: "开卷", closed: "闭卷" } as const;

export function boardTable(cases: readonly BoardCase[], now: Date, timeZone: string): Table {
  return {
    name: "任前事项",
    columns: [
      col("序号", "count", 6),
      col("工号", "text", 10),
      col("姓名", "text", 10),
      col("单位", "text", 22),
      col("新任职务", "text", 20),
      col("任用文号", "text", 16),
      col("决定日期", "text", 11),
      col("承诺", "text", 16),
      col("谈话", "text", 16),
      col("考试", "text", 14),
      col("考试方式", "text", 9),
      col("状态", "text", 18),
      col("天数", "count", 6),
      col("负责人", "text", 10),
    ],
    rows: cases.map((c, i): Cell[] => [
      i + 1,
      c.employeeNo,
      c.name,
      c.orgName,
      c.post,
      c.documentNo ?? NO_VALUE,
      c.decidedOn,
      commitmentCell(c, timeZone),
      talkCell(c),
      testLabel(c.snapshot.test),
      c.openBook ? EXAM_MODE_LABELS.open : EXAM_MODE_LABELS.closed,
      stateLabel(c.snapshot),
      caseAgeDays({ createdAt: c.createdAt, closedAt: c.closedAt, now, timeZone }),
      c.organizerName,
    ]),
  };
}

export type YearCountRow = { orgName: string; cases: number; completed: number };

/** 年度统计: cases decided in the year by organization, how many completed all three steps, and the total. */
export function yearCountTable(year: number, rows: readonly YearCountRow[]): Table {
  const total = rows.reduce((t, r) => ({ cases: t.cases + r.cases, completed: t.completed + r.completed }), { cases: 0, completed: 0 });
  return {
    name: `${year}年度统计`,
    columns: [col("单位", "text", 26), col("任前事项", "count", 10), col("已完成承诺、谈话、考试", "count", 22)],
    rows: [...rows.map((r): Cell[] => [r.orgName, r.cases, r.completed]), ["合计", total.cases, total.completed]],
  };
}

/** The sentence a year-end report needs: 2026年共组织 12 名新任职干部进行了任前承诺、谈话、考试. */
export function yearSentence(year: number, completed: number): string {
  return `${year}年共组织 ${completed} 名新任职干部进行了任前承诺、谈话、考试`;
}
