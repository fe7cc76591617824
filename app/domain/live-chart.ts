/**
 * The live view's chart: how many of the assigned cadres are in each state, handed-in ones
 * split by result. Pure; the component draws it as SVG on the server.
 */
import type { LiveCounts } from "./live-state";

export type ChartTone = "idle" | "busy" | "pass" | "fail" | "pending";
export type ChartBar = { key: string; label: string; count: number; share: number; tone: ChartTone };

export function liveChartBars(counts: LiveCounts): ChartBar[] {
  const failed = Math.max(0, counts.submitted - counts.passed - counts.pendingGrading);
  const share = (n: number) => (counts.assigned > 0 ? n / counts.assigned : 0);
  return [
    { key: "not_started", label: "未开始", count: counts.notStarted, tone: "idle" as const },
    { key: "in_progress", label: "作答中", count: counts.inProgress, tone: "busy" as const },
    { key: "passed", label: "已交卷·及格", count: counts.passed, tone: "pass" as const },
    { key: "failed", label: "已交卷·不及格", count: failed, tone: "fail" as const },
    { key: "pending", label: "已交卷·待阅卷", count: counts.pendingGrading, tone: "pending" as const },
  ].map((bar) => ({ ...bar, share: share(bar.count) }));
}
