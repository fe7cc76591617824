/** Instants are stored as ISO strings in UTC; people see them in the configured zone (default Asia/Shanghai). */

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

export function toInstant(date: Date): string {
  return date.toISOString();
}

export function addMs(instant: string, ms: number): string {
  return new Date(Date.parse(instant) + ms).toISOString();
}

function parts(instant: string, timeZone: string) {
  const fmt = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(new Date(instant))) out[p.type] = p.value;
  return out;
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
