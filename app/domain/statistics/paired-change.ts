/**
 * 以考促学 evidence: for cadres graded in two consecutive quarters, the change of their
 * quarter score (100-point scale) from the earlier to the later one; split by whether they
 * practised (练习) between the two: at least PRACTISED_MIN_ANSWERS practice answers after
 * handing in the earlier exam and before starting the later one. Fewer than MIN_PAIRS pairs
 * mean nothing, and the page says so.
 */
import { medianOfCents } from "./exam-summary";
import { previousPeriod } from "./periods";
import type { QuarterResult } from "./quarterly";
import { percentOf, roundRatio } from "./rounding";

export const MIN_PAIRS = 10;
export const PRACTISED_MIN_ANSWERS = 10;

export type ScorePair = { userId: number; orgId: number; from: string; to: string; change: number; practised: boolean };

/** How many sorted instants lie strictly between `after` and `before`. */
function countBetween(sorted: readonly string[], after: string, before: string): number {
  const lowerBound = (value: string) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] <= value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const firstAfter = lowerBound(after);
  let lo = firstAfter;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < before) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - firstAfter);
}

/**
 * Pairs whose later quarter is one of `periods` (so a year's first quarter pairs with the
 * previous year's fourth). `practice` holds each cadre's practice answer times, sorted.
 * The pair counts under the organization of the later quarter.
 */
export function scorePairs(results: readonly QuarterResult[], periods: readonly string[], practice: ReadonlyMap<number, readonly string[]>): ScorePair[] {
  const graded = new Map<string, QuarterResult>();
  for (const r of results) if (r.state === "final") graded.set(`${r.userId}|${r.period}`, r);
  const pairs: ScorePair[] = [];
  for (const to of periods) {
    const from = previousPeriod(to);
    for (const later of results) {
      if (later.period !== to || later.state !== "final") continue;
      const earlier = graded.get(`${later.userId}|${from}`);
      if (!earlier) continue;
      const times = practice.get(later.userId) ?? [];
      const practised = countBetween(times, earlier.finishedAt!, later.startedAt!) >= PRACTISED_MIN_ANSWERS;
      pairs.push({ userId: later.userId, orgId: later.orgId, from, to, change: roundRatio(Math.round(later.percent! * 100) - Math.round(earlier.percent! * 100), 100, 2), practised });
    }
  }
  return pairs;
}

export type ChangeStats = {
  pairs: number;
  /** Mean change in points (100-point scale), 2 decimals. */
  meanChange: number | null;
  medianChange: number | null;
  improved: number;
  /** Share of pairs whose later score is higher, percent. */
  improvedShare: number | null;
  /** Fewer than MIN_PAIRS pairs: too few to mean anything. */
  tooFew: boolean;
};

export function changeStats(pairs: readonly ScorePair[]): ChangeStats {
  const cents = pairs.map((p) => Math.round(p.change * 100));
  const improved = pairs.filter((p) => p.change > 0).length;
  return {
    pairs: pairs.length,
    meanChange: pairs.length === 0 ? null : roundRatio(cents.reduce((s, c) => s + c, 0), pairs.length * 100, 2),
    medianChange: medianOfCents(cents),
    improved,
    improvedShare: percentOf(improved, pairs.length),
    tooFew: pairs.length < MIN_PAIRS,
  };
}
