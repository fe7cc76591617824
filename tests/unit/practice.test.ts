import { nextPracticeQuestion } from "~/domain/practice/next-question";
import { gradePracticeForm, practiceFrozen } from "~/domain/practice/practice-question";
import { groupWrongBook, UNTAGGED } from "~/domain/practice/wrong-book-groups";
import { type PracticeEvent, wrongBook, type WrongEvent } from "~/domain/practice/wrong-book";
import type { PoolQuestion } from "~/domain/exams/types";

const exam = (identity: string, at: string, rowId = 1): WrongEvent => ({ identity, rowId, at, source: "exam" });
const practised = (identity: string, at: string, correct: boolean, rowId = 1): PracticeEvent => ({ identity, rowId, at, correct });

describe("the wrong-answer book", () => {
  test("a question answered wrong in an exam is in the book until it is answered right twice in practice", () => {
    const wrong = [exam("senlinfa#q001", "2026-03-01T02:00:00.000Z")];
    expect(wrongBook(wrong, []).map((e) => [e.identity, e.rightSince])).toEqual([["senlinfa#q001", 0]]);
    const once = [practised("senlinfa#q001", "2026-03-02T02:00:00.000Z", true)];
    expect(wrongBook(wrong, once).map((e) => e.rightSince)).toEqual([1]);
    const twice = [...once, practised("senlinfa#q001", "2026-03-03T02:00:00.000Z", true)];
    expect(wrongBook(wrong, twice)).toEqual([]);
  });

  test("right, wrong, right is not twice in a row: the question stays, and a later wrong answer puts a cleared one back", () => {
    const events = [
      practised("a#q1", "2026-03-01T00:00:00.000Z", false),
      practised("a#q1", "2026-03-02T00:00:00.000Z", true),
      practised("a#q1", "2026-03-03T00:00:00.000Z", false),
      practised("a#q1", "2026-03-04T00:00:00.000Z", true),
    ];
    expect(wrongBook([], events)).toMatchObject([{ identity: "a#q1", wrongCount: 2, rightSince: 1, lastWrongAt: "2026-03-03T00:00:00.000Z", fromExam: false }]);
    const cleared = [...events, practised("a#q1", "2026-03-05T00:00:00.000Z", true)];
    expect(wrongBook([], cleared)).toEqual([]);
    expect(wrongBook([exam("a#q1", "2026-04-01T00:00:00.000Z", 7)], cleared)).toMatchObject([{ identity: "a#q1", rowId: 7, wrongCount: 3, rightSince: 0, fromExam: true }]);
  });

  test("right answers before the wrong one do not count, and a question never answered wrong is not in the book", () => {
    const events = [practised("a#q1", "2026-03-01T00:00:00.000Z", true), practised("a#q1", "2026-03-02T00:00:00.000Z", true), practised("a#q2", "2026-03-01T00:00:00.000Z", true)];
    expect(wrongBook([exam("a#q1", "2026-03-05T00:00:00.000Z")], events).map((e) => [e.identity, e.rightSince])).toEqual([["a#q1", 0]]);
  });

  test("latest wrong answer first; grouped by bank, then by the first knowledge point", () => {
    const book = wrongBook([exam("b#q9", "2026-01-01T00:00:00.000Z"), exam("a#q1", "2026-02-01T00:00:00.000Z")], [practised("a#q2", "2026-03-01T00:00:00.000Z", false)]);
    expect(book.map((e) => e.identity)).toEqual(["a#q2", "a#q1", "b#q9"]);
    const groups = groupWrongBook([
      { identity: "a#q1", bankSlug: "a", bankTitle: "甲法", tags: ["责任", "处分"] },
      { identity: "a#q2", bankSlug: "a", bankTitle: "甲法", tags: ["责任"] },
      { identity: "a#q3", bankSlug: "a", bankTitle: "甲法", tags: [] },
      { identity: "b#q9", bankSlug: "b", bankTitle: "乙法", tags: ["程序"] },
    ]);
    expect(groups.map((g) => [g.bankTitle, g.count, g.tags.map((t) => [t.tag, t.items.map((i) => i.identity)])])).toEqual([
      ["甲法", 3, [["责任", ["a#q1", "a#q2"]], [UNTAGGED, ["a#q3"]]]],
      ["乙法", 1, [["程序", ["b#q9"]]]],
    ]);
  });
});

