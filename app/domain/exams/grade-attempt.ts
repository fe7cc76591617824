/**
 * Grades a whole attempt from its frozen paper and stored responses. Pure, so a regrade
 * from storage reproduces the score (invariant 7), and an essay grade later only adds
 * `manualPoints` to the same inputs.
 */
import { gradeQuestion, type QuestionGrade } from "./grade-question";
import { sumPoints } from "./points";
import { questionRef, type QuestionRef } from "./question-ref";
import type { FrozenPaper, MultiplePolicy, PassRule, Response } from "./types";

export type SectionGrade = {
  title: string;
  score: number;
  maxScore: number;
  minScore: number | null;
  /** True when there is no minimum. While essays are pending it reflects the score so far. */
  metMinimum: boolean;
};

export type GradedQuestion = QuestionGrade & {
  ref: QuestionRef;
  sectionIndex: number;
  questionIndex: number;
  rowId: number;
};

export type AttemptGrade = {
  score: number;
  maxScore: number;
  sections: SectionGrade[];
  /** An answered essay still waits for a grader (the attempt shows 待阅卷). */
  pending: boolean;
  /** null while pending: the missing essay points could still change the outcome. */
  passed: boolean | null;
  perQuestion: GradedQuestion[];
};

/**
 * `responses` and `manualPoints` are keyed by question ref (`${section}:${question}`);
 * keys that name no question on the paper are ignored.
 */
export function gradeAttempt(
  paper: FrozenPaper,
  responses: Readonly<Record<string, Response>>,
  policy: MultiplePolicy,
  passRule: PassRule,
  manualPoints: Readonly<Record<string, number>> = {}
): AttemptGrade {
  const perQuestion: GradedQuestion[] = [];
  const sections = paper.sections.map((section, sectionIndex): SectionGrade => {
    const grades = section.questions.map((question, questionIndex) => {
      const ref = questionRef(sectionIndex, questionIndex);
      const grade = gradeQuestion(question, own(responses, ref), policy, own(manualPoints, ref));
      const graded = { ...grade, ref, sectionIndex, questionIndex, rowId: question.rowId };
      perQuestion.push(graded);
      return graded;
    });
    const score = sumPoints(grades.map((g) => g.points));
    return {
      title: section.title,
      score,
      maxScore: sumPoints(grades.map((g) => g.maxPoints)),
      minScore: section.minScore,
      metMinimum: section.minScore === null || score >= section.minScore,
    };
  });

  const score = sumPoints(sections.map((s) => s.score));
  const pending = perQuestion.some((q) => q.status === "pending");
  const passed = pending
    ? null
    : score >= passRule.passMark && (!passRule.sectionMinimums || sections.every((s) => s.metMinimum));
  return { score, maxScore: sumPoints(sections.map((s) => s.maxScore)), sections, pending, passed, perQuestion };
}

/** Own keys only: a ref like "__proto__" or "constructor" must not find anything. */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
