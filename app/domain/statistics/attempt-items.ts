/**
 * The per-question rows of a graded attempt (attempt_items): what reports and statistics
 * read instead of parsing papers. Chosen options are ORIGINAL indexes, as in item analysis.
 */
import type { FrozenPaper, GradeStatus, QuestionType, Response } from "../exams/types";

import { observeAttempt, type QuestionGradeFact } from "./item-analysis";

export type AttemptItemRow = {
  question_ref: string;
  section_index: number;
  question_row_id: number;
  type: QuestionType;
  status: GradeStatus;
  points: number;
  max_points: number;
  /** JSON number[]; null for fill and essay. */
  chosen: string | null;
};

export function attemptItemRows(
  paper: FrozenPaper,
  grades: readonly QuestionGradeFact[],
  responses: Readonly<Record<string, Response>>,
): AttemptItemRow[] {
  const observations = observeAttempt(paper, grades, responses);
  let i = 0;
  return paper.sections.flatMap((section, s) =>
    section.questions.map((question, q): AttemptItemRow => {
      const seen = observations[i++];
      return {
        question_ref: `${s}:${q}`,
        section_index: s,
        question_row_id: question.rowId,
        type: question.type,
        status: seen.status,
        points: seen.points,
        max_points: seen.maxPoints,
        chosen: question.type === "fill" || question.type === "essay" ? null : JSON.stringify(seen.chosen),
      };
    }),
  );
}
