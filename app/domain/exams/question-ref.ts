/**
 * How a response names its question: `${sectionIndex}:${questionIndex}` (0-based) on the
 * attempt's frozen paper. Positions never change once the paper is frozen, the ref says
 * nothing about bank rows, and it is what the answer card shows (第2部分第5题).
 */
import type { FrozenPaper, FrozenQuestion } from "./types";

export type QuestionRef = `${number}:${number}`;

export function questionRef(sectionIndex: number, questionIndex: number): QuestionRef {
  return `${sectionIndex}:${questionIndex}`;
}

/** The question a ref names on this paper, or undefined (a tampered or stale ref). */
export function questionAt(paper: FrozenPaper, ref: string): FrozenQuestion | undefined {
  const match = /^(0|[1-9]\d*):(0|[1-9]\d*)$/.exec(ref);
  if (!match) return undefined;
  return paper.sections[Number(match[1])]?.questions[Number(match[2])];
}

/** Every ref of the paper, in paper order. */
export function paperRefs(paper: FrozenPaper): QuestionRef[] {
  return paper.sections.flatMap((section, s) => section.questions.map((_, q) => questionRef(s, q)));
}
