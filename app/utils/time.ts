/** Instants are stored as ISO strings in UTC; people see them in the configured zone (default Asia/Shanghai). */

import { wallParts, zonedInstant } from "~/domain/zoned-time";

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

function parts(instant: string, timeZone: string) {
  const p = wallParts(Date.parse(instant), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return { year: String(p.year), month: pad(p.month), day: pad(p.day), hour: pad(p.hour), minute: pad(p.minute), second: pad(p.second) };
}

/** `2026-11-26 13:05` in the given zone. */
export function formatDateTime(instant: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = parts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `2026-11-26 13:05:09` in the given zone. */
export function formatDateTimeSeconds(instant: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = parts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** 00:00 of `now`'s day in the zone (e.g. "today's practice"). */
export function startOfDay(now: Date, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const p = wallParts(now.getTime(), timeZone);
  return zonedInstant({ year: p.year, month: p.month, day: p.day, hour: 0, minute: 0, second: 0 }, timeZone);
}
