/**
 * The one place that maps between displayed option positions (what the cadre sees and
 * sends) and original option indexes (what the bank and the frozen answer use). Grading,
 * the review page and item statistics all go through here, so they cannot disagree.
 */
import type { FrozenQuestion, Response } from "./types";

/** Original index of the option shown at `displayed`, or undefined if there is none. */
export function originalOption(question: FrozenQuestion, displayed: number): number | undefined {
  return question.optionOrder[displayed];
}

/** Where the option with `original` index is shown, or undefined if it is not on the paper. */
export function displayedOption(question: FrozenQuestion, original: number): number | undefined {
  const at = question.optionOrder.indexOf(original);
  return at < 0 ? undefined : at;
}

/** The correct answer in displayed positions, for the review page (A, B, … as shown). */
export function displayedAnswer(question: FrozenQuestion): number[] {
  const { answer } = question;
  const originals = answer.kind === "single" ? [answer.option] : answer.kind === "multiple" ? answer.options : [];
  return originals
    .map((o) => displayedOption(question, o))
    .filter((d): d is number => d !== undefined)
    .sort((a, b) => a - b);
}

/** The options a response chose, as original indexes (sorted); [] for other kinds. */
export function chosenOriginalOptions(question: FrozenQuestion, response: Response): number[] {
  const displayed =
    response.kind === "single" ? [response.option] : response.kind === "multiple" ? response.options : [];
  return displayed
    .map((d) => originalOption(question, d))
    .filter((o): o is number => o !== undefined)
    .sort((a, b) => a - b);
}

/** A, B, C … for a displayed position. */
export function optionLetter(displayed: number): string {
  return String.fromCharCode(65 + displayed);
}
