/**
 * Everything the report page, the print view and the exports show for one exam, computed
 * once here so they cannot disagree (invariant 8).
 */
import type { AttemptStatus, Rank } from "../../../db/schema";
import { secondsUsed } from "../exams/attempt-time";

import { type ExamSummary, examSummary, type GroupStats, groupStats } from "./exam-summary";
import type { ItemStats } from "./item-analysis";
import type { CadreOutcome } from "./outcomes";

export type ReportMember = {
  userId: number;
  employeeNo: string;
  name: string;
  orgId: number;
  orgName: string;
  rank: Rank;
  isLeader: boolean;
};

/** The organizations under the exam owner, in tree order. */
export type ReportOrg = { id: number; name: string };

export type ParticipantRow = {
  seq: number;
  userId: number;
  employeeNo: string;
  name: string;
  orgName: string;
  rank: Rank;
  isLeader: boolean;
  state: "final" | "pending";
  /** The best score; null while pending. */
  score: number | null;
  passed: boolean | null;
  /** Of the shown attempt (the best, or the latest while pending). */
  attemptStatus: AttemptStatus;
  timeUsedSeconds: number | null;
  finishedAt: string | null;
  attempts: number;
};

export type AbsenteeRow = {
  seq: number;
  employeeNo: string;
  name: string;
  orgName: string;
  rank: Rank;
  isLeader: boolean;
  state: "absent" | "in_progress";
};

export type OrgRow = GroupStats & { orgId: number | null; orgName: string };

export type ExamReport = {
  summary: ExamSummary;
  byOrg: OrgRow[];
  /** 成绩明细: every cadre who handed in, in org order then 工号. */
  participants: ParticipantRow[];
  /** 未参考名单: every cadre of the audience who has not handed in. */
  absentees: AbsenteeRow[];
  items: ItemStats[];
};

/** The cadres' order in every table: their org's place in the tree, then 工号. */
function memberOrder(members: readonly ReportMember[], orgs: readonly ReportOrg[]): ReportMember[] {
  const place = new Map(orgs.map((o, i) => [o.id, i]));
  return [...members].sort(
    (a, b) => (place.get(a.orgId) ?? orgs.length) - (place.get(b.orgId) ?? orgs.length) || a.employeeNo.localeCompare(b.employeeNo),
  );
}

export function buildExamReport(input: {
  members: readonly ReportMember[];
  orgs: readonly ReportOrg[];
  outcomes: ReadonlyMap<number, CadreOutcome>;
  maxScore: number;
  items: ItemStats[];
}): ExamReport {
  const members = memberOrder(input.members, input.orgs);
  const outcomeOf = (m: ReportMember): CadreOutcome => input.outcomes.get(m.userId) ?? { state: "absent", attempts: 0 };

  const participants: ParticipantRow[] = [];
  const absentees: AbsenteeRow[] = [];
  for (const m of members) {
    const outcome = outcomeOf(m);
    const base = { employeeNo: m.employeeNo, name: m.name, orgName: m.orgName, rank: m.rank, isLeader: m.isLeader };
    if (outcome.state === "absent" || outcome.state === "in_progress") {
      absentees.push({ seq: absentees.length + 1, ...base, state: outcome.state });
      continue;
    }
    const shown = outcome.state === "final" ? outcome.best : outcome.latest;
    participants.push({
      seq: participants.length + 1,
      userId: m.userId,
      ...base,
      state: outcome.state,
      score: outcome.state === "final" ? shown.score : null,
      passed: outcome.state === "final" ? outcome.passed : null,
      attemptStatus: shown.status,
      timeUsedSeconds: shown.finishedAt ? secondsUsed(new Date(shown.startedAt), new Date(shown.finishedAt)) : null,
      finishedAt: shown.finishedAt,
      attempts: outcome.attempts,
    });
  }

  const byOrgId = new Map<number, CadreOutcome[]>();
  for (const m of members) {
    const list = byOrgId.get(m.orgId) ?? [];
    list.push(outcomeOf(m));
    byOrgId.set(m.orgId, list);
  }
  const orgNames = new Map(members.map((m) => [m.orgId, m.orgName]));
  const listed = [...input.orgs.map((o) => o.id), ...[...byOrgId.keys()].filter((id) => !input.orgs.some((o) => o.id === id))];
  const byOrg: OrgRow[] = listed
    .filter((id) => byOrgId.has(id))
    .map((id) => ({ orgId: id, orgName: orgNames.get(id) ?? "", ...groupStats(byOrgId.get(id)!) }));

  return {
    summary: examSummary(members.map(outcomeOf), input.maxScore),
    byOrg,
    participants,
    absentees,
    items: input.items,
  };
}
