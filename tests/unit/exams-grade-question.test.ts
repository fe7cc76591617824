import { gradeQuestion } from "~/domain/exams/grade-question";
import type { FrozenQuestion } from "~/domain/exams/types";

import { frozenQuestion } from "./exams-fixtures";

// Options shown as 丙 甲 丁 乙: displayed 0→original 2, 1→0, 2→3, 3→1.
const shuffledOrder = { optionOrder: [2, 0, 3, 1], options: ["丙", "甲", "丁", "乙"] };

describe("grading a single-choice question", () => {
  const q = frozenQuestion({ type: "single", answer: { kind: "single", option: 1 }, points: 2, ...shuffledOrder });

  it("gives full points for the right option, chosen at its displayed position", () => {
    // The right answer 乙 (original 1) is shown last.
    expect(gradeQuestion(q, { kind: "single", option: 3 }, "all_or_nothing")).toEqual({
      status: "correct",
      points: 2,
      maxPoints: 2,
    });
  });

  it("gives nothing for the displayed position that holds the right answer's original index", () => {
    expect(gradeQuestion(q, { kind: "single", option: 1 }, "all_or_nothing")).toEqual({
      status: "wrong",
      points: 0,
      maxPoints: 2,
    });
  });

  it("marks a missing response unanswered", () => {
    expect(gradeQuestion(q, undefined, "all_or_nothing")).toEqual({ status: "unanswered", points: 0, maxPoints: 2 });
  });

  it("scores a response that does not fit the question as wrong instead of failing", () => {
    expect(gradeQuestion(q, { kind: "single", option: 9 }, "all_or_nothing")).toEqual({
      status: "wrong",
      points: 0,
      maxPoints: 2,
    });
    expect(gradeQuestion(q, { kind: "judge", value: true }, "all_or_nothing").status).toBe("wrong");
  });
});

describe("grading a judge question", () => {
  const q = frozenQuestion({ type: "judge", answer: { kind: "judge", value: false }, points: 1 });
  it("is exact", () => {
    expect(gradeQuestion(q, { kind: "judge", value: false }, "partial_half")).toEqual({
      status: "correct",
      points: 1,
      maxPoints: 1,
    });
    expect(gradeQuestion(q, { kind: "judge", value: true }, "partial_half")).toEqual({
      status: "wrong",
      points: 0,
      maxPoints: 1,
    });
  });
});

describe("grading a multiple-choice question", () => {
  // Right: 甲 丙 丁 (original 0, 2, 3) → displayed 1, 0, 2.
  const q = frozenQuestion({
    type: "multiple",
    answer: { kind: "multiple", options: [0, 2, 3] },
    points: 3,
    ...shuffledOrder,
  });
  const choose = (...options: number[]) => ({ kind: "multiple" as const, options });

  it("gives full points for exactly the right options under both policies", () => {
    for (const policy of ["all_or_nothing", "partial_half"] as const) {
      expect(gradeQuestion(q, choose(0, 1, 2), policy)).toEqual({ status: "correct", points: 3, maxPoints: 3 });
    }
  });

  it("all or nothing: a missing right option scores nothing", () => {
    expect(gradeQuestion(q, choose(0, 1), "all_or_nothing")).toEqual({ status: "wrong", points: 0, maxPoints: 3 });
  });

  it("少选得一半分: a strict subset of the right options scores half (1.5 of 3)", () => {
    expect(gradeQuestion(q, choose(0, 1), "partial_half")).toEqual({ status: "partial", points: 1.5, maxPoints: 3 });
    expect(gradeQuestion(q, choose(2), "partial_half")).toEqual({ status: "partial", points: 1.5, maxPoints: 3 });
  });

  it("错选不得分: any wrong option scores nothing, even with every right one", () => {
    expect(gradeQuestion(q, choose(0, 1, 2, 3), "partial_half")).toEqual({ status: "wrong", points: 0, maxPoints: 3 });
    expect(gradeQuestion(q, choose(3), "partial_half")).toEqual({ status: "wrong", points: 0, maxPoints: 3 });
  });

  it("a cleared choice is unanswered", () => {
    expect(gradeQuestion(q, choose(), "partial_half")).toEqual({ status: "unanswered", points: 0, maxPoints: 3 });
  });

  it("half of an odd number of points keeps two decimals", () => {
    const odd = frozenQuestion({ ...q, points: 2.25 });
    expect(gradeQuestion(odd, choose(0), "partial_half").points).toBe(1.13);
  });
});

