/** When a cadre may see the answer key of a finished attempt (invariant 6). */
import type { ReviewPolicy } from "../../db/schema";

export function reviewAllowed(input: {
  policy: ReviewPolicy;
  attemptFinished: boolean;
  examClosed: boolean;
  closesAt: Date;
  now: Date;
}): boolean {
  if (!input.attemptFinished) return false;
  switch (input.policy) {
    case "after_submit":
      return true;
    case "after_close":
      return input.examClosed || input.now.getTime() >= input.closesAt.getTime();
    case "never":
      return false;
  }
}

export const REVIEW_POLICY_LABELS: Record<ReviewPolicy, string> = {
  after_submit: "交卷后可查看答案与解析",
  after_close: "考试截止后可查看答案与解析",
  never: "不公布答案",
};
