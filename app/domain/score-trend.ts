/**
 * The score trend of one cadre over quarters: the best attempt of each period (the best
 * counts), and whether that best attempt passed, so a failed quarter is not drawn like a pass.
 */
export type TrendPoint = { period: string; percent: number; passed: boolean };

export function trendByPeriod(
  attempts: ReadonlyArray<{ period: string | null; score: number | null; maxScore: number; pending: boolean; passed?: boolean | null }>,
): TrendPoint[] {
  const best = new Map<string, { percent: number; passed: boolean }>();
  for (const a of attempts) {
    if (!a.period || a.score === null || a.pending || a.maxScore <= 0) continue;
    const percent = Math.round((a.score / a.maxScore) * 1000) / 10;
    const passed = Boolean(a.passed);
    const current = best.get(a.period);
    // A pass beats a fail whatever the percentages (section minimums can fail a higher score).
    if (!current || (passed && !current.passed) || (passed === current.passed && percent > current.percent)) best.set(a.period, { percent, passed });
  }
  return [...best.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([period, point]) => ({ period, ...point }));
}

/** How a trend bar reads aloud: `2026-Q3 75%（及格）`. */
export function trendPointLabel(point: TrendPoint, percent: string): string {
  return `${point.period} ${percent}（${point.passed ? "及格" : "不及格"}）`;
}
