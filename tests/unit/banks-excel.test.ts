import fs from "node:fs";
import path from "node:path";

import { BANK_COLUMNS, bankToSheets, questionToRow, rowToRawQuestion, sheetsToBank } from "~/domain/banks/excel";
import { questionHash, versionHash } from "~/domain/banks/hash";
import type { Bank, BankQuestion } from "~/domain/banks/types";
import { validateBankData } from "~/domain/banks/validate";
import { parseBankYaml } from "~/domain/banks/yaml";

import { rawBank } from "../support/bank-fixtures";

function goodBank(): Bank {
  const result = validateBankData("bank.yaml", rawBank());
  if (!result.ok) throw new Error("fixture invalid");
  return result.bank;
}

/** What exceljs hands back: every cell as text. */
function asCells(rows: Array<Array<string | number>>): string[][] {
  return rows.map((r) => r.map(String));
}

function rowCells(values: Partial<Record<(typeof BANK_COLUMNS)[number], string>>): string[] {
  return BANK_COLUMNS.map((c) => values[c] ?? "");
}

const INFO = [
  ["项目", "内容"],
  ["题库标识", "excel-bank"],
  ["题库名称", "Excel 题库"],
  ["版本", "2"],
  ["法规", "某条例"],
  ["原文文件", ""],
  ["说明", ""],
];

