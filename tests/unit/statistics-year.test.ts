/** The year's statistics against tables computed by hand (docs/decisions/0014). */
import { complianceSummary, leaderCompliance, type LeaderFact } from "~/domain/statistics/compliance";
import { masteryByOrg, masteryByTag, type ItemAggregate } from "~/domain/statistics/mastery";
import { changeStats, scorePairs } from "~/domain/statistics/paired-change";
import { periodsOfYear, yearRange } from "~/domain/statistics/periods";
import { type ExamAttemptFact, type QuarterAssignment, quarterResults, quarterlyTable, quarterTrend } from "~/domain/statistics/quarterly";
import { NOT_HELD, quarterlyTable as quarterlySheet } from "~/domain/statistics/year-tables";

import { attempt } from "./statistics-fixtures";

const A = { id: 1, name: "东林党支部" };
const B = { id: 2, name: "西林党支部" };
const periods = periodsOfYear(2026);

/** An attempt handed in at `at` (ISO), graded `score` of `max` with pass mark 60 % unless said. */
function graded(userId: number, examId: number, score: number, at: string, over: Partial<ExamAttemptFact> = {}): ExamAttemptFact {
  const max = over.maxScore ?? 100;
  return { ...attempt({ userId, score, maxScore: max, passed: score / max >= 0.6, startedAt: at, finishedAt: at, ...over }), examId };
}

// Exams: 10 = 2025-Q4, 1 = Q1, 2 = Q2 (and 22, a Q2 makeup worth 50), 3 = Q3 for A only; nothing in Q4.
const assignments: QuarterAssignment[] = [
  { userId: 1, examId: 10, period: "2025-Q4", orgId: A.id },
  { userId: 1, examId: 1, period: "2026-Q1", orgId: A.id },
  { userId: 2, examId: 1, period: "2026-Q1", orgId: A.id },
  { userId: 3, examId: 1, period: "2026-Q1", orgId: B.id },
  { userId: 4, examId: 1, period: "2026-Q1", orgId: B.id },
  { userId: 1, examId: 2, period: "2026-Q2", orgId: A.id },
  { userId: 2, examId: 2, period: "2026-Q2", orgId: A.id },
  // Cadre 3 moved from west to east between the quarters: each result stays where it was earned.
  { userId: 3, examId: 2, period: "2026-Q2", orgId: A.id },
  { userId: 4, examId: 2, period: "2026-Q2", orgId: B.id },
  { userId: 4, examId: 22, period: "2026-Q2", orgId: B.id },
  { userId: 1, examId: 3, period: "2026-Q3", orgId: A.id },
  { userId: 2, examId: 3, period: "2026-Q3", orgId: A.id },
];
const attempts: ExamAttemptFact[] = [
  graded(1, 10, 70, "2025-11-10T02:00:00.000Z"),
  graded(1, 1, 80, "2026-02-10T02:00:00.000Z"),
  // An essay waits for its grader: 2 took Q1 but is in no pass rate or mean yet.
  graded(2, 1, 95, "2026-02-11T02:00:00.000Z", { pending: true, passed: null }),
  graded(3, 1, 40, "2026-02-12T02:00:00.000Z"),
  // Two attempts at Q2: 50 then 70; the best counts.
  graded(1, 2, 50, "2026-05-10T02:00:00.000Z", { attemptNo: 1 }),
  graded(1, 2, 70, "2026-05-11T02:00:00.000Z", { attemptNo: 2 }),
  { ...attempt({ userId: 2, status: "in_progress", score: null, passed: null, startedAt: "2026-05-12T02:00:00.000Z", finishedAt: null }), examId: 2 },
  graded(3, 2, 60, "2026-05-13T02:00:00.000Z"),
  graded(4, 2, 100, "2026-05-14T02:00:00.000Z"),
  graded(4, 22, 45, "2026-05-20T02:00:00.000Z", { maxScore: 50 }),
  graded(2, 3, 90, "2026-08-10T02:00:00.000Z"),
];
const results = quarterResults(assignments, attempts);

