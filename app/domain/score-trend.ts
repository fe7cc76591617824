/** The score trend of one cadre over quarters: the best attempt of each period (the best counts). */
export type TrendPoint = { period: string; percent: number };

export function trendByPeriod(
  attempts: ReadonlyArray<{ period: string | null; score: number | null; maxScore: number; pending: boolean }>,
): TrendPoint[] {
  const best = new Map<string, number>();
  for (const a of attempts) {
    if (!a.period || a.score === null || a.pending || a.maxScore <= 0) continue;
    const percent = Math.round((a.score / a.maxScore) * 1000) / 10;
    best.set(a.period, Math.max(best.get(a.period) ?? 0, percent));
  }
  return [...best.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([period, percent]) => ({ period, percent }));
}