describe("Excel template ↔ questions", () => {
  test("each type becomes one row in the template's columns", () => {
    const [single, multiple, judge, fill, essay] = goodBank().questions;
    const row = (q: BankQuestion) => Object.fromEntries(BANK_COLUMNS.map((c, i) => [c, questionToRow(q)[i]]));
    expect(row(single)).toMatchObject({
      题目编号: "q001",
      题型: "单选",
      题干: "根据森林法，每年（　　）为植树节。",
      选项A: "三月十二日",
      选项D: "十月一日",
      选项E: "",
      答案: "A",
      解析: "第十条第二款规定，每年三月十二日为植树节。",
      依据: "第十条第二款",
      知识点: "造林绿化",
      难度: 1,
      评分要点: "",
    });
    expect(row(multiple)).toMatchObject({ 题型: "多选", 答案: "ABC", 知识点: "总则、考核" });
    expect(row(judge)).toMatchObject({ 题型: "判断", 答案: "错误", 选项A: "" });
    expect(row(fill)).toMatchObject({ 题型: "填空", 答案: "3/三|12/十二" });
    expect(row(essay)).toMatchObject({
      题型: "简答",
      答案: "公益林只能进行抚育、更新和低质低效林改造性质的采伐。",
      评分要点: "抚育、更新和低质低效林改造|例外情形",
    });
  });

  test("a row reads back to the same question, for every type", () => {
    const bank = goodBank();
    const sheets = bankToSheets(bank);
    const result = sheetsToBank("bank.xlsx", asCells(sheets.questions), asCells(sheets.info));
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([]);
    if (!result.ok) return;
    expect(result.bank).toEqual(bank);
    expect(result.bank.questions.map(questionHash)).toEqual(bank.questions.map(questionHash));
  });

  test("a fill answer containing “/” survives the round trip", () => {
    const raw = rawBank();
    raw.questions[3] = { ...raw.questions[3], stem: "比例为____，另一空____。", answer: [["1/2", "二分之一"], ["3/4"]] };
    const result = validateBankData("bank.yaml", raw);
    if (!result.ok) throw new Error("invalid");
    const row = questionToRow(result.bank.questions[3]);
    expect(row[BANK_COLUMNS.indexOf("答案")]).toBe("1/2；二分之一；|3/4；");
    const back = rowToRawQuestion(Object.fromEntries(BANK_COLUMNS.map((c, i) => [c, String(row[i])])));
    expect(back.raw.answer).toEqual([["1/2", "二分之一"], ["3/4"]]);
  });

  test("the spellings people type are understood", () => {
    const read = (values: Partial<Record<(typeof BANK_COLUMNS)[number], string>>) =>
      rowToRawQuestion(Object.fromEntries(BANK_COLUMNS.map((c) => [c, values[c] ?? ""]))).raw;
    for (const [word, value] of [["正确", true], ["对", true], ["√", true], ["错误", false], ["错", false], ["×", false]] as const) {
      expect(read({ 题型: "判断", 答案: word }).answer, word).toBe(value);
    }
    expect(read({ 题型: "单选题", 答案: " b " })).toMatchObject({ type: "single", answer: "b" });
    expect(read({ 题型: "多项选择题", 答案: "A、C，D" })).toMatchObject({ type: "multiple", answer: "ACD" });
    expect(read({ 题型: "填空", 答案: "3／三 | 12" }).answer).toEqual([["3", "三"], ["12"]]);
    expect(read({ 题型: "填空", 答案: "甲；乙" }).answer).toEqual([["甲", "乙"]]);
    expect(read({ 题型: "简答", 答案: "参考答案", 评分要点: "要点一|要点二\n要点三" }).answer).toEqual({
      reference: "参考答案",
      keywords: ["要点一", "要点二", "要点三"],
    });
    expect(read({ 知识点: "总则、 分则，罚则" }).tags).toEqual(["总则", "分则", "罚则"]);
    expect(read({ 难度: "3" }).difficulty).toBe(3);
    expect(read({ 题目编号: "" }).id).toBeUndefined();
  });

  test("problems are reported by row and column, and a bad row means no bank", () => {
    const table = [
      [...BANK_COLUMNS],
      rowCells({ 题目编号: "a1", 题型: "单选", 题干: "甲？", 选项A: "是", 选项B: "否", 答案: "C", 依据: "第一条", 难度: "1" }),
      rowCells({}),
      rowCells({ 题目编号: "a2", 题型: "单项", 题干: "乙？", 答案: "A", 依据: "第二条", 难度: "2" }),
      rowCells({ 题目编号: "a3", 题型: "判断", 题干: "丙。", 答案: "也许", 依据: "第三条", 难度: "9" }),
      rowCells({ 题目编号: "a1", 题型: "填空", 题干: "丁____。", 答案: "一|二", 依据: "第四条", 难度: "1" }),
      rowCells({ 题目编号: "a5", 题型: "判断", 题干: "戊。", 答案: "对", 依据: "第五条", 难度: "1", 评分要点: "要点" }),
      rowCells({ 题目编号: "a6", 题型: "多选", 题干: "己？", 选项A: "一", 选项C: "三", 答案: "AC", 依据: "第六条", 难度: "1" }),
    ];
    const result = sheetsToBank("题库.xlsx", table, INFO);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const found = result.problems.map((p) => [p.row, p.field, p.code]);
    expect(found).toEqual([
      [2, "答案", "answer_out_of_range"],
      [4, "题型", "unknown_type"],
      [5, "答案", "bad_answer"],
      [5, "难度", "difficulty_out_of_range"],
      [6, "答案", "blank_count_mismatch"],
      [6, "题目编号", "duplicate_question_id"],
      [7, "评分要点", "unknown_field"],
      [8, "选项", "empty_option"],
    ]);
    expect(result.problems[0].message).toBe("题库.xlsx: 第 2 行（a1）: 答案: 应为选项 A–B 中的字母，实际为 “C”（没有选项 C）");
    expect(result.problems.find((p) => p.code === "duplicate_question_id")?.message).toContain("已用于第 2 行");
  });

  test("rows without a 题目编号 are numbered by position, skipping ids already used", () => {
    const table = [
      [...BANK_COLUMNS],
      rowCells({ 题型: "判断", 题干: "一。", 答案: "对", 依据: "第一条", 难度: "1" }),
      rowCells({ 题目编号: "q003", 题型: "判断", 题干: "二。", 答案: "错", 依据: "第二条", 难度: "1" }),
      rowCells({ 题型: "判断", 题干: "三。", 答案: "对", 依据: "第三条", 难度: "1" }),
    ];
    const result = sheetsToBank("题库.xlsx", table, INFO);
    expect(result.ok ? result.bank.questions.map((q) => q.id) : result.problems).toEqual(["q001", "q003", "q004"]);
    if (result.ok) expect(result.bank).toMatchObject({ bank: "excel-bank", title: "Excel 题库", version: 2, regulation: "某条例", source: null, description: "" });
  });

  test("missing columns, a missing 题库信息 sheet and bad metadata are reported", () => {
    const noAnswer = sheetsToBank("题库.xlsx", [BANK_COLUMNS.filter((c) => c !== "答案" && c !== "依据")], INFO);
    expect(noAnswer.ok ? [] : noAnswer.problems.map((p) => [p.code, p.field, p.row])).toEqual([
      ["missing_column", "答案", 1],
      ["missing_column", "依据", 1],
    ]);
    const row = rowCells({ 题型: "判断", 题干: "一。", 答案: "对", 依据: "第一条", 难度: "1" });
    const noInfo = sheetsToBank("题库.xlsx", [[...BANK_COLUMNS], row], null);
    expect(noInfo.ok ? [] : noInfo.problems.map((p) => p.code)).toContain("missing_sheet");
    const badInfo = sheetsToBank("题库.xlsx", [[...BANK_COLUMNS], row], [["题库标识", "Excel Bank"], ["题库名称", "x"], ["版本", "二"], ["法规", "y"]]);
    expect(badInfo.ok ? [] : badInfo.problems.map((p) => [p.code, p.field])).toEqual([
      ["wrong_type", "题库信息·版本"],
      ["bad_slug", "题库信息·题库标识"],
    ]);
    expect(sheetsToBank("题库.xlsx", [], INFO).ok ? null : sheetsToBank("题库.xlsx", [], INFO)).toMatchObject({ problems: [{ code: "empty_file" }] });
  });

  test("every bundled bank goes through the template and back unchanged", () => {
    const dir = path.resolve("question-banks");
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
      const parsed = parseBankYaml(file, fs.readFileSync(path.join(dir, file), "utf8"));
      if (!parsed.ok) throw new Error(file);
      const sheets = bankToSheets(parsed.bank);
      const back = sheetsToBank(file, asCells(sheets.questions), asCells(sheets.info));
      expect(back.ok ? versionHash(back.bank) : back.problems.map((p) => p.message), file).toBe(versionHash(parsed.bank));
    }
  });
});
