import { isAnswered, validateResponse } from "~/domain/exams/validate-response";

import { frozenQuestion } from "./exams-fixtures";

const single = frozenQuestion({ type: "single" });
const multiple = frozenQuestion({ type: "multiple" });
const judge = frozenQuestion({ type: "judge" });
const fill = frozenQuestion({ type: "fill", answer: { kind: "fill", blanks: [["一"], ["二"]] } });
const essay = frozenQuestion({ type: "essay" });

describe("validating a saved response against its question", () => {
  it("accepts well-formed responses of every kind", () => {
    expect(validateResponse(single, { kind: "single", option: 3 })).toEqual({
      ok: true,
      response: { kind: "single", option: 3 },
    });
    expect(validateResponse(judge, { kind: "judge", value: false })).toEqual({
      ok: true,
      response: { kind: "judge", value: false },
    });
    expect(validateResponse(fill, { kind: "fill", blanks: ["一", ""] })).toEqual({
      ok: true,
      response: { kind: "fill", blanks: ["一", ""] },
    });
    expect(validateResponse(essay, { kind: "essay", text: "答" })).toEqual({
      ok: true,
      response: { kind: "essay", text: "答" },
    });
  });

  it("stores multiple choices sorted, and accepts a cleared choice", () => {
    expect(validateResponse(multiple, { kind: "multiple", options: [3, 0, 2] })).toEqual({
      ok: true,
      response: { kind: "multiple", options: [0, 2, 3] },
    });
    expect(validateResponse(multiple, { kind: "multiple", options: [] })).toEqual({
      ok: true,
      response: { kind: "multiple", options: [] },
    });
  });

  it("drops fields it does not know", () => {
    expect(validateResponse(single, { kind: "single", option: 1, score: 100 })).toEqual({
      ok: true,
      response: { kind: "single", option: 1 },
    });
  });

  it.each([
    ["not an object", single, "B", "答案格式不正确"],
    ["null", single, null, "答案格式不正确"],
    ["an array", single, [1], "答案格式不正确"],
    ["the wrong kind", single, { kind: "multiple", options: [1] }, "答案类型与题型不符：本题是单选题"],
    ["an option past the last displayed one", single, { kind: "single", option: 4 }, "所选选项不在本题选项之内"],
    ["a negative option", single, { kind: "single", option: -1 }, "所选选项不在本题选项之内"],
    ["a fractional option", single, { kind: "single", option: 1.5 }, "所选选项不在本题选项之内"],
    ["an option sent as text", single, { kind: "single", option: "1" }, "所选选项不在本题选项之内"],
    ["a multiple option outside", multiple, { kind: "multiple", options: [0, 9] }, "所选选项不在本题选项之内"],
    ["a repeated multiple option", multiple, { kind: "multiple", options: [1, 1] }, "选项重复"],
    ["multiple options not in a list", multiple, { kind: "multiple", options: 1 }, "答案格式不正确"],
    ["a judge value that is not a boolean", judge, { kind: "judge", value: "true" }, "答案格式不正确"],
    ["too few blanks", fill, { kind: "fill", blanks: ["一"] }, "本题有 2 个空，提交了 1 个"],
    ["too many blanks", fill, { kind: "fill", blanks: ["一", "二", "三"] }, "本题有 2 个空，提交了 3 个"],
    ["a blank that is not text", fill, { kind: "fill", blanks: ["一", 2] }, "答案格式不正确"],
    ["a blank over 200 characters", fill, { kind: "fill", blanks: ["林".repeat(201), ""] }, "每空不能超过 200 字"],
    ["an essay over 5000 characters", essay, { kind: "essay", text: "林".repeat(5001) }, "简答不能超过 5000 字"],
    ["an essay that is not text", essay, { kind: "essay", text: 5 }, "答案格式不正确"],
  ])("rejects %s", (_, question, raw, reason) => {
    expect(validateResponse(question, raw)).toEqual({ ok: false, reason });
  });

  it("accepts text exactly at the limits", () => {
    expect(validateResponse(fill, { kind: "fill", blanks: ["林".repeat(200), ""] }).ok).toBe(true);
    expect(validateResponse(essay, { kind: "essay", text: "林".repeat(5000) }).ok).toBe(true);
  });

  it("counts characters, not UTF-16 units, against the limits", () => {
    expect(validateResponse(fill, { kind: "fill", blanks: ["𠀀".repeat(200), ""] }).ok).toBe(true);
  });
});

describe("whether a response counts as answered (答题卡)", () => {
  it("treats a missing response, a cleared choice, empty blanks and a blank essay as unanswered", () => {
    expect(isAnswered(undefined)).toBe(false);
    expect(isAnswered({ kind: "multiple", options: [] })).toBe(false);
    expect(isAnswered({ kind: "fill", blanks: ["", " 。"] })).toBe(false);
    expect(isAnswered({ kind: "essay", text: " \n " })).toBe(false);
  });

  it("treats any choice, any non-empty blank and any essay text as answered", () => {
    expect(isAnswered({ kind: "single", option: 0 })).toBe(true);
    expect(isAnswered({ kind: "judge", value: false })).toBe(true);
    expect(isAnswered({ kind: "multiple", options: [2] })).toBe(true);
    expect(isAnswered({ kind: "fill", blanks: ["", "二"] })).toBe(true);
    expect(isAnswered({ kind: "essay", text: "答" })).toBe(true);
  });
});
