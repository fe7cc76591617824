/**
 * Participation, pass rate and the score distribution of a group of cadres (the whole
 * audience, or one organization). Definitions: docs/decisions/0007-report-statistics.md.
 */
import type { CadreOutcome } from "./outcomes";
import { fromCents, percentOf, roundRatio, roundScore, toCents } from "./rounding";

export type GroupStats = {
  /** 应考: the materialized audience. */
  assigned: number;
  /** 实考: handed in at least one attempt (graded or pending). */
  took: number;
  /** 待阅卷: took it, but an essay still waits for a grader. */
  pending: number;
  /** Took it with every attempt graded: the base of the pass rate and the score statistics. */
  graded: number;
  passed: number;
  /** 参考率 = took / assigned, percent with 1 decimal. */
  participationRate: number | null;
  /** 及格率 = passed / graded, percent with 1 decimal. */
  passRate: number | null;
  /** 平均分 of the graded cadres' best scores, 2 decimals. */
  mean: number | null;
};

export type HistogramBin = {
  /** Points, 2 decimals: [from, to), the last bin [from, to]. */
  from: number;
  to: number;
  count: number;
  /** Share of the graded cadres, percent with 1 decimal. */
  share: number | null;
};

export type ExamSummary = GroupStats & {
  median: number | null;
  max: number | null;
  min: number | null;
  /** Population standard deviation (the graded cadres are the whole group, not a sample). */
  sd: number | null;
  /** The paper's full marks, for the histogram's axis. */
  maxScore: number;
  histogram: HistogramBin[];
};

export const HISTOGRAM_BINS = 10;

/** Best scores (as a fraction of their own paper) of the graded cadres. */
function gradedScores(outcomes: readonly CadreOutcome[]): Array<{ cents: number; maxCents: number }> {
  return outcomes.flatMap((o) => (o.state === "final" ? [{ cents: toCents(o.best.score ?? 0), maxCents: toCents(o.best.maxScore) }] : []));
}

export function groupStats(outcomes: readonly CadreOutcome[]): GroupStats {
  let took = 0;
  let pending = 0;
  let passed = 0;
  for (const o of outcomes) {
    if (o.state === "pending" || o.state === "final") took++;
    if (o.state === "pending") pending++;
    if (o.state === "final" && o.passed) passed++;
  }
  const scores = gradedScores(outcomes);
  const graded = scores.length;
  const total = scores.reduce((sum, s) => sum + s.cents, 0);
  return {
    assigned: outcomes.length,
    took,
    pending,
    graded,
    passed,
    participationRate: percentOf(took, outcomes.length),
    passRate: percentOf(passed, graded),
    mean: graded === 0 ? null : roundRatio(total, graded * 100, 2),
  };
}

/** Middle of the sorted scores; the mean of the two middle ones for an even count (half up in hundredths). */
export function medianOfCents(cents: readonly number[]): number | null {
  if (cents.length === 0) return null;
  const sorted = [...cents].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? fromCents(sorted[mid]) : roundRatio(sorted[mid - 1] + sorted[mid], 200, 2);
}

export function populationSd(cents: readonly number[]): number | null {
  if (cents.length === 0) return null;
  const mean = cents.reduce((s, c) => s + c, 0) / cents.length;
  const variance = cents.reduce((s, c) => s + (c - mean) ** 2, 0) / cents.length;
  return roundScore(Math.sqrt(variance) / 100);
}

/**
 * Ten equal bins over 0–full marks: bin i holds scores in [i·max/10, (i+1)·max/10), the last
 * bin also full marks. Each score is placed by its own paper's full marks, in hundredths, so
 * 60 of 100 lands in 60–70 exactly (no floating-point edge).
 */
export function histogram(scores: ReadonlyArray<{ cents: number; maxCents: number }>, maxScore: number, bins = HISTOGRAM_BINS): HistogramBin[] {
  const counts = new Array<number>(bins).fill(0);
  for (const { cents, maxCents } of scores) {
    if (maxCents <= 0) continue;
    const at = Math.floor((bins * cents) / maxCents);
    counts[Math.min(bins - 1, Math.max(0, at))]++;
  }
  const maxCents = toCents(maxScore);
  return counts.map((count, i) => ({
    from: roundRatio(maxCents * i, 100 * bins, 2),
    to: roundRatio(maxCents * (i + 1), 100 * bins, 2),
    count,
    share: percentOf(count, scores.length),
  }));
}

export function examSummary(outcomes: readonly CadreOutcome[], maxScore: number): ExamSummary {
  const scores = gradedScores(outcomes);
  const cents = scores.map((s) => s.cents);
  return {
    ...groupStats(outcomes),
    median: medianOfCents(cents),
    max: cents.length ? fromCents(cents.reduce((m, c) => Math.max(m, c))) : null,
    min: cents.length ? fromCents(cents.reduce((m, c) => Math.min(m, c))) : null,
    sd: populationSd(cents),
    maxScore,
    histogram: histogram(scores, maxScore),
  };
}
