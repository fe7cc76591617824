import { cadreReport, type CadreExamFact } from "~/domain/statistics/cadre-report";
import { cadreHistoryTable, cadreTrendTable } from "~/domain/statistics/report-tables";

import { attempt } from "./statistics-fixtures";

const exam = (examId: number, overrides: Partial<CadreExamFact>): CadreExamFact => ({
  examId,
  title: `考试${examId}`,
  kind: "quarterly",
  period: null,
  opensAt: "2026-01-01T00:00:00.000Z",
  assigned: true,
  attempts: [],
  ...overrides,
});

describe("one cadre's record across exams and quarters", () => {
  const report = cadreReport([
    exam(1, {
      period: "2026-Q3",
      opensAt: "2026-07-10T00:00:00.000Z",
      attempts: [
        attempt({ attemptNo: 1, score: 55, passed: false }),
        attempt({ attemptNo: 2, score: 75, passed: true, startedAt: "2026-07-11T02:00:00.000Z", finishedAt: "2026-07-11T02:20:05.000Z" }),
      ],
    }),
    exam(2, { period: "2026-Q4", opensAt: "2026-10-10T00:00:00.000Z", attempts: [attempt({ score: 40, passed: null, pending: true })] }),
    exam(3, { kind: "knowledge_test", opensAt: "2026-09-01T00:00:00.000Z" }),
    exam(4, { period: "2026-Q2", opensAt: "2026-04-10T00:00:00.000Z", attempts: [attempt({ score: 45, maxScore: 50, passed: true })] }),
  ]);

  test("each exam shows its counted result under the exam report's rules, newest first", () => {
    expect(report.rows.map((r) => [r.examId, r.state, r.bestScore, r.passed, r.attempts])).toEqual([
      [2, "pending", null, null, 1],
      [3, "absent", null, null, 0],
      [1, "final", 75, true, 2],
      [4, "final", 45, true, 1],
    ]);
    expect(report.rows[2].timeUsedSeconds).toBe(20 * 60 + 5);
  });

  test("the trend has the best quarterly result of each graded quarter as a percentage", () => {
    expect(report.trend).toEqual([
      { period: "2026-Q2", percent: 90, passed: true },
      { period: "2026-Q3", percent: 75, passed: true },
    ]);
    expect(report.totals).toEqual({ exams: 4, took: 3, graded: 2, passed: 2, passRate: 100, open: 0 });
  });

  test("the exported tables carry the same numbers and labels", () => {
    const table = cadreHistoryTable(report, (iso) => iso.slice(0, 10));
    expect(table.rows[0]).toEqual([1, "考试2", "季度考试", "2026-Q4", null, 100, "待阅卷", 1, "30 分 0 秒", "2026-11-20", "待阅卷"]);
    expect(table.rows[1]).toEqual([2, "考试3", "知识测试", "—", null, null, "—", 0, "—", "—", "未参考"]);
    expect(table.rows[2].slice(4, 8)).toEqual([75, 100, "是", 2]);
    expect(cadreTrendTable(report).rows).toEqual([
      ["2026-Q2", 90],
      ["2026-Q3", 75],
    ]);
  });
});

describe("an exam still running", () => {
  test("is not 未参考 before the cadre has started it, and does not count as missed", () => {
    const report = cadreReport([
      exam(1, { stillOpen: true }),
      exam(2, { stillOpen: false }),
      exam(3, { stillOpen: true, attempts: [attempt({ score: 80, passed: true })] }),
    ]);
    expect(report.rows.map((r) => [r.examId, r.state])).toEqual([
      [3, "final"],
      [2, "absent"],
      [1, "open"],
    ]);
    expect(report.totals).toMatchObject({ exams: 2, took: 1, open: 1 });
    const states = cadreHistoryTable(report, (iso) => iso).rows.map((row) => row.at(-1));
    expect(states).toEqual(["已完成", "未参考", "进行中，尚未参加"]);
  });
});