describe("每季一考: organization × quarter", () => {
  test("each cell, checked by hand: pending counted as taken but not graded, the best attempt, the moved cadre, an exam not held", () => {
    const { rows, total } = quarterlyTable(results, [A, B], periods);
    const figures = (cell: (typeof rows)[number]["cells"][number]) => (cell ? [cell.assigned, cell.took, cell.graded, cell.passed, cell.participationRate, cell.passRate, cell.mean] : null);
    expect(rows.map((r) => [r.orgName, r.cells.map(figures)])).toEqual([
      ["东林党支部", [[2, 2, 1, 1, 100, 100, 80], [3, 2, 2, 2, 66.7, 100, 65], [2, 1, 1, 1, 50, 100, 90], null]],
      ["西林党支部", [[2, 1, 1, 0, 50, 0, 40], [1, 1, 1, 1, 100, 100, 100], null, null]],
    ]);
    expect(total.cells.map(figures)).toEqual([[4, 3, 2, 1, 75, 50, 60], [4, 3, 3, 3, 75, 100, 76.67], [2, 1, 1, 1, 50, 100, 90], null]);
    expect(quarterTrend(results, periods)).toEqual([
      { period: "2026-Q1", participationRate: 75, passRate: 50 },
      { period: "2026-Q2", participationRate: 75, passRate: 100 },
      { period: "2026-Q3", participationRate: 50, passRate: 100 },
      { period: "2026-Q4", participationRate: null, passRate: null },
    ]);
  });

  test("of two quarterly exams in one quarter the better one counts, on a 100-point scale", () => {
    const four = results.find((r) => r.userId === 4 && r.period === "2026-Q2")!;
    expect(four).toMatchObject({ state: "final", percent: 100, passed: true });
    const worthFifty = quarterResults([{ userId: 9, examId: 22, period: "2026-Q2", orgId: B.id }], [graded(9, 22, 45, "2026-05-20T02:00:00.000Z", { maxScore: 50 })]);
    expect(worthFifty[0]).toMatchObject({ percent: 90, passed: true });
  });

  test("the sheet marks a quarter without an exam 未组织 and keeps the numbers as numbers", () => {
    const { rows, total } = quarterlyTable(results, [A, B], periods);
    const sheet = quarterlySheet(periods, rows, total);
    expect(sheet.columns.slice(0, 6).map((c) => c.header)).toEqual(["单位", "第一季度应考", "第一季度实考", "第一季度参考率", "第一季度及格率", "第一季度平均分"]);
    expect(sheet.rows[1]).toEqual(["西林党支部", 2, 1, 50, 0, 40, 1, 1, 100, 100, 100, NOT_HELD, null, null, null, null, NOT_HELD, null, null, null, null]);
    expect(sheet.rows.at(-1)![0]).toBe("合计");
  });
});

describe("领导干部年内必考", () => {
  const leader = (userId: number, orgId: number, employeeNo: string): LeaderFact => ({ userId, employeeNo, name: `领导${userId}`, orgId, orgName: orgId === 1 ? A.name : B.name, rank: "section" });
  const leaders = [leader(11, 1, "L003"), leader(12, 2, "L001"), leader(13, 1, "L002")];
  const taken = [
    { userId: 11, examId: 100, finishedAt: "2026-06-01T02:00:00.000Z" },
    { userId: 11, examId: 100, finishedAt: "2026-06-02T02:00:00.000Z" },
    // 23:59:59 on 31 December in Shanghai: still 2026.
    { userId: 11, examId: 101, finishedAt: "2026-12-31T15:59:59.000Z" },
    // 00:00 on 1 January in Shanghai (16:00 UTC the day before): 2027, not 2026.
    { userId: 12, examId: 102, finishedAt: "2026-12-31T16:00:00.000Z" },
    // 00:30 on 1 January 2026 in Shanghai, though still 2025 in UTC.
    { userId: 13, examId: 103, finishedAt: "2025-12-31T16:30:00.000Z" },
  ];
  const order = new Map([[1, 0], [2, 1]]);

  test("the year is the bureau's calendar year: those with no exam first, several attempts at one exam are one exam", () => {
    const rows = leaderCompliance(leaders, taken, yearRange(2026, "Asia/Shanghai"), order);
    expect(rows.map((r) => [r.employeeNo, r.exams, r.met])).toEqual([
      ["L001", 0, false],
      ["L002", 1, true],
      ["L003", 2, true],
    ]);
    expect(complianceSummary(rows)).toEqual({ leaders: 3, met: 2, notMet: 1 });
    const next = leaderCompliance(leaders, taken, yearRange(2027, "Asia/Shanghai"), order);
    expect(next.filter((r) => r.met).map((r) => r.employeeNo)).toEqual(["L001"]);
  });
});

