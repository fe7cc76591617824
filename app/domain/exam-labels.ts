/** Chinese labels for exam codes; browser-safe. */
import type { AttemptStatus, ExamKind, MultiplePolicyCode } from "../../db/schema";

export const EXAM_KIND_LABELS: Record<ExamKind, string> = {
  quarterly: "季度考试",
  pre_appointment: "任前考试",
  knowledge_test: "知识测试",
  law_study: "会前学法测验",
  practice: "练习",
};

export const MULTIPLE_POLICY_LABELS: Record<MultiplePolicyCode, string> = {
  all_or_nothing: "多选题全对得分，错选、少选不得分",
  partial_half: "多选题少选得一半分，错选不得分",
};

export const ATTEMPT_STATUS_LABELS: Record<AttemptStatus, string> = {
  in_progress: "作答中",
  submitted: "已交卷",
  expired: "超时自动交卷",
};

export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m} 分 ${s} 秒` : `${s} 秒`;
}
