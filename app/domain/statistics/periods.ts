/**
 * Quarters and years of the statistics, in the configured zone (Asia/Shanghai by default):
 * a year is [1 January 00:00, next 1 January 00:00) on the bureau's clock, not in UTC.
 */
import { zonedInstant } from "../zoned-time";

export function quarterPeriod(year: number, quarter: number): string {
  return `${year}-Q${quarter}`;
}

/** 2026-Q1 … 2026-Q4. */
export function periodsOfYear(year: number): string[] {
  return [1, 2, 3, 4].map((q) => quarterPeriod(year, q));
}

export function previousPeriod(period: string): string {
  const [year, q] = period.split("-Q").map(Number);
  return q === 1 ? quarterPeriod(year - 1, 4) : quarterPeriod(year, q - 1);
}

/** Q1 → 第一季度. */
export function quarterLabel(period: string): string {
  const q = Number(period.split("-Q")[1]);
  return `第${["一", "二", "三", "四"][q - 1]}季度`;
}

/** The instants a calendar year spans in the zone: [start, end). */
export function yearRange(year: number, timeZone: string): { start: Date; end: Date } {
  const midnight = (y: number) => zonedInstant({ year: y, month: 1, day: 1, hour: 0, minute: 0, second: 0 }, timeZone);
  return { start: midnight(year), end: midnight(year + 1) };
}

export function inRange(instant: string, range: { start: Date; end: Date }): boolean {
  const t = Date.parse(instant);
  return t >= range.start.getTime() && t < range.end.getTime();
}
