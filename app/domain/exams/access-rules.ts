/**
 * Whether a cadre may start an attempt, in the spirit of Moodle's quiz access rules:
 * every rule that blocks says why, in Chinese, so the start page can show all of them
 * at once instead of a bare "not allowed".
 */
import { examWindowState } from "./attempt-time";

export type ExamStatus = "draft" | "published" | "closed";

export type StartContext = {
  now: Date;
  opensAt: Date;
  closesAt: Date;
  status: ExamStatus;
  inAudience: boolean;
  /** Attempts started so far, including an open one. */
  attemptsUsed: number;
  /** null = unlimited (practice). */
  attemptsAllowed: number | null;
  /** Unfinished and not yet past deadline + grace (expired ones are finalized first). */
  hasOpenAttempt: boolean;
};

/**
 * Reasons the cadre can neither start nor resume; empty = may go on. An open attempt is
 * not a blocker — it is resumed (继续作答) — so for it the window and the attempt count
 * do not apply: its own deadline governs it (which a per-cadre extension may carry past
 * closesAt). The exam must still be published and the cadre in its audience. An
 * extension lengthens an attempt; it does not let anyone start after closesAt.
 */
export function startBlockers(context: StartContext): string[] {
  const reasons: string[] = [];
  if (context.status === "draft") reasons.push("考试尚未发布");
  if (context.status === "closed") reasons.push("考试已关闭");
  if (!context.inAudience) reasons.push("您不在本次考试的参考范围内");
  if (context.hasOpenAttempt) return reasons;
  const window = examWindowState(context.now, context.opensAt, context.closesAt);
  if (window === "not_open") reasons.push("考试尚未开始");
  if (window === "closed") reasons.push("考试已截止");
  if (context.attemptsAllowed !== null && context.attemptsUsed >= context.attemptsAllowed) {
    reasons.push(`作答次数已用完（共 ${context.attemptsAllowed} 次）`);
  }
  return reasons;
}

export type StartAction = { action: "start" } | { action: "continue" } | { action: "blocked"; reasons: string[] };

/** What the start page offers: 开始考试, 继续作答, or the reasons neither is possible. */
export function startAction(context: StartContext): StartAction {
  const reasons = startBlockers(context);
  if (reasons.length > 0) return { action: "blocked", reasons };
  return context.hasOpenAttempt ? { action: "continue" } : { action: "start" };
}
