/**
 * Attempt time arithmetic (invariant 3: the server owns time). Every function takes
 * `now` from the caller, so the rules are exact in tests and the browser's clock never
 * matters.
 */

import { wallParts, zonedInstant } from "../zoned-time";

export const DEFAULT_GRACE_SECONDS = 30;
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

const MINUTE = 60_000;

/**
 * deadline = min(startedAt + duration, closesAt), each plus the cadre's extension.
 * An extension (给某人延时, e.g. after a power cut at a forest farm) extends both bounds:
 * otherwise it would be worthless to anyone who started within `duration` of closing,
 * which is exactly when extensions are asked for. `durationMinutes: null` = untimed
 * (practice): the window alone bounds the attempt.
 */
export function attemptDeadline(input: {
  startedAt: Date;
  durationMinutes: number | null;
  closesAt: Date;
  extraMinutes?: number;
}): Date {
  const extra = (input.extraMinutes ?? 0) * MINUTE;
  const byWindow = input.closesAt.getTime() + extra;
  const byDuration =
    input.durationMinutes === null ? Infinity : input.startedAt.getTime() + input.durationMinutes * MINUTE + extra;
  return new Date(Math.min(byDuration, byWindow));
}

/** Saves up to and including deadline + grace are accepted (nobody pays for a slow server). */
export function acceptsSaves(now: Date, deadline: Date, graceSeconds = DEFAULT_GRACE_SECONDS): boolean {
  return now.getTime() <= deadline.getTime() + graceSeconds * 1000;
}

/** Past deadline + grace: finalize with what was saved (on next access and by the sweep). */
export function isExpired(now: Date, deadline: Date, graceSeconds = DEFAULT_GRACE_SECONDS): boolean {
  return !acceptsSaves(now, deadline, graceSeconds);
}

/**
 * Whole seconds left for the countdown, never negative. Rounded down, so the page never
 * promises time that is not there; the grace period covers the last fraction.
 */
export function secondsLeft(now: Date, deadline: Date): number {
  return Math.max(0, Math.floor((deadline.getTime() - now.getTime()) / 1000));
}

/** Time used as shown on the result (用时), in whole seconds, never negative. */
export function secondsUsed(startedAt: Date, finishedAt: Date): number {
  return Math.max(0, Math.floor((finishedAt.getTime() - startedAt.getTime()) / 1000));
}

export type ExamWindowState = "not_open" | "open" | "closed";

/** The window is [opensAt, closesAt): at closesAt the exam is closed. */
export function examWindowState(now: Date, opensAt: Date, closesAt: Date): ExamWindowState {
  if (now.getTime() < opensAt.getTime()) return "not_open";
  if (now.getTime() < closesAt.getTime()) return "open";
  return "closed";
}

/** 2026-Q4. Quarters are computed in the bureau's time zone, not UTC (DESIGN.md, Time). */
export function quarterOf(date: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const { year, month } = wallParts(date.getTime(), timeZone);
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** The instants a period like 2026-Q4 spans in the time zone: [start, end). */
export function quarterRange(period: string, timeZone = DEFAULT_TIME_ZONE): { start: Date; end: Date } {
  const match = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!match) throw new RangeError(`not a quarter: ${period}`);
  const year = Number(match[1]);
  const firstMonth = (Number(match[2]) - 1) * 3 + 1;
  return {
    start: zonedMidnight(year, firstMonth, timeZone),
    end: firstMonth === 10 ? zonedMidnight(year + 1, 1, timeZone) : zonedMidnight(year, firstMonth + 3, timeZone),
  };
}

/** 00:00 on the 1st of `month` in the zone. */
function zonedMidnight(year: number, month: number, timeZone: string): Date {
  return zonedInstant({ year, month, day: 1, hour: 0, minute: 0, second: 0 }, timeZone);
}