describe("grading a fill question", () => {
  const twoBlanks: FrozenQuestion = frozenQuestion({
    type: "fill",
    points: 2,
    answer: {
      kind: "fill",
      blanks: [
        ["一", "1"],
        ["二", "两", "2"],
      ],
    },
  });
  const fill = (...blanks: string[]) => ({ kind: "fill" as const, blanks });

  it("gives full points when every blank matches an accepted spelling after normalization", () => {
    expect(gradeQuestion(twoBlanks, fill("１", " 两。"), "all_or_nothing")).toEqual({
      status: "correct",
      points: 2,
      maxPoints: 2,
    });
  });

  it("grades each blank on its own: one of two right is half", () => {
    expect(gradeQuestion(twoBlanks, fill("一", "三"), "all_or_nothing")).toEqual({
      status: "partial",
      points: 1,
      maxPoints: 2,
    });
    expect(gradeQuestion(twoBlanks, fill("", "2"), "all_or_nothing")).toEqual({
      status: "partial",
      points: 1,
      maxPoints: 2,
    });
  });

  it("does not accept an answer meant for another blank", () => {
    expect(gradeQuestion(twoBlanks, fill("二", "一"), "all_or_nothing")).toEqual({
      status: "wrong",
      points: 0,
      maxPoints: 2,
    });
  });

  it("treats all-empty blanks as unanswered", () => {
    expect(gradeQuestion(twoBlanks, fill("", " "), "all_or_nothing").status).toBe("unanswered");
  });

  it("rounds a share to two decimals, while a fully right question is worth exactly its points", () => {
    const three = frozenQuestion({ type: "fill", points: 2, answer: { kind: "fill", blanks: [["a"], ["b"], ["c"]] } });
    expect(gradeQuestion(three, fill("a", "x", "x"), "all_or_nothing").points).toBe(0.67);
    expect(gradeQuestion(three, fill("a", "b", "x"), "all_or_nothing").points).toBe(1.33);
    expect(gradeQuestion(three, fill("a", "b", "c"), "all_or_nothing").points).toBe(2);
  });
});

describe("grading an essay", () => {
  const q = frozenQuestion({ type: "essay", points: 10 });
  const text = { kind: "essay" as const, text: "留置应当经集体研究决定。" };

  it("waits for a grader with 0 points", () => {
    expect(gradeQuestion(q, text, "all_or_nothing")).toEqual({ status: "pending", points: 0, maxPoints: 10 });
  });

  it("takes the grader's points once given", () => {
    expect(gradeQuestion(q, text, "all_or_nothing", 7.5)).toEqual({ status: "partial", points: 7.5, maxPoints: 10 });
    expect(gradeQuestion(q, text, "all_or_nothing", 10)).toEqual({ status: "correct", points: 10, maxPoints: 10 });
    expect(gradeQuestion(q, text, "all_or_nothing", 0)).toEqual({ status: "wrong", points: 0, maxPoints: 10 });
  });

  it("keeps a manual grade within 0..points", () => {
    expect(gradeQuestion(q, text, "all_or_nothing", 12).points).toBe(10);
    expect(gradeQuestion(q, text, "all_or_nothing", -3).points).toBe(0);
  });

  it("needs no grader when nothing was written", () => {
    expect(gradeQuestion(q, { kind: "essay", text: "  " }, "all_or_nothing")).toEqual({
      status: "unanswered",
      points: 0,
      maxPoints: 10,
    });
    expect(gradeQuestion(q, undefined, "all_or_nothing", 5)).toEqual({
      status: "unanswered",
      points: 0,
      maxPoints: 10,
    });
  });
});
