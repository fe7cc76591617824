/**
 * Where each assigned cadre stands in an exam, for the organizers' live view. Pure: the
 * model hands in the audience and attempts, this sorts them into states and counts.
 */
export type LiveState = "not_started" | "in_progress" | "submitted";

import { type AttemptFact, cadreOutcome, shownAttempt } from "./statistics/outcomes";

/** An attempt as the live view needs it: the report's facts plus the 切屏 count. */
export type LiveAttempt = AttemptFact & { leftPage: number };

export type LiveCadre = {
  userId: number;
  employeeNo: string;
  name: string;
  orgId: number;
  orgName: string;
  state: LiveState;
  /** The best finished attempt (the best counts). */
  best: { score: number | null; passed: boolean | null; pending: boolean; timeUsedSeconds: number | null } | null;
  attempts: number;
  leftPage: number;
};

export type LiveCounts = { assigned: number; notStarted: number; inProgress: number; submitted: number; passed: number; pendingGrading: number };

/** One cadre's standing; the result is the report's (statistics/outcomes.ts), so the two never disagree. */
export function liveCadre(
  cadre: { userId: number; employeeNo: string; name: string; orgId: number; orgName: string },
  attempts: LiveAttempt[],
): LiveCadre {
  const outcome = cadreOutcome(attempts);
  const shown = shownAttempt(outcome);
  const inProgress = attempts.some((a) => a.status === "in_progress");
  return {
    ...cadre,
    state: inProgress ? "in_progress" : shown ? "submitted" : "not_started",
    best: shown
      ? {
          score: shown.score,
          passed: outcome.state === "final" ? outcome.passed : null,
          pending: outcome.state === "pending",
          timeUsedSeconds: shown.finishedAt ? Math.max(0, Math.floor((Date.parse(shown.finishedAt) - Date.parse(shown.startedAt)) / 1000)) : null,
        }
      : null,
    attempts: attempts.length,
    leftPage: attempts.reduce((n, a) => n + a.leftPage, 0),
  };
}

export function countLive(cadres: readonly LiveCadre[]): LiveCounts {
  return {
    assigned: cadres.length,
    notStarted: cadres.filter((c) => c.state === "not_started").length,
    inProgress: cadres.filter((c) => c.state === "in_progress").length,
    submitted: cadres.filter((c) => c.best !== null).length,
    passed: cadres.filter((c) => c.best?.passed === true).length,
    pendingGrading: cadres.filter((c) => c.best?.pending).length,
  };
}

/** Counts per organization, in the order the orgs are given. */
export function countByOrg(cadres: readonly LiveCadre[], orgs: ReadonlyArray<{ id: number; name: string }>) {
  return orgs
    .map((org) => ({ orgId: org.id, orgName: org.name, ...countLive(cadres.filter((c) => c.orgId === org.id)) }))
    .filter((row) => row.assigned > 0);
}
