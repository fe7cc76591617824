/**
 * One practice question: shown with the bank's own option order (A, B… as in the bank, so
 * the explanation reads as written), answered through a plain form (works without
 * JavaScript), graded by the exam's grader. Multiple choice is all-or-nothing here: a partly
 * right answer is not right, and the question stays in the wrong-answer book.
 */
import { describeAnswer, describeResponse } from "../attempt-review";
import { answersFromForm } from "../attempt-form";
import { gradeQuestion } from "../exams/grade-question";
import type { FrozenQuestion, GradeStatus, PoolQuestion, QuestionType, Response } from "../exams/types";
import { isAnswered, validateResponse } from "../exams/validate-response";

/** Types practice can grade on the spot (essays need a person). */
export const PRACTICE_TYPES: readonly QuestionType[] = ["single", "multiple", "judge", "fill"];

/** The form's question ref; practice shows one question, so it is always the first. */
export const PRACTICE_REF = "0:0";

/** The pool question as a one-question paper would freeze it, unshuffled. */
export function practiceFrozen(q: PoolQuestion): FrozenQuestion {
  return {
    rowId: q.rowId,
    bankSlug: q.bankSlug,
    bankVersion: q.bankVersion,
    key: q.key,
    type: q.type,
    stem: q.stem,
    points: 1,
    optionOrder: q.options.map((_, i) => i),
    options: q.options.slice(),
    answer: q.answer,
    blanks: q.answer.kind === "fill" ? q.answer.blanks.length : 0,
  };
}

/** What the question page may show: no answer, no explanation (those come after answering). */
export type PracticeQuestionView = { rowId: number; type: QuestionType; stem: string; options: string[]; blanks: number; tags: string[] };

export function practiceQuestionView(q: PoolQuestion): PracticeQuestionView {
  return { rowId: q.rowId, type: q.type, stem: q.stem, options: q.options.slice(), blanks: q.answer.kind === "fill" ? q.answer.blanks.length : 0, tags: q.tags.slice() };
}

type FormLike = { get(name: string): unknown; getAll(name: string): unknown[] };

export type PracticeGrade = { ok: true; response: Response; status: Exclude<GradeStatus, "pending">; correct: boolean } | { ok: false; message: string };

/** Reads and grades the posted answer; nothing chosen, or input that does not fit the question, is refused. */
export function gradePracticeForm(form: FormLike, q: FrozenQuestion): PracticeGrade {
  const view = { ref: PRACTICE_REF as `${number}:${number}`, type: q.type, stem: q.stem, points: 1, options: q.options, blanks: q.blanks, number: 1 };
  const [raw] = answersFromForm(form, [{ title: "", type: q.type, points: 1, questions: [view] }]);
  if (!raw) return { ok: false, message: "请先作答再提交" };
  const checked = validateResponse(q, raw.response);
  if (!checked.ok) return { ok: false, message: checked.reason };
  if (!isAnswered(checked.response)) return { ok: false, message: "请先作答再提交" };
  const grade = gradeQuestion(q, checked.response, "all_or_nothing");
  const status = grade.status === "pending" ? "wrong" : grade.status;
  return { ok: true, response: checked.response, status, correct: status === "correct" };
}

/** The feedback after an answer: the cadre's answer and the right one, as the exam review words them. */
export function practiceFeedback(q: FrozenQuestion, response: Response): { yourAnswer: string; rightAnswer: string } {
  return { yourAnswer: describeResponse(q, response), rightAnswer: describeAnswer(q) };
}
