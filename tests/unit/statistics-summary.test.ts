import { buildExamReport, type ReportMember } from "~/domain/statistics/exam-report";
import { examSummary, groupStats, histogram, medianOfCents, populationSd } from "~/domain/statistics/exam-summary";
import { formatIndex, formatPercent, formatScore } from "~/domain/statistics/format";
import type { CadreOutcome } from "~/domain/statistics/outcomes";
import { percentOf, roundRatio } from "~/domain/statistics/rounding";

import { absent, attempt, final, inProgress, pending } from "./statistics-fixtures";

describe("rounding (computed once, printed the same everywhere)", () => {
  test("percentages have 1 decimal, halves round away from zero, and 0 of 0 is no value", () => {
    expect(percentOf(5, 6)).toBe(83.3);
    expect(percentOf(1, 8)).toBe(12.5);
    expect(percentOf(1, 16)).toBe(6.3); // 6.25 → 6.3, not 6.2
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(0, 0)).toBeNull();
    expect(roundRatio(-1, 8, 2)).toBe(-0.13); // -0.125 → -0.13
  });

  test("printing adds the unit only: 100.0%, 85.5, 0.33, — for no value", () => {
    expect(formatPercent(100)).toBe("100.0%");
    expect(formatPercent(null)).toBe("—");
    expect(formatScore(85.5)).toBe("85.5");
    expect(formatIndex(-0.1)).toBe("-0.10");
  });
});

describe("exam summary", () => {
  // 应考 8: six graded (95, 82.5, 60, 59.5, 40, 72.25), one pending, one absent.
  const outcomes: CadreOutcome[] = [final(95), final(82.5), final(60), final(59.5), final(40), final(72.25), pending, absent];
  const summary = examSummary(outcomes, 100);

  test("participation counts everyone who handed in; pass rate and scores only the graded", () => {
    expect(summary).toMatchObject({ assigned: 8, took: 7, pending: 1, graded: 6, passed: 4 });
    expect(summary.participationRate).toBe(87.5); // 7 / 8
    expect(summary.passRate).toBe(66.7); // 4 / 6 (60 is a pass, 59.5 is not)
  });

  test("mean, median, highest, lowest and population standard deviation, by hand", () => {
    // sum = 95 + 82.5 + 60 + 59.5 + 40 + 72.25 = 409.25; / 6 = 68.2083… → 68.21
    expect(summary.mean).toBe(68.21);
    // sorted 40, 59.5, 60, 72.25, 82.5, 95: (60 + 72.25) / 2 = 66.125 → 66.13
    expect(summary.median).toBe(66.13);
    expect(summary.max).toBe(95);
    expect(summary.min).toBe(40);
    // deviations² from 68.208333: 717.79, 204.25, 67.38, 75.84, 795.71, 16.34 → Σ = 1877.30; /6 = 312.88; √ = 17.6885 → 17.69
    expect(summary.sd).toBe(17.69);
  });

  test("median of an odd count is the middle score; nothing graded gives no values", () => {
    expect(medianOfCents([7000, 5000, 9000])).toBe(70);
    expect(examSummary([absent, inProgress, pending], 100)).toMatchObject({ took: 1, graded: 0, passRate: null, mean: null, median: null, max: null, min: null, sd: null });
    expect(populationSd([8000])).toBe(0);
  });

  test("an empty audience has no rates instead of dividing by zero", () => {
    expect(groupStats([])).toMatchObject({ assigned: 0, participationRate: null, passRate: null, mean: null });
  });
});

