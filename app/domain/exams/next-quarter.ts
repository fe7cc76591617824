/**
 * Copying an exam into the next quarter (每季一考): the same paper and audience, the next
 * period, the next quarter's window, and the quarter named in the title moved on.
 */
import type { ExamDefinition } from "~/schemas/exams.server";

import { quarterOf, quarterRange } from "./attempt-time";

const CHINESE_QUARTERS = ["一", "二", "三", "四"];

export function nextPeriod(period: string): string {
  const match = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!match) throw new RangeError(`not a quarter: ${period}`);
  const year = Number(match[1]);
  const quarter = Number(match[2]);
  return quarter === 4 ? `${year + 1}-Q1` : `${year}-Q${quarter + 1}`;
}

/** 2026-Q4 → 2026年第四季度. */
export function periodLabel(period: string): string {
  const [year, quarter] = period.split("-Q");
  return `${year}年第${CHINESE_QUARTERS[Number(quarter) - 1]}季度`;
}

/**
 * The title with the quarter `from` replaced by `to`, keeping how it was written
 * (2026年第四季度, 2026年4季度, 2026 年第四季度, 2026-Q4). A title that names no quarter
 * gets the new one appended, so the copy is never mistaken for the original.
 */
export function advanceTitle(title: string, from: string, to: string): string {
  const [fromYear, fromQuarter] = from.split("-Q");
  const [toYear, toQuarter] = to.split("-Q").map(Number);
  let changed = false;
  const chinese = new RegExp(`${fromYear}(\\s*年\\s*第?\\s*)([一二三四1-4])(\\s*季度)`, "gu");
  let next = title.replace(chinese, (whole, mid: string, q: string, tail: string) => {
    const n = /\d/.test(q) ? Number(q) : CHINESE_QUARTERS.indexOf(q) + 1;
    if (n !== Number(fromQuarter)) return whole;
    changed = true;
    return `${toYear}${mid}${/\d/.test(q) ? String(toQuarter) : CHINESE_QUARTERS[toQuarter - 1]}${tail}`;
  });
  next = next.replace(new RegExp(`${fromYear}(\\s*-?\\s*)Q${fromQuarter}`, "g"), (_whole, mid: string) => {
    changed = true;
    return `${toYear}${mid}Q${toQuarter}`;
  });
  return changed ? next : `${title}（${periodLabel(to)}）`;
}

/**
 * The definition of the copy: the next quarter after the exam's period (or, without a
 * period, after the quarter it opened in), its whole range as the window, everything else
 * the same. The copy is a new draft; the organizer still checks and publishes it.
 */
export function nextQuarterDefinition(definition: ExamDefinition, timeZone: string): ExamDefinition {
  const from = definition.period ?? quarterOf(definition.opensAt, timeZone);
  const to = nextPeriod(from);
  const range = quarterRange(to, timeZone);
  return {
    ...definition,
    title: advanceTitle(definition.title, from, to).slice(0, 80),
    period: definition.period === null ? null : to,
    opensAt: range.start,
    closesAt: range.end,
  };
}
