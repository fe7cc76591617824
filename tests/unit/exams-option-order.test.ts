import {
  chosenOriginalOptions,
  displayedAnswer,
  displayedOption,
  optionLetter,
  originalOption,
} from "~/domain/exams/option-order";

import { frozenQuestion } from "./exams-fixtures";

// Bank order 甲 乙 丙 丁; shown as 丙 甲 丁 乙.
const q = frozenQuestion({
  type: "multiple",
  optionOrder: [2, 0, 3, 1],
  options: ["丙", "甲", "丁", "乙"],
  answer: { kind: "multiple", options: [0, 1] },
});

describe("mapping between displayed and original options", () => {
  it("finds the bank option behind a displayed position and back", () => {
    expect(originalOption(q, 0)).toBe(2);
    expect(displayedOption(q, 2)).toBe(0);
    expect(originalOption(q, 4)).toBeUndefined();
    expect(displayedOption(q, 7)).toBeUndefined();
  });

  it("shows the review's correct answer at the positions the cadre saw (甲 乙 → B D)", () => {
    expect(displayedAnswer(q)).toEqual([1, 3]);
    expect(displayedAnswer(q).map(optionLetter)).toEqual(["B", "D"]);
    expect(displayedAnswer(q).map((d) => q.options[d])).toEqual(["甲", "乙"]);
  });

  it("turns a cadre's displayed choice into bank options, for grading and option statistics", () => {
    expect(chosenOriginalOptions(q, { kind: "multiple", options: [0, 3] })).toEqual([1, 2]);
    expect(chosenOriginalOptions(q, { kind: "judge", value: true })).toEqual([]);
  });

  it("has no option letters for judge, fill or essay answers", () => {
    expect(displayedAnswer(frozenQuestion({ type: "judge" }))).toEqual([]);
  });
});
