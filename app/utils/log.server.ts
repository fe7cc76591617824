/**
 * Logging a failure that may repeat on every request (a full disk, a held lock): the first
 * occurrence is logged with its cause and stack, repeats within a minute are counted and
 * reported with the next one. The log shows the real error once, not a flood.
 */
const seen = new Map<string, { at: number; repeats: number }>();
const EVERY_MS = 60_000;

export function logFailureOnce(key: string, message: string, error: unknown, now = Date.now()): void {
  const last = seen.get(key);
  if (last && now - last.at < EVERY_MS) {
    last.repeats++;
    return;
  }
  seen.set(key, { at: now, repeats: 0 });
  const code = (error as { code?: unknown } | null)?.code;
  const repeats = last?.repeats ? `（此前一分钟内另有 ${last.repeats} 次）` : "";
  console.error(`${message}${repeats}${typeof code === "string" ? ` [${code}]` : ""}`, error);
}

/** A key for an error: its code (SQLITE_FULL, SQLITE_BUSY…) or its name. */
export function errorKey(prefix: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return `${prefix}:${typeof code === "string" ? code : error instanceof Error ? error.name : "unknown"}`;
}
