/**
 * Draws the paper an attempt freezes at start (invariant 2). Pure and seeded: the same
 * spec, pool and seed give the identical paper, so a stored seed explains any paper.
 * The spec is checked first (paper-check.ts), so a spec either always draws or never
 * does, whatever the seed.
 */
import { seededRandom } from "../random";
import { planPaper, questionIdentity } from "./paper-check";
import { permutation, sampleInOrder, shuffled } from "./seeded-shuffle";
import type { FrozenPaper, FrozenQuestion, PaperProblem, PaperSpec, PoolQuestion } from "./types";

export type DrawResult = { ok: true; paper: FrozenPaper } | { ok: false; problems: PaperProblem[] };

/**
 * Unshuffled, a drawn section keeps bank order (banks as listed, then key) and a fixed
 * section keeps its listed order. Seeds are 32-bit: seeds equal modulo 2^32 draw alike.
 */
export function drawPaper(spec: PaperSpec, pool: readonly PoolQuestion[], seed: number): DrawResult {
  const plan = planPaper(spec, pool);
  if (plan.problems.length > 0) return { ok: false, problems: plan.problems };

  const random = seededRandom(seed);
  const used = new Set<string>();
  const sections = spec.sections.map((section, index) => {
    const sectionPlan = plan.sections[index];
    let chosen: PoolQuestion[];
    if (sectionPlan.kind === "draw") {
      const free = sectionPlan.candidates.filter((q) => !used.has(questionIdentity(q.bankSlug, q.key)));
      chosen = sampleInOrder(random, free, section.count);
    } else {
      chosen = sectionPlan.questions;
    }
    for (const q of chosen) used.add(questionIdentity(q.bankSlug, q.key));
    if (spec.shuffleQuestions) chosen = shuffled(random, chosen);
    return {
      title: section.title,
      type: section.type,
      points: section.points,
      minScore: section.minScore ?? null,
      questions: chosen.map((q) => freezeQuestion(q, section.points, spec.shuffleOptions ? random : null)),
    };
  });
  return { ok: true, paper: { seed, sections } };
}

function freezeQuestion(q: PoolQuestion, points: number, random: (() => number) | null): FrozenQuestion {
  const hasOptions = q.type === "single" || q.type === "multiple";
  const optionOrder = !hasOptions ? [] : random ? permutation(random, q.options.length) : q.options.map((_, i) => i);
  return {
    rowId: q.rowId,
    bankSlug: q.bankSlug,
    bankVersion: q.bankVersion,
    key: q.key,
    type: q.type,
    stem: q.stem,
    points,
    optionOrder,
    options: optionOrder.map((i) => q.options[i]),
    // A copy: the frozen paper must not share arrays with the pool it came from.
    answer: structuredClone(q.answer),
    blanks: q.answer.kind === "fill" ? q.answer.blanks.length : 0,
  };
}
