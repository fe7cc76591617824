import { paperForCadre } from "~/domain/exams/cadre-view";
import { paperRefs, questionAt, questionRef } from "~/domain/exams/question-ref";
import type { FrozenPaper } from "~/domain/exams/types";

import { frozenQuestion } from "./exams-fixtures";

const paper: FrozenPaper = {
  seed: 99,
  sections: [
    {
      title: "一、单选题",
      type: "single",
      points: 2,
      minScore: null,
      questions: [
        frozenQuestion({
          type: "single",
          stem: "甲题",
          optionOrder: [3, 2, 1, 0],
          options: ["丁", "丙", "乙", "甲"],
          answer: { kind: "single", option: 1 },
        }),
        frozenQuestion({ type: "single", stem: "乙题" }),
      ],
    },
    {
      title: "二、填空题",
      type: "fill",
      points: 3,
      minScore: null,
      questions: [
        frozenQuestion({ type: "fill", stem: "国家实行____制度", answer: { kind: "fill", blanks: [["监察官秘钥"]] } }),
      ],
    },
  ],
};

describe("question refs", () => {
  it("name questions by section and position on the frozen paper", () => {
    expect(questionRef(1, 0)).toBe("1:0");
    expect(paperRefs(paper)).toEqual(["0:0", "0:1", "1:0"]);
    expect(questionAt(paper, "0:1")?.stem).toBe("乙题");
  });

  it("find nothing for a ref that is not on the paper or not a ref at all", () => {
    for (const ref of ["2:0", "0:2", "-1:0", "0:01", "0:1 ", "1", "constructor", "__proto__", "0:1:2", ""]) {
      expect(questionAt(paper, ref)).toBeUndefined();
    }
  });
});

describe("the paper sent to the browser during an attempt", () => {
  const view = paperForCadre(paper);

  it("shows the questions with options in displayed order and their refs", () => {
    expect(view.sections[0].questions[0]).toEqual({
      ref: "0:0",
      type: "single",
      stem: "甲题",
      points: 2,
      options: ["丁", "丙", "乙", "甲"],
      blanks: 0,
    });
    expect(view.sections[1].questions[0]).toMatchObject({ ref: "1:0", blanks: 1, options: [] });
  });

  it("carries no answer key, option order, bank row or seed", () => {
    const json = JSON.stringify(view);
    expect(json).not.toContain("监察官秘钥");
    for (const field of ["answer", "optionOrder", "rowId", "bankSlug", "seed", "explanation"])
      expect(json).not.toContain(`"${field}"`);
  });
});
