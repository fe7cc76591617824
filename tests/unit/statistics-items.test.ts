import { gradeAttempt } from "~/domain/exams/grade-attempt";
import type { FrozenPaper, FrozenQuestion, MultiplePolicy, Response } from "~/domain/exams/types";
import { type CadreItems, itemAnalysis, observeAttempt, type QuestionInfo, upperLowerDiscrimination } from "~/domain/statistics/item-analysis";

import { frozenQuestion } from "./exams-fixtures";

const paperOf = (...sections: FrozenQuestion[][]): FrozenPaper => ({
  seed: 1,
  sections: sections.map((questions, i) => ({ title: `第${i + 1}部分`, type: questions[0].type, points: questions[0].points, minScore: null, questions })),
});

/** One cadre's counted attempt: graded by the real grading code, observed as the report does. */
function cadre(paper: FrozenPaper, responses: Record<string, Response>, policy: MultiplePolicy = "all_or_nothing", total?: number): CadreItems {
  const grade = gradeAttempt(paper, responses, policy, { passMark: 0, sectionMinimums: false });
  return { total: total ?? grade.score, items: observeAttempt(paper, grade.perQuestion, responses) };
}

const noInfo = new Map<number, QuestionInfo>();

describe("区分度: upper–lower 27%, by hand", () => {
  const run = (totals: number[], right: boolean[]) => upperLowerDiscrimination(totals.map((total, i) => ({ total, correct: right[i] })));

  test("10 cadres: k = round(2.7) = 3; top 3 get it 2 of 3, bottom 3 get it 1 of 3 → 0.67 − 0.33 = 0.33", () => {
    const totals = [100, 90, 80, 70, 60, 50, 40, 30, 20, 10];
    const right = [true, true, false, false, true, true, false, false, true, false];
    expect(run(totals, right)).toBe(0.33);
  });

  test("ties at the cut join the group whole: top = 90 and all three 80s (2 of 4), bottom = 20, 30, 40 (1 of 3) → 0.17", () => {
    const totals = [90, 80, 80, 80, 70, 60, 50, 40, 30, 20];
    const right = [true, true, false, false, true, false, false, true, false, false];
    // P_H − P_L = 2/4 − 1/3 = 1/6 = 0.1667
    expect(run(totals, right)).toBe(0.17);
    // The order the cadres come in does not matter.
    expect(run([...totals].reverse(), [...right].reverse())).toBe(0.17);
  });

  test("a question only the weak get right discriminates negatively; equal totals or one cadre say nothing", () => {
    expect(run([80, 60, 40, 20], [false, false, false, true])).toBe(-1);
    expect(run([50, 50, 50], [true, false, false])).toBe(0);
    expect(run([70], [true])).toBeNull();
    expect(run([], [])).toBeNull();
  });
});

describe("item analysis across shuffled papers", () => {
  // The same single-choice question on two papers: bank options 甲 乙 丙 丁, key 乙 (B).
  const base = { key: "q007", bankSlug: "jilv-2023", answer: { kind: "single" as const, option: 1 }, points: 5 };
  const plain = frozenQuestion({ ...base, rowId: 70 });
  // Shown as 丙 甲 丁 乙: displayed 0 is original 2, displayed 3 is original 1.
  const shuffled = frozenQuestion({ ...base, rowId: 70, optionOrder: [2, 0, 3, 1], options: ["丙", "甲", "丁", "乙"] });
  const paperA = paperOf([plain]);
  const paperB = paperOf([shuffled]);

  const cadres = [
    cadre(paperA, { "0:0": { kind: "single", option: 1 } }), // 乙: right
    cadre(paperB, { "0:0": { kind: "single", option: 3 } }), // 乙 shown last: right
    cadre(paperB, { "0:0": { kind: "single", option: 0 } }), // 丙: wrong
    cadre(paperA, {}), // unanswered
  ];
  const [item] = itemAnalysis(cadres, new Map([[70, { tags: ["处分种类"], position: 6 }]]));

  test("options are counted by their bank letter whatever order the cadre saw", () => {
    expect(item.options.map((o) => [o.label, o.text, o.count, o.share, o.isAnswer])).toEqual([
      ["A", "甲", 0, 0, false],
      ["B", "乙", 2, 50, true],
      ["C", "丙", 1, 25, false],
      ["D", "丁", 0, 0, false],
    ]);
    expect(item).toMatchObject({ identity: "jilv-2023#q007", answer: "B", tags: ["处分种类"], respondents: 4, unanswered: 1, unansweredShare: 25 });
  });

  test("正确率 is the share fully correct among everyone who got the question (unanswered included)", () => {
    expect(item.facility).toBe(50);
    expect(item.scoreRate).toBe(50);
  });
});

