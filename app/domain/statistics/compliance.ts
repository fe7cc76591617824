/**
 * 领导干部年内必考: every leading cadre must take at least one exam a year. An exam counts
 * when it is of a counted kind (COUNTED_EXAM_KINDS) and the cadre handed in an attempt at it
 * within the calendar year on the bureau's clock (graded or waiting for an essay grade:
 * they took it). Several attempts at one exam are one exam.
 */
import type { ExamKind, Rank } from "../../../db/schema";

import { inRange } from "./periods";

/** Exams that are exams: not practice papers, not the reading check of a law-study meeting. */
export const COUNTED_EXAM_KINDS: readonly ExamKind[] = ["quarterly", "knowledge_test", "pre_appointment"];

export type LeaderFact = { userId: number; employeeNo: string; name: string; orgId: number; orgName: string; rank: Rank };

/** A finished (handed-in) attempt of a counted exam. */
export type TakenExam = { userId: number; examId: number; finishedAt: string };

export type LeaderRow = LeaderFact & { exams: number; lastFinishedAt: string | null; met: boolean };

/**
 * Every leader with the number of counted exams they handed in within `year`; those with
 * none first, then in the organizations' tree order (`orgOrder`), then by 工号.
 */
export function leaderCompliance(
  leaders: readonly LeaderFact[],
  taken: readonly TakenExam[],
  year: { start: Date; end: Date },
  orgOrder: ReadonlyMap<number, number>,
): LeaderRow[] {
  const exams = new Map<number, Set<number>>();
  const last = new Map<number, string>();
  for (const t of taken) {
    if (!inRange(t.finishedAt, year)) continue;
    const set = exams.get(t.userId) ?? new Set<number>();
    set.add(t.examId);
    exams.set(t.userId, set);
    if ((last.get(t.userId) ?? "") < t.finishedAt) last.set(t.userId, t.finishedAt);
  }
  const place = (orgId: number) => orgOrder.get(orgId) ?? Number.MAX_SAFE_INTEGER;
  return leaders
    .map((l): LeaderRow => {
      const count = exams.get(l.userId)?.size ?? 0;
      return { ...l, exams: count, lastFinishedAt: last.get(l.userId) ?? null, met: count > 0 };
    })
    .sort((a, b) => Number(a.met) - Number(b.met) || place(a.orgId) - place(b.orgId) || a.employeeNo.localeCompare(b.employeeNo));
}

export function complianceSummary(rows: readonly LeaderRow[]): { leaders: number; met: number; notMet: number } {
  const met = rows.filter((r) => r.met).length;
  return { leaders: rows.length, met, notMet: rows.length - met };
}
