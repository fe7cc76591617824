/**
 * What organizers see as an exam's state. The stored status is draft / published / closed;
 * a published exam is 已发布 before it opens, 进行中 within its window and 已结束 after
 * closesAt (or once closed early). Browser-safe.
 */
import type { ExamStatus } from "../../../db/schema";

export const EXAM_PHASES = ["draft", "published", "running", "ended"] as const;
export type ExamPhase = (typeof EXAM_PHASES)[number];

export const EXAM_PHASE_LABELS: Record<ExamPhase, string> = {
  draft: "草稿",
  published: "已发布",
  running: "进行中",
  ended: "已结束",
};

export function examPhase(exam: { status: ExamStatus; opensAt: Date; closesAt: Date }, now: Date): ExamPhase {
  if (exam.status === "draft") return "draft";
  if (exam.status === "closed" || now.getTime() >= exam.closesAt.getTime()) return "ended";
  if (now.getTime() < exam.opensAt.getTime()) return "published";
  return "running";
}
