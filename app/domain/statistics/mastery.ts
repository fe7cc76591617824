/**
 * Mastery by knowledge point (the questions' tags) over the counted attempts of a year: per
 * tag, the share of answers fully right (正确率, as item analysis's facility) and of points
 * earned (得分率), weakest first. A question with several tags counts under each; untagged
 * questions belong to no knowledge point. Pending essays are left out until graded.
 */
import { percentOf } from "./rounding";

/** Answers to one question (bank row) by cadres of one organization. */
export type ItemAggregate = { rowId: number; orgId: number; answers: number; correct: number; pointsCents: number; maxCents: number };

export type TagStats = { tag: string; questions: number; answers: number; correct: number; facility: number | null; scoreRate: number | null };

export function masteryByTag(aggregates: readonly ItemAggregate[], tagsOf: ReadonlyMap<number, readonly string[]>): TagStats[] {
  const byTag = new Map<string, { rows: Set<number>; answers: number; correct: number; points: number; max: number }>();
  for (const a of aggregates) {
    for (const tag of tagsOf.get(a.rowId) ?? []) {
      const t = byTag.get(tag) ?? { rows: new Set<number>(), answers: 0, correct: 0, points: 0, max: 0 };
      t.rows.add(a.rowId);
      t.answers += a.answers;
      t.correct += a.correct;
      t.points += a.pointsCents;
      t.max += a.maxCents;
      byTag.set(tag, t);
    }
  }
  return [...byTag]
    .map(([tag, t]): TagStats => ({ tag, questions: t.rows.size, answers: t.answers, correct: t.correct, facility: percentOf(t.correct, t.answers), scoreRate: percentOf(t.points, t.max) }))
    .sort((a, b) => (a.facility ?? 101) - (b.facility ?? 101) || b.answers - a.answers || a.tag.localeCompare(b.tag, "zh-CN"));
}

export type OrgMastery = { orgId: number; orgName: string; answers: number; correct: number; facility: number | null; weakest: TagStats[] };

/** Per organization (tree order, those with answers): the overall facility and its weakest tags. */
export function masteryByOrg(
  aggregates: readonly ItemAggregate[],
  tagsOf: ReadonlyMap<number, readonly string[]>,
  orgs: ReadonlyArray<{ id: number; name: string }>,
  weakest = 3,
): OrgMastery[] {
  return orgs.flatMap((org) => {
    const mine = aggregates.filter((a) => a.orgId === org.id);
    if (mine.length === 0) return [];
    const answers = mine.reduce((n, a) => n + a.answers, 0);
    const correct = mine.reduce((n, a) => n + a.correct, 0);
    return [{ orgId: org.id, orgName: org.name, answers, correct, facility: percentOf(correct, answers), weakest: masteryByTag(mine, tagsOf).slice(0, weakest) }];
  });
}
