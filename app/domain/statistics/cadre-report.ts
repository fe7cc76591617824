/**
 * One cadre's record across exams and quarters, for organizers (成绩报告): per exam the
 * counted result under the same rules as the exam report (outcomes.ts), and the trend of the
 * best quarterly result per quarter.
 */
import type { ExamKind } from "../../../db/schema";
import { secondsUsed } from "../exams/attempt-time";
import { type TrendPoint, trendByPeriod } from "../score-trend";

import { type AttemptFact, cadreOutcome, type OutcomeState, shownAttempt } from "./outcomes";
import { percentOf } from "./rounding";

export type CadreExamFact = {
  examId: number;
  title: string;
  kind: ExamKind;
  period: string | null;
  opensAt: string;
  /** Whether the cadre was assigned (an attempt without an assignment still shows). */
  assigned: boolean;
  /** Published and its window not over: not taking it yet is not 未参考. */
  stillOpen?: boolean;
  attempts: AttemptFact[];
};

/** A row's state: the outcome, or `open` for an exam still running that the cadre has not started. */
export type CadreRowState = OutcomeState | "open";

export type CadreExamRow = {
  examId: number;
  title: string;
  kind: ExamKind;
  period: string | null;
  state: CadreRowState;
  /** The best score once final; null while absent, in progress or pending. */
  bestScore: number | null;
  maxScore: number | null;
  passed: boolean | null;
  attempts: number;
  /** Of the counted attempt (the best, or the latest while pending). */
  timeUsedSeconds: number | null;
  finishedAt: string | null;
};

export type CadreReport = {
  rows: CadreExamRow[];
  trend: TrendPoint[];
  /**
   * Exams assigned or attempted (not counting those still open and not started: `open`),
   * exams handed in, exams passed (of the graded), pass rate.
   */
  totals: { exams: number; took: number; graded: number; passed: number; passRate: number | null; open: number };
};

/** Newest exam first (by opening time), as 成绩档案 lists them. */
export function cadreReport(exams: readonly CadreExamFact[]): CadreReport {
  const rows = [...exams]
    .sort((a, b) => b.opensAt.localeCompare(a.opensAt) || b.examId - a.examId)
    .map((exam): CadreExamRow => {
      const outcome = cadreOutcome(exam.attempts);
      const shown = shownAttempt(outcome);
      return {
        examId: exam.examId,
        title: exam.title,
        kind: exam.kind,
        period: exam.period,
        state: outcome.state === "absent" && exam.stillOpen ? "open" : outcome.state,
        bestScore: outcome.state === "final" ? outcome.best.score : null,
        maxScore: shown?.maxScore ?? null,
        passed: outcome.state === "final" ? outcome.passed : null,
        attempts: outcome.attempts,
        timeUsedSeconds: shown?.finishedAt ? secondsUsed(new Date(shown.startedAt), new Date(shown.finishedAt)) : null,
        finishedAt: shown?.finishedAt ?? null,
      };
    });
  const took = rows.filter((r) => r.state === "final" || r.state === "pending").length;
  const graded = rows.filter((r) => r.state === "final");
  const passed = graded.filter((r) => r.passed).length;
  return {
    rows,
    trend: trendByPeriod(
      rows
        .filter((r) => r.kind === "quarterly" && r.state === "final")
        .map((r) => ({ period: r.period, score: r.bestScore, maxScore: r.maxScore ?? 0, pending: false, passed: r.passed })),
    ),
    totals: {
      exams: rows.filter((r) => r.state !== "open").length,
      took,
      graded: graded.length,
      passed,
      passRate: percentOf(passed, graded.length),
      open: rows.filter((r) => r.state === "open").length,
    },
  };
}
