/** Small factories for the statistics unit tests. */
import type { AttemptFact, CadreOutcome } from "~/domain/statistics/outcomes";

let nextId = 1;

export function attempt(overrides: Partial<AttemptFact> = {}): AttemptFact {
  const id = overrides.id ?? nextId++;
  return {
    id,
    userId: 1,
    attemptNo: 1,
    status: "submitted",
    score: 80,
    maxScore: 100,
    passed: true,
    pending: false,
    startedAt: "2026-11-20T01:00:00.000Z",
    finishedAt: "2026-11-20T01:30:00.000Z",
    ...overrides,
  };
}

/** A graded cadre whose best score is `score` of 100 (pass mark 60). */
export function final(score: number, maxScore = 100, passMark = 60): CadreOutcome {
  const best = attempt({ score, maxScore, passed: score >= passMark });
  return { state: "final", attempts: 1, best, passed: score >= passMark };
}

export const absent: CadreOutcome = { state: "absent", attempts: 0 };
export const inProgress: CadreOutcome = { state: "in_progress", attempts: 1 };
export const pending: CadreOutcome = { state: "pending", attempts: 1, latest: attempt({ pending: true, passed: null, score: 40 }) };