describe("score histogram", () => {
  const at = (score: number, max = 100) => ({ cents: Math.round(score * 100), maxCents: Math.round(max * 100) });

  test("ten bins of 0–max: the lower edge is in, the upper edge is out, the last bin holds full marks", () => {
    const bins = histogram([at(0), at(9.99), at(10), at(59.99), at(60), at(89.99), at(90), at(100)], 100);
    expect(bins.map((b) => b.count)).toEqual([2, 1, 0, 0, 0, 1, 1, 0, 1, 2]);
    expect(bins[0]).toEqual({ from: 0, to: 10, count: 2, share: 25 });
    expect(bins[9]).toMatchObject({ from: 90, to: 100, count: 2 });
  });

  test("bins follow the paper's full marks (90 points: 9-point bins), each score by its own paper", () => {
    const bins = histogram([at(54, 90), at(53.99, 90), at(90, 90)], 90);
    expect(bins.map((b) => [b.from, b.to])[6]).toEqual([54, 63]);
    expect(bins[6].count).toBe(1); // 54 of 90 is exactly 60%
    expect(bins[5].count).toBe(1);
    expect(bins[9].count).toBe(1);
    expect(histogram([], 75)[1]).toEqual({ from: 7.5, to: 15, count: 0, share: null });
  });

  test("the summary's histogram counts the graded cadres only", () => {
    const summary = examSummary([final(65), final(65), pending, absent], 100);
    expect(summary.histogram[6]).toMatchObject({ count: 2, share: 100 });
    expect(summary.histogram.reduce((n, b) => n + b.count, 0)).toBe(2);
  });
});

describe("the report: by organization, participants and non-participants", () => {
  const member = (userId: number, orgId: number, employeeNo: string): ReportMember => ({
    userId,
    employeeNo,
    name: `干部${userId}`,
    orgId,
    orgName: orgId === 10 ? "东林党支部" : "西林党支部",
    rank: "staff",
    isLeader: false,
  });
  const orgs = [
    { id: 10, name: "东林党支部" },
    { id: 20, name: "西林党支部" },
  ];
  // West is listed first on purpose: the tables follow the org tree, then 工号.
  const members = [member(4, 20, "W2"), member(3, 20, "W1"), member(1, 10, "E1"), member(2, 10, "E2")];
  const outcomes = new Map<number, CadreOutcome>([
    [1, final(90)],
    [2, final(50)],
    [3, { state: "final", attempts: 2, best: attempt({ userId: 3, score: 70, status: "expired", startedAt: "2026-11-20T01:00:00.000Z", finishedAt: "2026-11-20T01:45:30.000Z" }), passed: true }],
    [4, inProgress],
  ]);
  const report = buildExamReport({ members, orgs, outcomes, maxScore: 100, items: [] });

  test("each organization's row counts its own cadres; the rows add up to the summary", () => {
    expect(report.byOrg).toEqual([
      { orgId: 10, orgName: "东林党支部", assigned: 2, took: 2, pending: 0, graded: 2, passed: 1, participationRate: 100, passRate: 50, mean: 70 },
      { orgId: 20, orgName: "西林党支部", assigned: 2, took: 1, pending: 0, graded: 1, passed: 1, participationRate: 50, passRate: 100, mean: 70 },
    ]);
    expect(report.summary).toMatchObject({ assigned: 4, took: 3, passed: 2, participationRate: 75, passRate: 66.7, mean: 70 });
  });

  test("成绩明细 lists who handed in with the counted attempt; 未参考名单 the rest (作答中 included)", () => {
    expect(report.participants.map((p) => [p.seq, p.employeeNo, p.score, p.passed, p.attempts])).toEqual([
      [1, "E1", 90, true, 1],
      [2, "E2", 50, false, 1],
      [3, "W1", 70, true, 2],
    ]);
    expect(report.participants[2]).toMatchObject({ attemptStatus: "expired", timeUsedSeconds: 45 * 60 + 30 });
    expect(report.absentees).toEqual([{ seq: 1, employeeNo: "W2", name: "干部4", orgName: "西林党支部", rank: "staff", isLeader: false, state: "in_progress" }]);
  });

  test("a pending cadre is in 成绩明细 without a score or a pass", () => {
    const withPending = buildExamReport({ members: [member(1, 10, "E1")], orgs, outcomes: new Map([[1, pending]]), maxScore: 100, items: [] });
    expect(withPending.participants[0]).toMatchObject({ state: "pending", score: null, passed: null });
    expect(withPending.summary).toMatchObject({ took: 1, pending: 1, graded: 0, passRate: null });
  });
});
