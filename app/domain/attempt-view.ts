/**
 * The attempt page's view of a paper: the allowlisted cadre copy (exams/cadre-view.ts),
 * numbered for the answer card, and which numbers are still unanswered.
 */
import { type CadreQuestion, paperForCadre } from "./exams/cadre-view";
import { questionRef } from "./exams/question-ref";
import type { FrozenPaper, QuestionType, Response } from "./exams/types";

/** A question as the page shows it: the cadre's copy plus its number on the answer card. */
export type CadreQuestionView = CadreQuestion & {
  /** 1-based across the whole paper, as on the answer card. */
  number: number;
};

export type CadreSectionView = { title: string; type: QuestionType; points: number; questions: CadreQuestionView[] };

export function cadreView(paper: FrozenPaper): CadreSectionView[] {
  let number = 0;
  return paperForCadre(paper).sections.map((section) => ({
    ...section,
    questions: section.questions.map((q) => ({ ...q, number: ++number })),
  }));
}

/**
 * The shape of cadreView's output, stored with each open attempt (attempt_views): raise it
 * whenever cadreView or CadreQuestion changes, and copies in the old shape are rebuilt.
 */
export const CADRE_VIEW_FORMAT = 1;

/** The view as the page receives it (and as attempt_views keeps it). */
export function cadreViewJson(paper: FrozenPaper): string {
  return JSON.stringify(cadreView(paper));
}

export function questionCount(paper: FrozenPaper): number {
  return paper.sections.reduce((n, s) => n + s.questions.length, 0);
}

/** The numbers (1-based) of questions with no saved answer, for the warning before 交卷. */
export function unansweredNumbers(
  paper: FrozenPaper,
  responses: Readonly<Record<string, Response>>,
  isAnswered: (r: Response | undefined) => boolean,
): number[] {
  const out: number[] = [];
  let number = 0;
  paper.sections.forEach((section, s) =>
    section.questions.forEach((_, i) => {
      number++;
      const ref = questionRef(s, i);
      if (!isAnswered(Object.prototype.hasOwnProperty.call(responses, ref) ? responses[ref] : undefined)) out.push(number);
    }),
  );
  return out;
}
