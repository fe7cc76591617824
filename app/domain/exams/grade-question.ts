/**
 * Grades one question of a frozen paper. Pure: the same question, response, policy and
 * manual grade always give the same result (invariant 7), so regrading from stored
 * responses reproduces the score.
 */
import { fillBlankMatches } from "./fill-normalize";
import { chosenOriginalOptions } from "./option-order";
import { roundPoints } from "./points";
import type { FrozenQuestion, GradeStatus, MultiplePolicy, Response } from "./types";
import { isAnswered, validateResponse } from "./validate-response";

export type QuestionGrade = { status: GradeStatus; points: number; maxPoints: number };

/**
 * - A response that does not fit the question (never stored if saves go through
 *   validateResponse) scores 0 as "wrong" rather than throwing, so a sweep cannot stall.
 * - Fill: each blank is worth points / blanks, and the total is rounded to 2 decimals
 *   once (round(points × right / blanks)), so a fully right question is worth exactly
 *   its points and 1 of 3 blanks of 2 points is 0.67.
 * - Multiple, partial_half: half the points (2 decimals) for a strict non-empty subset
 *   of the right options; any wrong option scores 0.
 * - Essay: "pending" with 0 until `manualPoints` is given (clamped to 0..points). An
 *   empty essay is "unanswered" and needs no grader.
 */
export function gradeQuestion(
  question: FrozenQuestion,
  response: Response | undefined,
  policy: MultiplePolicy,
  manualPoints?: number
): QuestionGrade {
  const maxPoints = question.points;
  const grade = (status: GradeStatus, points = 0): QuestionGrade => ({ status, points, maxPoints });
  if (response === undefined) return grade("unanswered");
  const checked = validateResponse(question, response);
  if (!checked.ok) return grade("wrong");
  const given = checked.response;
  if (!isAnswered(given)) return grade("unanswered");
  const { answer } = question;

  if (given.kind === "single" && answer.kind === "single") {
    return chosenOriginalOptions(question, given)[0] === answer.option ? grade("correct", maxPoints) : grade("wrong");
  }
  if (given.kind === "judge" && answer.kind === "judge") {
    return given.value === answer.value ? grade("correct", maxPoints) : grade("wrong");
  }
  if (given.kind === "multiple" && answer.kind === "multiple") {
    const right = new Set(answer.options);
    const chosen = chosenOriginalOptions(question, given);
    if (chosen.some((o) => !right.has(o))) return grade("wrong");
    if (chosen.length === right.size) return grade("correct", maxPoints);
    return policy === "partial_half" ? grade("partial", roundPoints(maxPoints / 2)) : grade("wrong");
  }
  if (given.kind === "fill" && answer.kind === "fill") {
    const right = given.blanks.filter((b, i) => fillBlankMatches(b, answer.blanks[i] ?? [])).length;
    const total = answer.blanks.length;
    if (right === total) return grade("correct", maxPoints);
    return right > 0 ? grade("partial", roundPoints((maxPoints * right) / total)) : grade("wrong");
  }
  if (given.kind === "essay" && answer.kind === "essay") {
    if (manualPoints === undefined || !Number.isFinite(manualPoints)) return grade("pending");
    const points = roundPoints(Math.min(maxPoints, Math.max(0, manualPoints)));
    return grade(points === maxPoints ? "correct" : points === 0 ? "wrong" : "partial", points);
  }
  throw new Error(
    `frozen question ${question.bankSlug}#${question.key}: answer kind ${answer.kind} for type ${question.type}`
  );
}
