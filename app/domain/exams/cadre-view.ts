/**
 * What the attempt page may send to the browser (invariant 6, fault 22). Built from an
 * allowlist, not by deleting the answer, so a field added to FrozenQuestion later cannot
 * leak into the page by accident.
 */
import { questionRef, type QuestionRef } from "./question-ref";
import type { FrozenPaper, QuestionType } from "./types";

export type CadreQuestion = {
  ref: QuestionRef;
  type: QuestionType;
  stem: string;
  points: number;
  /** In displayed order; the cadre answers with these positions. */
  options: string[];
  blanks: number;
};

export type CadrePaper = {
  sections: Array<{ title: string; type: QuestionType; points: number; questions: CadreQuestion[] }>;
};

export function paperForCadre(paper: FrozenPaper): CadrePaper {
  return {
    sections: paper.sections.map((section, s) => ({
      title: section.title,
      type: section.type,
      points: section.points,
      questions: section.questions.map((q, i) => ({
        ref: questionRef(s, i),
        type: q.type,
        stem: q.stem,
        points: q.points,
        options: q.options.slice(),
        blanks: q.blanks,
      })),
    })),
  };
}