describe("which practice question comes next", () => {
  const q = (identity: string) => ({ identity });
  test("unseen questions first, the same seed gives the same one, and never the question just answered while there is another", () => {
    const candidates = [q("a"), q("b"), q("c")];
    const seen = new Map([["a", { lastAt: "2026-03-01T00:00:00.000Z", count: 1 }]]);
    const first = nextPracticeQuestion(candidates, seen, null, 42)!;
    expect(["b", "c"]).toContain(first.identity);
    expect(nextPracticeQuestion(candidates, seen, null, 42)).toEqual(first);
    expect(nextPracticeQuestion(candidates, seen, "b", 42)!.identity).toBe("c");
  });

  test("when all were seen, the one practised longest ago; a single question repeats; none gives null", () => {
    const seen = new Map([
      ["a", { lastAt: "2026-03-03T00:00:00.000Z", count: 1 }],
      ["b", { lastAt: "2026-03-01T00:00:00.000Z", count: 4 }],
      ["c", { lastAt: "2026-03-02T00:00:00.000Z", count: 2 }],
    ]);
    expect(nextPracticeQuestion([q("a"), q("b"), q("c")], seen, null, 1)!.identity).toBe("b");
    expect(nextPracticeQuestion([q("a"), q("b"), q("c")], seen, "b", 1)!.identity).toBe("c");
    expect(nextPracticeQuestion([q("a")], seen, "a", 1)!.identity).toBe("a");
    expect(nextPracticeQuestion([], seen, null, 1)).toBeNull();
  });
});

describe("grading a practice answer from its form", () => {
  const pool = (over: Partial<PoolQuestion>): PoolQuestion => ({
    rowId: 1, bankSlug: "a", bankVersion: 1, key: "q1", type: "single", stem: "题干", options: ["甲", "乙", "丙"],
    answer: { kind: "single", option: 1 }, explanation: "", reference: "第一条", tags: [], difficulty: 1, ...over,
  });
  const form = (entries: Array<[string, string]>) => {
    const data = new FormData();
    for (const [k, v] of entries) data.append(k, v);
    return data;
  };

  test("options are the bank's own: choosing B of a B question is right", () => {
    const frozen = practiceFrozen(pool({}));
    expect(gradePracticeForm(form([["q:0:0", "1"]]), frozen)).toMatchObject({ ok: true, correct: true, status: "correct", response: { kind: "single", option: 1 } });
    expect(gradePracticeForm(form([["q:0:0", "2"]]), frozen)).toMatchObject({ ok: true, correct: false, status: "wrong" });
  });

  test("a multiple choice with a right option missing is not right (all or nothing); fill answers are normalized", () => {
    const multiple = practiceFrozen(pool({ type: "multiple", options: ["甲", "乙", "丙", "丁"], answer: { kind: "multiple", options: [0, 2] } }));
    expect(gradePracticeForm(form([["q:0:0:shown", "1"], ["q:0:0", "0"]]), multiple)).toMatchObject({ ok: true, correct: false });
    expect(gradePracticeForm(form([["q:0:0:shown", "1"], ["q:0:0", "0"], ["q:0:0", "2"]]), multiple)).toMatchObject({ ok: true, correct: true });
    const fill = practiceFrozen(pool({ type: "fill", options: [], answer: { kind: "fill", blanks: [["三月十二日", "3月12日"]] } }));
    expect(gradePracticeForm(form([["q:0:0:0", " ３月１２日 "]]), fill)).toMatchObject({ ok: true, correct: true });
  });

  test("nothing chosen, or an option that is not there, is refused with a Chinese message", () => {
    const frozen = practiceFrozen(pool({}));
    expect(gradePracticeForm(form([]), frozen)).toEqual({ ok: false, message: "请先作答再提交" });
    expect(gradePracticeForm(form([["q:0:0", "9"]]), frozen)).toEqual({ ok: false, message: "所选选项不在本题选项之内" });
    const judge = practiceFrozen(pool({ type: "judge", options: [], answer: { kind: "judge", value: false } }));
    expect(gradePracticeForm(form([["q:0:0", "false"]]), judge)).toMatchObject({ ok: true, correct: true });
    expect(gradePracticeForm(form([["q:0:0:shown", "1"]]), practiceFrozen(pool({ type: "multiple", answer: { kind: "multiple", options: [0] } })))).toEqual({ ok: false, message: "请先作答再提交" });
  });
});
