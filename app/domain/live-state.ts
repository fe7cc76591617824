/**
 * Where each assigned cadre stands in an exam, for the organizers' live view. Pure: the
 * model hands in the audience and attempts, this sorts them into states and counts.
 */
export type LiveState = "not_started" | "in_progress" | "submitted";

export type LiveAttempt = { status: string; score: number | null; passed: number | null; pending: boolean; startedAt: string; finishedAt: string | null; leftPage: number };

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

export function liveCadre(
  cadre: { userId: number; employeeNo: string; name: string; orgId: number; orgName: string },
  attempts: LiveAttempt[],
): LiveCadre {
  const finished = attempts.filter((a) => a.status !== "in_progress");
  const best = [...finished].sort((a, b) => (b.score ?? -1) - (a.score ?? -1))[0];
  const inProgress = attempts.some((a) => a.status === "in_progress");
  return {
    ...cadre,
    state: inProgress ? "in_progress" : finished.length > 0 ? "submitted" : "not_started",
    best: best
      ? {
          score: best.score,
          passed: best.passed === null ? null : Boolean(best.passed),
          pending: best.pending,
          timeUsedSeconds: best.finishedAt ? Math.max(0, Math.floor((Date.parse(best.finishedAt) - Date.parse(best.startedAt)) / 1000)) : null,
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