describe("以考促学: paired change between consecutive quarters", () => {
  test("pairs, their mean, median and share improved; split by practice between the two exams; too few pairs said plainly", () => {
    // Cadre 3 practised 12 times between handing in Q1 and starting Q2; cadre 1 only 9 times between 2025-Q4 and Q1, and 12 times after starting the counted (second) attempt of Q2.
    const times = (from: string, n: number) => Array.from({ length: n }, (_, i) => new Date(Date.parse(from) + i * 3600_000).toISOString());
    const practice = new Map([
      [3, times("2026-03-01T00:00:00.000Z", 12)],
      [1, [...times("2025-12-01T00:00:00.000Z", 9), ...times("2026-05-11T03:00:00.000Z", 12)]],
    ]);
    const pairs = scorePairs(results, periods, practice);
    expect(pairs.map((p) => [p.userId, p.from, p.to, p.change, p.orgId, p.practised])).toEqual([
      [1, "2025-Q4", "2026-Q1", 10, A.id, false],
      [1, "2026-Q1", "2026-Q2", -10, A.id, false],
      [3, "2026-Q1", "2026-Q2", 20, A.id, true],
    ]);
    expect(changeStats(pairs)).toEqual({ pairs: 3, meanChange: 6.67, medianChange: 10, improved: 2, improvedShare: 66.7, tooFew: true });
    expect(changeStats(pairs.filter((p) => p.practised))).toMatchObject({ pairs: 1, meanChange: 20, improvedShare: 100 });
    expect(changeStats(pairs.filter((p) => !p.practised))).toMatchObject({ pairs: 2, meanChange: 0, medianChange: 0, improved: 1, improvedShare: 50 });
    expect(changeStats([])).toEqual({ pairs: 0, meanChange: null, medianChange: null, improved: 0, improvedShare: null, tooFew: true });
    const ten = Array.from({ length: 10 }, (_, i) => ({ ...pairs[0], userId: 100 + i }));
    expect(changeStats(ten).tooFew).toBe(false);
  });
});

describe("mastery by knowledge point", () => {
  const tags = new Map<number, string[]>([
    [1, ["纪律"]],
    [2, ["纪律", "程序"]],
    [3, []],
    [4, ["程序"]],
  ]);
  const aggregates: ItemAggregate[] = [
    { rowId: 1, orgId: 1, answers: 4, correct: 1, pointsCents: 300, maxCents: 800 },
    { rowId: 2, orgId: 1, answers: 4, correct: 3, pointsCents: 600, maxCents: 800 },
    { rowId: 3, orgId: 1, answers: 2, correct: 2, pointsCents: 400, maxCents: 400 },
    { rowId: 4, orgId: 1, answers: 2, correct: 2, pointsCents: 400, maxCents: 400 },
    { rowId: 1, orgId: 2, answers: 2, correct: 0, pointsCents: 0, maxCents: 400 },
  ];

  test("facility and score rate per tag, weakest first; a question with two tags counts under both; untagged under none", () => {
    expect(masteryByTag(aggregates, tags)).toEqual([
      { tag: "纪律", questions: 2, answers: 10, correct: 4, facility: 40, scoreRate: 45 },
      { tag: "程序", questions: 2, answers: 6, correct: 5, facility: 83.3, scoreRate: 83.3 },
    ]);
  });

  test("by organization: its overall facility (untagged included) and its weakest tags", () => {
    expect(masteryByOrg(aggregates, tags, [A, B]).map((o) => [o.orgName, o.answers, o.facility, o.weakest.map((w) => [w.tag, w.facility])])).toEqual([
      ["东林党支部", 12, 66.7, [["纪律", 50], ["程序", 83.3]]],
      ["西林党支部", 2, 0, [["纪律", 0]]],
    ]);
  });
});
