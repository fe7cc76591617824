/**
 * Who an exam is for. The spec is what the organizer picked; publishing materializes it
 * into one row per cadre, so "who has not taken it" is a plain query afterwards.
 */
import type { Rank } from "../../db/schema";

export type AudienceSpec = {
  /** Org subtrees; empty = the exam owner's whole subtree. */
  orgIds: number[];
  /** Empty = every rank. */
  ranks: Rank[];
  leadersOnly: boolean;
  partyMembersOnly: boolean;
  /** Named cadres, added whatever the filters say (still within the owner's subtree). */
  userIds: number[];
  /** Only the named cadres, the filters select nobody: a pre-appointment test is for one cadre. */
  namedOnly?: boolean;
};

export const EVERYONE: AudienceSpec = { orgIds: [], ranks: [], leadersOnly: false, partyMembersOnly: false, userIds: [] };

export type AudienceCandidate = {
  id: number;
  /** Materialized path of the cadre's org, e.g. /1/4/. */
  orgPath: string;
  rank: Rank;
  isLeader: boolean;
  isPartyMember: boolean;
};

/** The ids of the candidates the spec selects; `orgPaths` maps each chosen org id to its path. */
export function selectAudience(
  spec: AudienceSpec,
  candidates: readonly AudienceCandidate[],
  orgPaths: ReadonlyMap<number, string>,
): number[] {
  const subtrees = spec.orgIds.map((id) => orgPaths.get(id)).filter((p): p is string => Boolean(p));
  const named = new Set(spec.userIds);
  const selected: number[] = [];
  for (const c of candidates) {
    const byFilters =
      !spec.namedOnly &&
      (spec.orgIds.length === 0 || subtrees.some((p) => c.orgPath.startsWith(p))) &&
      (spec.ranks.length === 0 || spec.ranks.includes(c.rank)) &&
      (!spec.leadersOnly || c.isLeader) &&
      (!spec.partyMembersOnly || c.isPartyMember);
    if (byFilters || named.has(c.id)) selected.push(c.id);
  }
  return selected;
}
