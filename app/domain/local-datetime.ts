/**
 * `<input type="datetime-local">` values (`2026-10-01T08:00`, no zone) ↔ instants. The
 * browser sends wall-clock time without a zone, so the server reads it in the configured
 * time zone (default Asia/Shanghai), never in the server's or the browser's own zone.
 * Browser-safe: Intl only.
 */

import { wallParts, zonedInstant } from "./zoned-time";

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/**
 * The instant a wall-clock time in `timeZone` names; null for anything that is not a valid
 * datetime-local value. A time skipped by a daylight-saving change resolves to the
 * instant just after the gap (what a clock set to it would show).
 */
export function parseLocalDateTime(value: string, timeZone: string): Date | null {
  const match = LOCAL_PATTERN.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((s) => Number(s ?? 0));
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Rejects 2026-02-30 and 25:00 instead of rolling them over.
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  return zonedInstant({ year, month, day, hour, minute, second }, timeZone);
}

/** The value a datetime-local input shows for an instant in `timeZone`: `2026-10-01T08:00`. */
export function formatLocalDateTime(date: Date, timeZone: string): string {
  const p = wallParts(date.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}
