import { liveChartBars } from "~/domain/live-chart";

describe("the live view's chart", () => {
  test("splits the handed-in cadres by result, and every bar is a share of the assigned", () => {
    const bars = liveChartBars({ assigned: 20, notStarted: 8, inProgress: 2, submitted: 10, passed: 6, pendingGrading: 1 });
    expect(bars.map((b) => [b.key, b.count, b.tone])).toEqual([
      ["not_started", 8, "idle"],
      ["in_progress", 2, "busy"],
      ["passed", 6, "pass"],
      ["failed", 3, "fail"],
      ["pending", 1, "pending"],
    ]);
    expect(bars.reduce((n, b) => n + b.count, 0)).toBe(20);
    expect(bars[0].share).toBe(0.4);
  });
  test("an empty audience draws empty bars, not NaN", () => {
    expect(liveChartBars({ assigned: 0, notStarted: 0, inProgress: 0, submitted: 0, passed: 0, pendingGrading: 0 }).every((b) => b.share === 0)).toBe(true);
  });
});
