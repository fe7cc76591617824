/**
 * 每季一考: each cadre's result in a quarter, and the table organization × quarter.
 * Definitions: docs/decisions/0014-statistics-scope-and-definitions.md.
 * - A cadre is in a quarter when assigned to at least one quarterly exam of that period;
 *   they count under the organization of that assignment (where the result is earned).
 * - Per exam the exam report's rule applies (outcomes.ts: the best attempt counts, an
 *   answered essay waiting for a grader holds the exam back). Of several quarterly exams in
 *   one quarter the best graded one counts (a pass before a fail, then the higher score on a
 *   100-point scale); with none graded but one waiting, the cadre is 待阅卷: they took it, but
 *   are in no pass rate or mean yet.
 */
import { type AttemptFact, cadreOutcome } from "./outcomes";
import { percentOf, roundRatio, toCents } from "./rounding";

export type QuarterAssignment = { userId: number; examId: number; period: string; orgId: number };
export type ExamAttemptFact = AttemptFact & { examId: number };

export type QuarterResult = {
  userId: number;
  period: string;
  orgId: number;
  state: "absent" | "in_progress" | "pending" | "final";
  /** The counted score on a 100-point scale (2 decimals); final only. */
  percent: number | null;
  passed: boolean | null;
  /** Of the counted attempt; final only. */
  startedAt: string | null;
  finishedAt: string | null;
};

/** score / full marks × 100, 2 decimals, from hundredths of points. */
export function percentScore(score: number, maxScore: number): number {
  return maxScore <= 0 ? 0 : roundRatio(toCents(score) * 100, toCents(maxScore), 2);
}

export function quarterResults(assignments: readonly QuarterAssignment[], attempts: readonly ExamAttemptFact[]): QuarterResult[] {
  const attemptsOf = new Map<string, ExamAttemptFact[]>();
  for (const a of attempts) {
    const key = `${a.userId}|${a.examId}`;
    const list = attemptsOf.get(key);
    if (list) list.push(a);
    else attemptsOf.set(key, [a]);
  }
  const groups = new Map<string, QuarterAssignment[]>();
  for (const a of assignments) {
    const key = `${a.userId}|${a.period}`;
    const list = groups.get(key);
    if (list) list.push(a);
    else groups.set(key, [a]);
  }
  const results: QuarterResult[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => a.examId - b.examId);
    const latest = sorted[sorted.length - 1];
    let best: QuarterResult | null = null;
    let pending: QuarterAssignment | null = null;
    let inProgress: QuarterAssignment | null = null;
    for (const assignment of sorted) {
      const outcome = cadreOutcome(attemptsOf.get(`${assignment.userId}|${assignment.examId}`) ?? []);
      if (outcome.state === "final") {
        const candidate: QuarterResult = {
          userId: assignment.userId,
          period: assignment.period,
          orgId: assignment.orgId,
          state: "final",
          percent: percentScore(outcome.best.score ?? 0, outcome.best.maxScore),
          passed: outcome.passed,
          startedAt: outcome.best.startedAt,
          finishedAt: outcome.best.finishedAt,
        };
        if (!best || (candidate.passed && !best.passed) || (candidate.passed === best.passed && candidate.percent! > best.percent!)) best = candidate;
      } else if (outcome.state === "pending") pending ??= assignment;
      else if (outcome.state === "in_progress") inProgress ??= assignment;
    }
    if (best) results.push(best);
    else {
      const shown = pending ?? inProgress ?? latest;
      results.push({
        userId: shown.userId,
        period: shown.period,
        orgId: shown.orgId,
        state: pending ? "pending" : inProgress ? "in_progress" : "absent",
        percent: null,
        passed: null,
        startedAt: null,
        finishedAt: null,
      });
    }
  }
  return results.sort((a, b) => a.period.localeCompare(b.period) || a.userId - b.userId);
}

export type QuarterCell = {
  /** 应考: cadres assigned a quarterly exam of the period. */
  assigned: number;
  /** 实考: handed one in (graded or waiting for an essay grade). */
  took: number;
  pending: number;
  graded: number;
  passed: number;
  /** 参考率 = took / assigned. */
  participationRate: number | null;
  /** 及格率 = passed / graded. */
  passRate: number | null;
  /** 平均分 (百分制) over the graded cadres. */
  mean: number | null;
};

export function quarterCell(results: readonly QuarterResult[]): QuarterCell {
  let took = 0;
  let pending = 0;
  let passed = 0;
  let graded = 0;
  let cents = 0;
  for (const r of results) {
    if (r.state === "final" || r.state === "pending") took++;
    if (r.state === "pending") pending++;
    if (r.state === "final") {
      graded++;
      cents += Math.round(r.percent! * 100);
      if (r.passed) passed++;
    }
  }
  return {
    assigned: results.length,
    took,
    pending,
    graded,
    passed,
    participationRate: percentOf(took, results.length),
    passRate: percentOf(passed, graded),
    mean: graded === 0 ? null : roundRatio(cents, graded * 100, 2),
  };
}

/** One row of the table; a null cell = the organization had no quarterly exam that quarter (未组织). */
export type QuarterRow = { orgId: number | null; orgName: string; cells: Array<QuarterCell | null> };

/**
 * Rows for `orgs` (tree order) and a 合计 row, columns for `periods`. A cell is null when
 * nobody of the organization was assigned a quarterly exam of that period.
 */
export function quarterlyTable(results: readonly QuarterResult[], orgs: ReadonlyArray<{ id: number; name: string }>, periods: readonly string[]): { rows: QuarterRow[]; total: QuarterRow } {
  const byKey = new Map<string, QuarterResult[]>();
  for (const r of results) {
    for (const key of [`${r.orgId}|${r.period}`, `*|${r.period}`]) {
      const list = byKey.get(key);
      if (list) list.push(r);
      else byKey.set(key, [r]);
    }
  }
  const cellOf = (key: string) => {
    const list = byKey.get(key);
    return list ? quarterCell(list) : null;
  };
  return {
    rows: orgs.map((o) => ({ orgId: o.id, orgName: o.name, cells: periods.map((p) => cellOf(`${o.id}|${p}`)) })),
    total: { orgId: null, orgName: "合计", cells: periods.map((p) => cellOf(`*|${p}`)) },
  };
}

export type TrendPoint = { period: string; participationRate: number | null; passRate: number | null };

/** Participation and pass rate of everyone in scope, quarter by quarter (null where nothing was held). */
export function quarterTrend(results: readonly QuarterResult[], periods: readonly string[]): TrendPoint[] {
  return periods.map((period) => {
    const list = results.filter((r) => r.period === period);
    const cell = list.length ? quarterCell(list) : null;
    return { period, participationRate: cell?.participationRate ?? null, passRate: cell?.passRate ?? null };
  });
}
