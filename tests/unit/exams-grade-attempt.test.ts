import { gradeAttempt } from "~/domain/exams/grade-attempt";
import type { FrozenPaper, FrozenSection, Response } from "~/domain/exams/types";

import { frozenQuestion } from "./exams-fixtures";

function section(title: string, count: number, points: number, minScore: number | null = null): FrozenSection {
  return {
    title,
    type: "judge",
    points,
    minScore,
    questions: Array.from({ length: count }, (_, i) =>
      frozenQuestion({ type: "judge", key: `q${i}`, points, answer: { kind: "judge", value: true } })
    ),
  };
}

const right: Response = { kind: "judge", value: true };
const wrong: Response = { kind: "judge", value: false };

/** Answers the first `n` questions of section `s` right and the rest wrong. */
function answers(paper: FrozenPaper, rightPerSection: number[]): Record<string, Response> {
  const result: Record<string, Response> = {};
  paper.sections.forEach((sec, s) =>
    sec.questions.forEach((_, q) => {
      result[`${s}:${q}`] = q < rightPerSection[s] ? right : wrong;
    })
  );
  return result;
}

// 理论 60 points (min 40) + 廉政 40 points (min 20), pass mark 60.
const paper: FrozenPaper = { seed: 1, sections: [section("一、理论", 30, 2, 40), section("二、廉政", 20, 2, 20)] };

describe("grading an attempt", () => {
  it("adds up sections and the paper, keyed by section:question", () => {
    const grade = gradeAttempt(paper, answers(paper, [25, 15]), "all_or_nothing", {
      passMark: 60,
      sectionMinimums: true,
    });
    expect(grade.score).toBe(80);
    expect(grade.maxScore).toBe(100);
    expect(grade.sections).toEqual([
      { title: "一、理论", score: 50, maxScore: 60, minScore: 40, metMinimum: true },
      { title: "二、廉政", score: 30, maxScore: 40, minScore: 20, metMinimum: true },
    ]);
    expect(grade.passed).toBe(true);
    expect(grade.pending).toBe(false);
    expect(grade.perQuestion[30]).toMatchObject({
      ref: "1:0",
      sectionIndex: 1,
      questionIndex: 0,
      status: "correct",
      points: 2,
    });
  });

  it("fails a score above the pass mark when a section is below its minimum (70 ≥ 60, 廉政 10 < 20)", () => {
    const grade = gradeAttempt(paper, answers(paper, [30, 5]), "all_or_nothing", {
      passMark: 60,
      sectionMinimums: true,
    });
    expect(grade.score).toBe(70);
    expect(grade.sections[1]).toMatchObject({ score: 10, metMinimum: false });
    expect(grade.passed).toBe(false);
  });

  it("ignores section minimums when the exam does not apply them", () => {
    const grade = gradeAttempt(paper, answers(paper, [30, 5]), "all_or_nothing", {
      passMark: 60,
      sectionMinimums: false,
    });
    expect(grade.passed).toBe(true);
  });

  it("passes exactly at the pass mark and fails just below it", () => {
    const rule = { passMark: 60, sectionMinimums: false };
    expect(gradeAttempt(paper, answers(paper, [20, 10]), "all_or_nothing", rule)).toMatchObject({
      score: 60,
      passed: true,
    });
    expect(gradeAttempt(paper, answers(paper, [20, 9]), "all_or_nothing", rule)).toMatchObject({
      score: 58,
      passed: false,
    });
  });

  it("counts unanswered questions as 0 and ignores responses for questions not on the paper", () => {
    const grade = gradeAttempt(paper, { "0:0": right, "7:7": right, "0:99": right, "0:1x": right }, "all_or_nothing", {
      passMark: 60,
      sectionMinimums: false,
    });
    expect(grade.score).toBe(2);
    expect(grade.perQuestion.filter((q) => q.status === "unanswered")).toHaveLength(49);
  });

  it("reads only the responses' own keys, never inherited ones", () => {
    const inherited = Object.create({ "0:1": right }) as Record<string, Response>;
    inherited["0:0"] = right;
    const grade = gradeAttempt(paper, inherited, "all_or_nothing", { passMark: 60, sectionMinimums: false });
    expect(grade.score).toBe(2);
  });

  it("keeps a pass undecided while an essay waits for a grader, then decides with the manual points", () => {
    const withEssay: FrozenPaper = {
      seed: 1,
      sections: [
        section("一、判断题", 10, 5),
        {
          title: "二、简答题",
          type: "essay",
          points: 50,
          minScore: null,
          questions: [frozenQuestion({ type: "essay", points: 50 })],
        },
      ],
    };
    const responses = { ...answers(withEssay, [6]), "1:0": { kind: "essay", text: "……" } as Response };
    const rule = { passMark: 60, sectionMinimums: false };

    const before = gradeAttempt(withEssay, responses, "all_or_nothing", rule);
    expect(before).toMatchObject({ score: 30, maxScore: 100, pending: true, passed: null });
    expect(before.perQuestion[10]).toMatchObject({ ref: "1:0", status: "pending", points: 0 });

    const after = gradeAttempt(withEssay, responses, "all_or_nothing", rule, { "1:0": 35 });
    expect(after).toMatchObject({ score: 65, pending: false, passed: true });
    expect(after.perQuestion[10]).toMatchObject({ status: "partial", points: 35 });
  });

  it("adds fractional points without floating-point noise", () => {
    const tenths: FrozenPaper = { seed: 1, sections: [section("一、判断题", 3, 0.1)] };
    const grade = gradeAttempt(tenths, answers(tenths, [3]), "all_or_nothing", {
      passMark: 0.3,
      sectionMinimums: false,
    });
    expect(grade.score).toBe(0.3);
    expect(grade.passed).toBe(true);
  });

  it("regrades the same stored inputs to the same result", () => {
    const responses = answers(paper, [17, 11]);
    const frozenInputs = JSON.parse(JSON.stringify({ paper, responses }));
    const first = gradeAttempt(paper, responses, "partial_half", { passMark: 60, sectionMinimums: true });
    const again = gradeAttempt(frozenInputs.paper, frozenInputs.responses, "partial_half", {
      passMark: 60,
      sectionMinimums: true,
    });
    expect(again).toEqual(first);
    expect(JSON.parse(JSON.stringify({ paper, responses }))).toEqual(frozenInputs);
  });
});