describe("item analysis by question type", () => {
  test("multiple choice: shares can add past 100%; partial credit shows in 得分率, not in 正确率", () => {
    const q = frozenQuestion({ type: "multiple", rowId: 80, key: "q080", points: 2, answer: { kind: "multiple", options: [0, 2] } });
    const paper = paperOf([q]);
    const cadres = [
      cadre(paper, { "0:0": { kind: "multiple", options: [0, 2] } }, "partial_half"),
      cadre(paper, { "0:0": { kind: "multiple", options: [0] } }, "partial_half"),
      cadre(paper, { "0:0": { kind: "multiple", options: [0, 1] } }, "partial_half"),
    ];
    const [item] = itemAnalysis(cadres, noInfo);
    expect(item.options.map((o) => o.share)).toEqual([100, 33.3, 33.3, 0]);
    expect(item.answer).toBe("AC");
    expect(item.facility).toBe(33.3); // 1 of 3 fully right
    expect(item.scoreRate).toBe(50); // (2 + 1 + 0) / 6
  });

  test("judge: A is 正确 and B is 错误; fill and essay have no options", () => {
    const judge = frozenQuestion({ type: "judge", rowId: 90, key: "q090", answer: { kind: "judge", value: false } });
    const fill = frozenQuestion({ type: "fill", rowId: 91, key: "q091" });
    const paper = paperOf([judge], [fill]);
    const cadres = [
      cadre(paper, { "0:0": { kind: "judge", value: false }, "1:0": { kind: "fill", blanks: ["2年"] } }),
      cadre(paper, { "0:0": { kind: "judge", value: true } }),
      cadre(paper, { "0:0": { kind: "judge", value: false } }),
    ];
    const [j, f] = itemAnalysis(cadres, noInfo);
    expect(j.options.map((o) => [o.label, o.text, o.share, o.isAnswer])).toEqual([
      ["A", "正确", 33.3, false],
      ["B", "错误", 66.7, true],
    ]);
    expect(j).toMatchObject({ answer: "错误", facility: 66.7 });
    expect(f).toMatchObject({ type: "fill", options: [], answer: "", facility: 33.3, unansweredShare: 66.7 });
  });

  test("题号 follows the paper definition (section, then bank position), not who handed in first; respondents are per question", () => {
    const q1 = frozenQuestion({ rowId: 101, key: "q101" });
    const q2 = frozenQuestion({ rowId: 102, key: "q102" });
    const judge = frozenQuestion({ type: "judge", rowId: 103, key: "q103" });
    const info = new Map<number, QuestionInfo>([
      [101, { tags: [], position: 5 }],
      [102, { tags: [], position: 1 }],
      [103, { tags: [], position: 0 }],
    ]);
    // The first cadre's paper has q101 then the judge; the second's q102 only in section 0 plus the judge.
    const cadres = [cadre(paperOf([q1], [judge]), {}), cadre(paperOf([q2], [judge]), {})];
    const items = itemAnalysis(cadres, info);
    expect(items.map((i) => [i.no, i.key, i.respondents])).toEqual([
      [1, "q102", 1],
      [2, "q101", 1],
      [3, "q103", 2],
    ]);
  });

  test("the discrimination of an item is computed from the cadres' total scores", () => {
    const q = frozenQuestion({ rowId: 110, key: "q110" });
    const paper = paperOf([q]);
    const right = { "0:0": { kind: "single", option: 1 } } as Record<string, Response>;
    const wrong = { "0:0": { kind: "single", option: 0 } } as Record<string, Response>;
    // Totals given explicitly (the rest of the paper is not modelled): strong right, weak wrong.
    const cadres = [cadre(paper, right, "all_or_nothing", 95), cadre(paper, right, "all_or_nothing", 80), cadre(paper, wrong, "all_or_nothing", 40), cadre(paper, wrong, "all_or_nothing", 30)];
    expect(itemAnalysis(cadres, noInfo)[0].discrimination).toBe(1);
  });
});

describe("chosen options as a bit set (the report's fast path over attempt_items)", () => {
  it("reads the stored text of chosen options as the same set the arrays give", async () => {
    const { chosenMaskOf } = await import("~/models/reports.server");
    const { chosenMask } = await import("~/domain/statistics/item-analysis");
    expect(chosenMaskOf(null)).toBe(0);
    expect(chosenMaskOf("[]")).toBe(0);
    expect(chosenMaskOf("[1]")).toBe(chosenMask([1]));
    expect(chosenMaskOf("[0,2,7]")).toBe(0b10000101);
    expect(chosenMask([2, 2, 0])).toBe(0b101);
  });
});
