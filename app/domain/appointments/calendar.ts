/**
 * Calendar dates (YYYY-MM-DD) for pre-appointment cases: the decision date, ages, how long
 * a pass stays valid, and a case's age in days. Dates are wall-calendar dates in the
 * bureau's time zone (default Asia/Shanghai): an instant becomes a date only through
 * `dateIn`, so a pass at 00:30 in Beijing is that day's pass, not the previous day's (UTC).
 * Browser-safe, pure; every function takes the instant or date it needs.
 */
import { wallParts } from "../zoned-time";

export type IsoDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

type Ymd = { year: number; month: number; day: number };

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function format({ year, month, day }: Ymd): IsoDate {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The parts of a real calendar date (2026-02-30 and 2026-13-01 are null). */
export function parseIsoDate(value: string): Ymd | null {
  const match = DATE_PATTERN.exec(value);
  if (!match) return null;
  const [year, month, day] = match.slice(1, 4).map(Number);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== null;
}

/** The date a calendar in `timeZone` shows at `instant`. */
export function dateIn(instant: Date | string, timeZone: string): IsoDate {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  const p = wallParts(ms, timeZone);
  return format(p);
}

/** Age in full years (周岁) on a date. Someone born on 29 February turns a year older on 1 March in other years. */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const birth = parseIsoDate(birthDate);
  const day = parseIsoDate(on);
  if (!birth || !day) throw new RangeError(`not a date: ${birthDate} / ${on}`);
  const hadBirthday = day.month > birth.month || (day.month === birth.month && day.day >= birth.day);
  return day.year - birth.year - (hadBirthday ? 0 : 1);
}

/** Open-book (开卷) when the cadre is at least `openBookAge` on the decision date; no birth date, no open-book. */
export function isOpenBook(input: { birthDate: IsoDate | null; decidedOn: IsoDate; openBookAge: number | null }): boolean {
  if (input.openBookAge === null || !input.birthDate || !isIsoDate(input.birthDate)) return false;
  return ageOn(input.birthDate, input.decidedOn) >= input.openBookAge;
}

/** The same day `years` later; 29 February becomes 1 March in a year without it. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError(`not a date: ${date}`);
  const year = d.year + years;
  if (d.month === 2 && d.day === 29 && !isLeap(year)) return format({ year, month: 3, day: 1 });
  return format({ year, month: d.month, day: d.day });
}

function dayNumber(date: IsoDate): number {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError(`not a date: ${date}`);
  return Math.round(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const ms = (dayNumber(date) + days) * 86_400_000;
  const d = new Date(ms);
  return format({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** Whole days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The last day a pass is valid: a pass on 2024-03-10 with a 2-year validity is valid up to
 * and including 2024-03-09 two years on (2026-03-09). The pass date is the date in the
 * bureau's zone.
 */
export function passValidUntil(passedAt: string, validityYears: number, timeZone: string): IsoDate {
  return addDays(addYears(dateIn(passedAt, timeZone), validityYears), -1);
}

/** Whether a pass still counts on a date (the new case's decision date). */
export function isPassValidOn(input: { passedAt: string; validityYears: number; on: IsoDate; timeZone: string }): boolean {
  return input.on <= passValidUntil(input.passedAt, input.validityYears, input.timeZone);
}
