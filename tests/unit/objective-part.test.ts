import { objectivePart } from "~/domain/exams/objective-part";
import type { FrozenPaper } from "~/domain/exams/types";

import { frozenQuestion } from "./exams-fixtures";

describe("the objective part shown before an essay is graded", () => {
  test("its maximum is the objective questions' points, not the paper's total with the essays", () => {
    const paper: FrozenPaper = {
      seed: 1,
      sections: [
        { title: "一、单选题", type: "single", points: 20, minScore: null, questions: [frozenQuestion({ type: "single", points: 20 }), frozenQuestion({ type: "single", points: 20 }), frozenQuestion({ type: "single", points: 20 })] },
        { title: "二、简答题", type: "essay", points: 40, minScore: null, questions: [frozenQuestion({ type: "essay", points: 40 })] },
      ],
    };
    const grades = [
      { ref: "0:0", points: 20 },
      { ref: "0:1", points: 0 },
      { ref: "0:2", points: 20 },
      { ref: "1:0", points: 0 },
    ];
    expect(objectivePart(paper, grades)).toEqual({ score: 40, maxScore: 60, essayMax: 40 });
  });
});
