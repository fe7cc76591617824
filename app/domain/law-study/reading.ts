/**
 * Honest reading time. The browser measures how long the page was visible and reports the
 * seconds since its last report; the server accepts no more than its own clock says could
 * have passed since it last heard from this reader (the open, or the previous report), so
 * a forged or replayed report cannot add time that did not pass. Pure: `now` is passed in.
 */

/** One report never carries more than this (a tab left open overnight is not study). */
export const MAX_SECONDS_PER_REPORT = 10 * 60;

export type ReadingState = { openedAt: string | null; lastSeenAt: string | null; activeSeconds: number };

/** The seconds of a report the server accepts: within [0, server time since last seen], whole seconds. */
export function acceptedSeconds(state: ReadingState, claimedSeconds: number, now: Date): number {
  const since = state.lastSeenAt ?? state.openedAt;
  if (!since || !Number.isFinite(claimedSeconds) || claimedSeconds <= 0) return 0;
  const elapsed = Math.floor((now.getTime() - Date.parse(since)) / 1000);
  return Math.max(0, Math.min(Math.floor(claimedSeconds), elapsed, MAX_SECONDS_PER_REPORT));
}

/** The state after a report: time added (capped) and the server's clock as the new mark. */
export function applyReadingReport(state: ReadingState, claimedSeconds: number, now: Date): ReadingState {
  return {
    openedAt: state.openedAt ?? now.toISOString(),
    lastSeenAt: now.toISOString(),
    activeSeconds: state.activeSeconds + acceptedSeconds(state, claimedSeconds, now),
  };
}

/** 0 分钟, 12 分钟, 1 小时 5 分钟: how study time reads on pages and exports. */
export function formatStudyTime(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds > 0 && minutes === 0 ? "不足 1 分钟" : `${minutes} 分钟`;
  const rest = minutes % 60;
  return rest ? `${Math.floor(minutes / 60)} 小时 ${rest} 分钟` : `${Math.floor(minutes / 60)} 小时`;
}
