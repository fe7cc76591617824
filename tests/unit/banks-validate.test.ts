import fs from "node:fs";
import path from "node:path";

import { validateBankData } from "~/domain/banks/validate";
import { parseBankYaml } from "~/domain/banks/yaml";
import type { BankProblem } from "~/domain/banks/problems";

import { rawBank, rawQuestions, toYaml, withQuestion, type RawBank } from "../support/bank-fixtures";

function problemsOf(bank: unknown): BankProblem[] {
  const result = validateBankData("bank.yaml", bank);
  if (result.ok) throw new Error("expected the bank to be refused");
  return result.problems;
}

function onlyProblem(bank: unknown): BankProblem {
  const problems = problemsOf(bank);
  expect(problems, problems.map((p) => p.message).join("\n")).toHaveLength(1);
  return problems[0];
}

describe("bank validation", () => {
  test("a good bank with one question of each type is accepted and normalized", () => {
    const result = validateBankData("bank.yaml", rawBank());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.bank.questions.map((q) => q.type)).toEqual(["single", "multiple", "judge", "fill", "essay"]);
    expect(result.bank.questions[3].answer).toEqual([["3", "三"], ["12", "十二"]]);
    expect(result.bank.questions[4].answer).toEqual({ reference: "公益林只能进行抚育、更新和低质低效林改造性质的采伐。", keywords: ["抚育、更新和低质低效林改造", "例外情形"] });
  });

  test("every bundled bank is valid", () => {
    const dir = path.resolve("question-banks");
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const result = parseBankYaml(file, fs.readFileSync(path.join(dir, file), "utf8"));
      expect(result.ok ? [] : result.problems.map((p) => p.message), file).toEqual([]);
      if (result.ok) expect(result.bank.questions.length, file).toBeGreaterThanOrEqual(40);
    }
  });

  test("a problem says file: question id: field: what was expected, in Chinese", () => {
    const p = onlyProblem(withQuestion(rawBank(), 0, { answer: "E" }));
    expect(p).toMatchObject({ file: "bank.yaml", questionId: "q001", index: 0, field: "answer", code: "answer_out_of_range" });
    expect(p.message).toBe("bank.yaml: q001: answer: 应为选项 A–D 中的字母，实际为 “E”（没有选项 E）");
  });

  test("unknown type", () => {
    const p = onlyProblem(withQuestion(rawBank(), 0, { type: "choice" }));
    expect(p).toMatchObject({ code: "unknown_type", field: "type", questionId: "q001" });
    expect(p.message).toContain("single（单选）");
    expect(p.message).toContain("“choice”");
  });

  test("answer letter outside the options, for single and multiple", () => {
    expect(onlyProblem(withQuestion(rawBank(), 0, { options: ["甲", "乙"], answer: "C" })).code).toBe("answer_out_of_range");
    const p = onlyProblem(withQuestion(rawBank(), 1, { answer: "ABF" }));
    expect(p).toMatchObject({ code: "answer_out_of_range", questionId: "q002" });
    expect(p.message).toContain("没有选项 F");
  });

  test("answers in the wrong form", () => {
    expect(onlyProblem(withQuestion(rawBank(), 0, { answer: "AB" })).code).toBe("bad_answer");
    expect(onlyProblem(withQuestion(rawBank(), 0, { answer: 1 })).code).toBe("bad_answer");
    expect(onlyProblem(withQuestion(rawBank(), 1, { answer: "A" })).message).toContain("至少有两个正确选项");
    expect(onlyProblem(withQuestion(rawBank(), 1, { answer: "AAB" })).code).toBe("bad_answer");
    expect(onlyProblem(withQuestion(rawBank(), 2, { answer: "yes" })).message).toContain("true（正确）或 false（错误）");
    expect(onlyProblem(withQuestion(rawBank(), 3, { answer: [["3"], []] })).code).toBe("bad_answer");
    expect(onlyProblem(withQuestion(rawBank(), 3, { answer: [["3|4"], ["12"]] })).code).toBe("bad_answer");
    expect(onlyProblem(withQuestion(rawBank(), 4, { answer: { keywords: ["要点"] } })).code).toBe("bad_answer");
    expect(onlyProblem(withQuestion(rawBank(), 4, { answer: { reference: "答", points: 3 } })).code).toBe("bad_answer");
  });

  test("lenient spellings are normalized: lower-case and unsorted letters, a plain essay answer, numbers as text", () => {
    const bank = withQuestion(withQuestion(withQuestion(rawBank(), 1, { answer: "cab" }), 4, { answer: "参考答案" }), 3, { answer: [[3, "三"], "12"] });
    const result = validateBankData("bank.yaml", bank);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.bank.questions[1].answer).toBe("ABC");
    expect(result.bank.questions[4].answer).toEqual({ reference: "参考答案", keywords: [] });
    expect(result.bank.questions[3].answer).toEqual([["3", "三"], ["12"]]);
  });

  test("duplicate option text", () => {
    const p = onlyProblem(withQuestion(rawBank(), 0, { options: ["三月十二日", "四月一日", "三月十二日 ", "十月一日"] }));
    expect(p).toMatchObject({ code: "duplicate_option", field: "options" });
    expect(p.message).toContain("选项 C 与选项 A 相同");
  });

  test("too few or too many options, an empty option, options on a judge question", () => {
    expect(onlyProblem(withQuestion(rawBank(), 0, { options: ["三月十二日"] })).code).toBe("option_count_out_of_range");
    const nine = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
    expect(onlyProblem(withQuestion(rawBank(), 0, { options: nine })).code).toBe("option_count_out_of_range");
    expect(onlyProblem(withQuestion(rawBank(), 0, { options: ["三月十二日", "  ", "五月四日"] })).code).toBe("empty_option");
    expect(onlyProblem(withQuestion(rawBank(), 0, { options: undefined })).code).toBe("missing_field");
    expect(onlyProblem(withQuestion(rawBank(), 2, { options: ["对", "错"] })).code).toBe("options_not_allowed");
  });

  test("duplicate question id", () => {
    const bank = rawBank();
    bank.questions[3] = { ...bank.questions[3], id: "q001" };
    const p = onlyProblem(bank);
    expect(p).toMatchObject({ code: "duplicate_question_id", questionId: "q001", index: 3, field: "id" });
    expect(p.message).toContain("已用于第 1 题");
  });

  test("blank count mismatch, and a fill stem without blanks", () => {
    const p = onlyProblem(withQuestion(rawBank(), 3, { answer: [["3", "三"]] }));
    expect(p).toMatchObject({ code: "blank_count_mismatch", questionId: "q004" });
    expect(p.message).toContain("题干中有 2 个空");
    expect(onlyProblem(withQuestion(rawBank(), 3, { stem: "每年三月十二日为植树节（　　）。" })).code).toBe("blank_count_mismatch");
    // An answer slot （　　） in a choice stem is not a blank, and two underscores are not one either.
    expect(onlyProblem(withQuestion(rawBank(), 3, { stem: "每年__月____日为植树节。" })).code).toBe("blank_count_mismatch");
  });

  test("empty stem", () => {
    const p = onlyProblem(withQuestion(rawBank(), 2, { stem: "   " }));
    expect(p).toMatchObject({ code: "empty_stem", field: "stem", questionId: "q003" });
  });

  test("difficulty out of 1–5", () => {
    for (const difficulty of [0, 6, 2.5, -1]) {
      const p = onlyProblem(withQuestion(rawBank(), 0, { difficulty }));
      expect(p, String(difficulty)).toMatchObject({ code: "difficulty_out_of_range", field: "difficulty" });
    }
    expect(onlyProblem(withQuestion(rawBank(), 0, { difficulty: "难" })).code).toBe("wrong_type");
  });

  test("bad slug", () => {
    for (const bank of ["Senlinfa", "senlinfa_2019", "-senlinfa", "森林法", "upload"]) {
      const p = onlyProblem(rawBank({ bank }));
      expect(p, bank).toMatchObject({ code: "bad_slug", field: "bank", questionId: null });
      expect(p.message.startsWith("bank.yaml: 题库: bank: ")).toBe(true);
    }
  });

  test("bank-level problems: version, source, title, no questions, unknown and missing fields", () => {
    expect(onlyProblem(rawBank({ version: 0 })).code).toBe("bad_version");
    expect(onlyProblem(rawBank({ version: 1.5 })).code).toBe("bad_version");
    expect(onlyProblem(rawBank({ version: "2" })).code).toBe("wrong_type");
    expect(onlyProblem(rawBank({ source: "senlinfa-2019.md" })).code).toBe("bad_source");
    expect(onlyProblem(rawBank({ title: " " })).code).toBe("empty_field");
    expect(onlyProblem(rawBank({ questions: [] })).code).toBe("no_questions");
    expect(onlyProblem(rawBank({ questions: Array.from({ length: 3001 }, (_, i) => ({ ...rawQuestions()[2], id: `j${i}` })) })).code).toBe("too_many_questions");
    expect(onlyProblem({ ...rawBank(), author: "某人" })).toMatchObject({ code: "unknown_field", field: "author" });
    const { regulation: _, ...withoutRegulation } = rawBank();
    expect(onlyProblem(withoutRegulation)).toMatchObject({ code: "missing_field", field: "regulation" });
    expect(onlyProblem(["not", "a", "bank"]).code).toBe("bad_document");
  });

  test("question-level problems: id, unknown and missing fields, reference, tags, length", () => {
    expect(onlyProblem(withQuestion(rawBank(), 0, { id: "第一题" })).code).toBe("bad_question_id");
    expect(onlyProblem(withQuestion(rawBank(), 0, { explaination: "拼错了" }))).toMatchObject({ code: "unknown_field", field: "explaination" });
    expect(onlyProblem(withQuestion(rawBank(), 0, { reference: undefined }))).toMatchObject({ code: "missing_field", field: "reference" });
    expect(onlyProblem(withQuestion(rawBank(), 0, { reference: "" })).code).toBe("empty_field");
    expect(onlyProblem(withQuestion(rawBank(), 0, { tags: ["总则、分则"] })).code).toBe("bad_tag");
    expect(onlyProblem(withQuestion(rawBank(), 0, { tags: ["总则", "总则"] })).code).toBe("bad_tag");
    expect(onlyProblem(withQuestion(rawBank(), 0, { tags: "总则" })).code).toBe("wrong_type");
    expect(onlyProblem(withQuestion(rawBank(), 0, { stem: "长".repeat(2001) })).code).toBe("too_long");
    expect(onlyProblem(withQuestion(rawBank(), 1, { answer: undefined }))).toMatchObject({ code: "missing_field", field: "answer" });
    const missingId = withQuestion(rawBank(), 2, { id: undefined });
    expect(onlyProblem(missingId).message).toBe("bank.yaml: 第 3 题: id: 必填：题目编号（如 q001）");
  });

  test("every problem in a file is reported, and a file with any problem yields no bank", () => {
    let bank: RawBank = rawBank({ bank: "Bad Slug" });
    bank = withQuestion(bank, 0, { answer: "Z" });
    bank = withQuestion(bank, 3, { answer: [["3"]] });
    bank = withQuestion(bank, 4, { difficulty: 9 });
    const result = validateBankData("bank.yaml", bank);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.code).sort()).toEqual(["answer_out_of_range", "bad_slug", "blank_count_mismatch", "difficulty_out_of_range"]);
    expect("bank" in result).toBe(false);
  });

  test("YAML syntax errors and duplicate keys are located by line", () => {
    const broken = parseBankYaml("broken.yaml", "bank: x\ntitle: [未闭合\nversion: 1\n");
    expect(broken.ok).toBe(false);
    if (!broken.ok) {
      expect(broken.problems[0].code).toBe("yaml_syntax");
      expect(broken.problems[0].message).toMatch(/^broken\.yaml: 题库: YAML: 第 \d+ 行/);
    }
    const duplicate = parseBankYaml("dup.yaml", toYaml(rawBank()).replace("title: 测试题库\n", "title: 测试题库\ntitle: 另一个\n"));
    expect(duplicate.ok).toBe(false);
    if (!duplicate.ok) expect(duplicate.problems.map((p) => p.code)).toEqual(["duplicate_key"]);
    const notABank = parseBankYaml("list.yaml", "- a\n- b\n");
    expect(notABank.ok ? null : notABank.problems[0].code).toBe("bad_document");
  });
});
