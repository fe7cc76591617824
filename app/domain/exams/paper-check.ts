/**
 * Whether a paper definition can be filled from a pool, section by section, without
 * drawing. Publishing refuses a spec with problems, the paper builder shows the
 * available counts, and drawPaper runs the same check first — so whether a paper can be
 * drawn never depends on the seed (no cadre gets a paper while another gets an error).
 *
 * Rules that make the check exact enough to rely on:
 * - A question's identity on a paper is bank slug + key (not the version): it never
 *   appears twice, even if two versions of one bank are pinned.
 * - Questions listed by fixed sections are reserved first: no draw section may take
 *   them, whatever the section order.
 * - A draw section's "available" count is what it is guaranteed to have whatever the
 *   earlier draw sections took: its eligible questions minus, for each earlier draw
 *   section, at most min(that section's count, the overlap of the two eligible sets).
 *   This is conservative when three or more sections overlap the same questions.
 */
import { QUESTION_TYPE_LABELS } from "./question-type-labels";
import type { PaperProblem, PaperSpec, PoolQuestion, SectionSpec } from "./types";

export type SectionPlan =
  | { kind: "draw"; candidates: PoolQuestion[]; eligible: number; available: number }
  | { kind: "fixed"; questions: PoolQuestion[]; available: number };

export type PaperPlan = { sections: SectionPlan[]; problems: PaperProblem[] };

export function questionIdentity(slug: string, key: string): string {
  return `${slug}#${key}`;
}

export function checkPaperSpec(spec: PaperSpec, pool: readonly PoolQuestion[]): PaperProblem[] {
  return planPaper(spec, pool).problems;
}

/** Per section, how many questions it can count on (see the rules above). */
export function availableCounts(spec: PaperSpec, pool: readonly PoolQuestion[]): number[] {
  return planPaper(spec, pool).sections.map((s) => s.available);
}

export function planPaper(spec: PaperSpec, pool: readonly PoolQuestion[]): PaperPlan {
  const problems: PaperProblem[] = [];
  const reserved = new Set<string>();
  for (const section of spec.sections) {
    if (section.source.kind !== "fixed") continue;
    for (const ref of section.source.questions) reserved.add(questionIdentity(ref.slug, ref.key));
  }

  const byVersionedKey = new Map(pool.map((q) => [`${q.bankSlug}@${q.bankVersion}#${q.key}`, q]));
  const placedByFixed = new Set<string>();
  const earlierDraws: Array<{ count: number; ids: Set<string> }> = [];

  const sections = spec.sections.map((section, index): SectionPlan => {
    const problem = (available: number, message: string) =>
      problems.push({ section: index, title: section.title, needed: section.count, available, message });
    const name = sectionName(index, section);
    let plan: SectionPlan;

    if (section.source.kind === "fixed") {
      const questions: PoolQuestion[] = [];
      const faults: string[] = [];
      for (const ref of section.source.questions) {
        const label = `${ref.slug} 第${ref.version}版 ${ref.key}`;
        const id = questionIdentity(ref.slug, ref.key);
        const found = byVersionedKey.get(`${ref.slug}@${ref.version}#${ref.key}`);
        if (!found) faults.push(`${name}指定的试题 ${label} 不存在`);
        else if (found.type !== section.type)
          faults.push(`${name}指定的试题 ${label} 是${QUESTION_TYPE_LABELS[found.type]}，与本部分题型不符`);
        else if (placedByFixed.has(id)) faults.push(`${name}指定的试题 ${label} 在试卷中重复出现`);
        else {
          placedByFixed.add(id);
          questions.push(found);
        }
      }
      plan = { kind: "fixed", questions, available: questions.length };
      for (const fault of faults) problem(questions.length, fault);
      if (section.source.questions.length !== section.count && isCount(section.count)) {
        problem(questions.length, `${name}需要 ${section.count} 题，指定了 ${section.source.questions.length} 题`);
      }
    } else {
      const eligibleAll = eligibleForDraw(section, pool);
      const candidates = eligibleAll.filter((q) => !reserved.has(questionIdentity(q.bankSlug, q.key)));
      const ids = new Set(candidates.map((q) => questionIdentity(q.bankSlug, q.key)));
      let mayBeTaken = 0;
      for (const earlier of earlierDraws) {
        let overlap = 0;
        for (const id of ids) if (earlier.ids.has(id)) overlap++;
        mayBeTaken += Math.min(earlier.count, overlap);
      }
      const available = Math.max(0, candidates.length - mayBeTaken);
      earlierDraws.push({ count: isCount(section.count) ? section.count : 0, ids });
      plan = { kind: "draw", candidates, eligible: eligibleAll.length, available };
      if (isCount(section.count) && available < section.count) {
        const elsewhere = eligibleAll.length - available;
        problem(
          available,
          `${name}需要 ${section.count} 题，符合条件的只有 ${available} 题` +
            (elsewhere > 0 ? `（另有 ${elsewhere} 题被其他部分占用或可能被前面的部分抽走）` : "")
        );
      }
    }

    if (!isCount(section.count)) problem(plan.available, `${name}的题量必须是正整数`);
    if (!(Number.isFinite(section.points) && section.points > 0))
      problem(plan.available, `${name}的每题分值必须大于 0`);
    const maxScore = section.count * section.points;
    if (section.minScore !== undefined && !(section.minScore >= 0 && section.minScore <= maxScore)) {
      problem(plan.available, `${name}的最低分 ${section.minScore} 应在 0 到本部分满分 ${maxScore} 之间`);
    }
    return plan;
  });

  return { sections, problems };
}

/**
 * The pool questions a draw section may take, in a fixed order that does not depend on
 * how the pool was queried (banks in the order the section lists them, then by key), so
 * the same seed gives the same paper. One per identity: the first pinned bank wins.
 */
export function eligibleForDraw(section: SectionSpec, pool: readonly PoolQuestion[]): PoolQuestion[] {
  if (section.source.kind !== "draw") return [];
  const { banks, tags, difficulties } = section.source;
  const bankRank = (q: PoolQuestion) => banks.findIndex((b) => b.slug === q.bankSlug && b.version === q.bankVersion);
  const matching = pool.filter(
    (q) =>
      q.type === section.type &&
      bankRank(q) >= 0 &&
      (!tags?.length || q.tags.some((t) => tags.includes(t))) &&
      (!difficulties?.length || difficulties.includes(q.difficulty))
  );
  matching.sort((a, b) => bankRank(a) - bankRank(b) || compareCodeUnits(a.key, b.key));
  const seen = new Set<string>();
  return matching.filter((q) => {
    const id = questionIdentity(q.bankSlug, q.key);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** 第2部分“多选题”: the numbering prefix of a title (二、) is dropped, the position says it. */
function sectionName(index: number, section: SectionSpec): string {
  const bare = section.title.replace(/^\s*(?:[一二三四五六七八九十百]+|\d+)\s*[、.．]\s*/u, "").trim();
  return `第${index + 1}部分“${bare || QUESTION_TYPE_LABELS[section.type]}”`;
}

function isCount(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}

/** Locale-independent, so the order (and the draw) is the same on every machine. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
