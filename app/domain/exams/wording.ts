/**
 * The words a cadre sees for an attempt: a practice (练习) is not an exam, so its pages say
 * 练习须知, 开始练习, 提交 instead of 考试须知, 开始考试, 交卷. Browser-safe.
 */
import type { ExamKind } from "../../../db/schema";

export type AttemptWording = {
  /** 考试 / 练习 */
  noun: string;
  rules: string;
  start: string;
  resume: string;
  submit: string;
  confirmTitle: string;
  confirmButton: string;
  /** "交卷后不能再修改答案。" */
  afterSubmit: string;
  back: string;
};

const EXAM: AttemptWording = {
  noun: "考试",
  rules: "考试须知",
  start: "开始考试",
  resume: "继续作答",
  submit: "交卷",
  confirmTitle: "确认交卷",
  confirmButton: "确定交卷",
  afterSubmit: "交卷后不能再修改答案。",
  back: "返回考试",
};

const PRACTICE: AttemptWording = {
  noun: "练习",
  rules: "练习须知",
  start: "开始练习",
  resume: "继续练习",
  submit: "提交练习",
  confirmTitle: "确认提交",
  confirmButton: "确定提交",
  afterSubmit: "提交后不能再修改这次的答案。",
  back: "返回练习",
};

export function attemptWording(kind: ExamKind): AttemptWording {
  return kind === "practice" ? PRACTICE : EXAM;
}
