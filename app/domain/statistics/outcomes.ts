/**
 * What one cadre's attempts at one exam amount to. "Attempts allowed, the best counts":
 * the best finished attempt is the cadre's result, and pending attempts are not yet
 * pass or fail (see docs/decisions/0007-report-statistics.md).
 */
import type { AttemptStatus } from "../../../db/schema";

export type AttemptFact = {
  id: number;
  userId: number;
  attemptNo: number;
  status: AttemptStatus;
  /** null while in progress. */
  score: number | null;
  maxScore: number;
  /** null while in progress or waiting for an essay grade. */
  passed: boolean | null;
  /** An answered essay waits for a grader. */
  pending: boolean;
  startedAt: string;
  finishedAt: string | null;
};

export type CadreOutcome =
  /** Never started (未参考). */
  | { state: "absent"; attempts: 0 }
  /** Started, nothing handed in yet (作答中): still 未参考. */
  | { state: "in_progress"; attempts: number }
  /** Handed in, but some finished attempt waits for essay grading (待阅卷): 实考, not yet pass or fail. */
  | { state: "pending"; attempts: number; latest: AttemptFact }
  /** Every finished attempt is graded: the best one is the result. */
  | { state: "final"; attempts: number; best: AttemptFact; passed: boolean };

export type OutcomeState = CadreOutcome["state"];

const isFinished = (a: AttemptFact) => a.status !== "in_progress";

/**
 * Whether `a` beats `b` as "the best attempt": a pass beats a fail (with section minimums a
 * higher score can still fail), then the higher score, then the earlier attempt.
 */
export function betterAttempt(a: AttemptFact, b: AttemptFact): boolean {
  if (Boolean(a.passed) !== Boolean(b.passed)) return Boolean(a.passed);
  const sa = a.score ?? 0;
  const sb = b.score ?? 0;
  if (sa !== sb) return sa > sb;
  return a.attemptNo < b.attemptNo;
}

/**
 * The outcome of one cadre from all their attempts at the exam. A cadre with any pending
 * finished attempt is pending as a whole: the essay grade may still raise that attempt above
 * the others, so neither the best score nor pass/fail is known yet.
 */
export function cadreOutcome(attempts: readonly AttemptFact[]): CadreOutcome {
  const finished = attempts.filter(isFinished);
  if (finished.length === 0) return attempts.length === 0 ? { state: "absent", attempts: 0 } : { state: "in_progress", attempts: attempts.length };
  const pending = finished.filter((a) => a.pending);
  if (pending.length > 0) {
    const latest = finished.reduce((l, a) => (a.attemptNo > l.attemptNo ? a : l));
    return { state: "pending", attempts: attempts.length, latest };
  }
  const best = finished.reduce((b, a) => (betterAttempt(a, b) ? a : b));
  return { state: "final", attempts: attempts.length, best, passed: Boolean(best.passed) };
}

/** Outcomes by cadre id for every cadre of `userIds` (attempts of others are ignored). */
export function outcomesByCadre(userIds: readonly number[], attempts: readonly AttemptFact[]): Map<number, CadreOutcome> {
  const byUser = new Map<number, AttemptFact[]>(userIds.map((id) => [id, []]));
  for (const a of attempts) byUser.get(a.userId)?.push(a);
  return new Map([...byUser].map(([id, list]) => [id, cadreOutcome(list)]));
}

/** The attempt shown for a cadre who took the exam: the best one, or the latest while pending. */
export function shownAttempt(outcome: CadreOutcome): AttemptFact | null {
  if (outcome.state === "final") return outcome.best;
  if (outcome.state === "pending") return outcome.latest;
  return null;
}
