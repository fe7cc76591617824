/**
 * The Excel template ↔ bank mapping, pure (the .xlsx bytes are read and written in
 * app/utils/bank-files.server.ts). Sheet 试题: one row per question, with the columns
 * Chinese exam systems use; sheet 题库信息: the bank's metadata, label in column A and value
 * in column B. Rows become the same raw document a YAML file gives, and are validated by
 * the same rules; problems name the row and the column.
 */
import { type BankProblem, type BankProblemCode, makeProblem } from "./problems";
import { type Bank, BANK_META_LABELS, type BankMeta, type BankQuestion, OPTION_LETTERS, QUESTION_FIELD_LABELS, type QuestionType } from "./types";
import { type BankValidation, normalizeText, validateBankData } from "./validate";

export const QUESTION_SHEET = "试题";
export const INFO_SHEET = "题库信息";
export const NOTES_SHEET = "填写说明";

const OPTION_COLUMNS = OPTION_LETTERS.map((l) => `选项${l}` as const);
export const BANK_COLUMNS = [
  "题目编号",
  "题型",
  "题干",
  ...OPTION_COLUMNS,
  "答案",
  "解析",
  "依据",
  "知识点",
  "难度",
  "评分要点",
] as const;
export type BankColumn = (typeof BANK_COLUMNS)[number];
const REQUIRED_COLUMNS: BankColumn[] = ["题型", "题干", "答案", "依据", "难度"];

export const TYPE_TO_LABEL: Record<QuestionType, string> = {
  single: "单选",
  multiple: "多选",
  judge: "判断",
  fill: "填空",
  essay: "简答",
};
const TYPE_BY_LABEL: Record<string, QuestionType> = {
  单选: "single", 单选题: "single", 单项选择: "single", 单项选择题: "single", single: "single",
  多选: "multiple", 多选题: "multiple", 多项选择: "multiple", 多项选择题: "multiple", multiple: "multiple",
  判断: "judge", 判断题: "judge", judge: "judge",
  填空: "fill", 填空题: "fill", fill: "fill",
  简答: "essay", 简答题: "essay", 问答: "essay", 问答题: "essay", essay: "essay",
};
const TRUE_WORDS = new Set(["正确", "对", "√", "✓", "✔", "是", "T", "TRUE", "Y"]);
const FALSE_WORDS = new Set(["错误", "错", "×", "✗", "✘", "X", "否", "F", "FALSE", "N"]);

/** Where each metadata field sits in the 题库信息 sheet (column A holds the label). */
const INFO_FIELDS = ["bank", "title", "version", "regulation", "source", "description"] as const satisfies ReadonlyArray<keyof BankMeta>;

function cell(value: string | undefined): string {
  return normalizeText(value ?? "");
}

function headerKey(value: string | undefined): string {
  return (value ?? "").normalize("NFKC").replace(/\s+/g, "");
}

// --- bank → rows -------------------------------------------------------------------------

function fillCell(blanks: string[][]): string {
  // Alternatives are split by "/", unless one of them contains "/": then each ends with "；".
  return blanks.map((alts) => (alts.some((a) => a.includes("/")) ? alts.map((a) => `${a}；`).join("") : alts.join("/"))).join("|");
}

function answerCell(q: BankQuestion): string {
  switch (q.type) {
    case "single":
    case "multiple":
      return q.answer;
    case "judge":
      return q.answer ? "正确" : "错误";
    case "fill":
      return fillCell(q.answer);
    case "essay":
      return q.answer.reference;
  }
}

/** One question as a row of the 试题 sheet, in BANK_COLUMNS order. */
export function questionToRow(q: BankQuestion): Array<string | number> {
  const options = q.type === "single" || q.type === "multiple" ? q.options : [];
  return [
    q.id,
    TYPE_TO_LABEL[q.type],
    q.stem,
    ...OPTION_LETTERS.map((_, i) => options[i] ?? ""),
    answerCell(q),
    q.explanation,
    q.reference,
    q.tags.join("、"),
    q.difficulty,
    q.type === "essay" ? q.answer.keywords.join("|") : "",
  ];
}

export function bankToSheets(bank: Bank): { questions: Array<Array<string | number>>; info: Array<Array<string | number>> } {
  return {
    questions: [[...BANK_COLUMNS], ...bank.questions.map(questionToRow)],
    info: [
      ["项目", "内容"],
      ...INFO_FIELDS.map((f) => [BANK_META_LABELS[f], f === "source" ? (bank.source ?? "") : bank[f]] as Array<string | number>),
    ],
  };
}

// --- rows → bank -------------------------------------------------------------------------

type RowProblem = { code: BankProblemCode; field: string; expected: string };

function splitList(text: string, separators: RegExp): string[] {
  return text
    .split(separators)
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseNumber(text: string): number | string | undefined {
  if (text === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/**
 * One row of the 试题 sheet as the raw question a YAML file would hold. Values that cannot
 * be read (an unknown 题型, a judge answer that is neither 正确 nor 错误) are passed on as
 * written, so the shared validator reports them with their codes.
 */
export function rowToRawQuestion(cells: Partial<Record<BankColumn, string>>): { raw: Record<string, unknown>; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const typeText = cell(cells["题型"]);
  const type: QuestionType | undefined = TYPE_BY_LABEL[typeText.replace(/\s+/g, "")] ?? TYPE_BY_LABEL[typeText.toLowerCase()];
  const raw: Record<string, unknown> = {};
  const id = cell(cells["题目编号"]);
  if (id) raw.id = id;
  raw.type = type ?? (typeText === "" ? undefined : typeText);
  raw.stem = cell(cells["题干"]);

  const options = OPTION_COLUMNS.map((c) => cell(cells[c]));
  const last = options.reduce((acc, o, i) => (o ? i : acc), -1);
  if (last >= 0) raw.options = options.slice(0, last + 1);

  const answer = cell(cells["答案"]);
  const keywords = cell(cells["评分要点"]);
  if (answer !== "") {
    if (type === "single" || type === "multiple") raw.answer = answer.replace(/[\s,，、;；]+/g, "");
    else if (type === "judge") {
      const word = answer.normalize("NFKC").toUpperCase();
      raw.answer = TRUE_WORDS.has(word) || TRUE_WORDS.has(answer) ? true : FALSE_WORDS.has(word) || FALSE_WORDS.has(answer) ? false : answer;
    } else if (type === "fill") {
      raw.answer = answer.split(/[|｜]/).map((blank) => {
        const parts = /[；;]/.test(blank) ? blank.split(/[；;]/) : blank.split(/[/／]/);
        // Empty pieces (a trailing separator) are dropped; a blank left with nothing is reported.
        return parts.map((p) => p.trim()).filter(Boolean);
      });
    } else if (type === "essay") {
      raw.answer = { reference: answer, keywords: splitList(keywords, /[|\n]/) };
    } else raw.answer = answer;
  }
  if (keywords !== "" && type !== undefined && type !== "essay") {
    problems.push({ code: "unknown_field", field: "评分要点", expected: "只有简答题填写评分要点，其他题型请留空" });
  }
  raw.explanation = cell(cells["解析"]);
  raw.reference = cell(cells["依据"]);
  raw.tags = splitList(cell(cells["知识点"]), /[、，,；;]/);
  raw.difficulty = parseNumber(cell(cells["难度"]));
  for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
  return { raw, problems };
}

const FIELD_TO_COLUMN: Record<string, string> = {
  ...QUESTION_FIELD_LABELS,
  questions: QUESTION_SHEET,
  ...Object.fromEntries(Object.entries(BANK_META_LABELS).map(([k, v]) => [k, `${INFO_SHEET}·${v}`])),
};

function readInfo(file: string, info: string[][] | null, problems: BankProblem[]): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  if (!info) {
    problems.push(
      makeProblem(file, { code: "missing_sheet", field: INFO_SHEET, expected: `缺少“${INFO_SHEET}”工作表（A 列为项目：${INFO_FIELDS.map((f) => BANK_META_LABELS[f]).join("、")}，B 列为内容）` }),
    );
    return meta;
  }
  const byLabel = new Map<string, (typeof INFO_FIELDS)[number]>();
  for (const f of INFO_FIELDS) {
    byLabel.set(BANK_META_LABELS[f], f);
    byLabel.set(f, f);
  }
  for (const row of info) {
    const field = byLabel.get(headerKey(row[0]));
    if (!field) continue;
    const value = cell(row[1]);
    if (value === "") continue;
    meta[field] = field === "version" ? parseNumber(value) : value;
  }
  return meta;
}

/**
 * The 试题 and 题库信息 sheets → a validated bank, or every problem with its row. A row
 * without a 题目编号 gets `q` + its position (q001, q002, …), skipping ids used elsewhere.
 */
export function sheetsToBank(file: string, questions: string[][] | null, info: string[][] | null): BankValidation {
  const problems: BankProblem[] = [];
  const meta = readInfo(file, info, problems);
  const [header, ...body] = questions ?? [];
  if (!questions) {
    problems.push(makeProblem(file, { code: "missing_sheet", field: QUESTION_SHEET, expected: `缺少“${QUESTION_SHEET}”工作表` }));
    return { ok: false, problems };
  }
  if (!header || header.every((h) => !cell(h))) {
    problems.push(makeProblem(file, { code: "empty_file", field: QUESTION_SHEET, row: 1, expected: `第 1 行应为表头：${BANK_COLUMNS.join("、")}` }));
    return { ok: false, problems };
  }
  const columnIndex = new Map<BankColumn, number>();
  header.forEach((h, i) => {
    const key = headerKey(h) as BankColumn;
    if ((BANK_COLUMNS as readonly string[]).includes(key) && !columnIndex.has(key)) columnIndex.set(key, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columnIndex.has(c));
  for (const column of missing) {
    problems.push(makeProblem(file, { code: "missing_column", field: column, row: 1, expected: `表头缺少“${column}”列（请使用模板的表头）` }));
  }
  if (missing.length > 0) return { ok: false, problems };

  const rawQuestions: Record<string, unknown>[] = [];
  const rows: number[] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => !cell(c))) return;
    const byColumn: Partial<Record<BankColumn, string>> = {};
    for (const [column, index] of columnIndex) byColumn[column] = cells[index];
    const rowNumber = i + 2;
    const { raw, problems: rowProblems } = rowToRawQuestion(byColumn);
    for (const p of rowProblems) {
      problems.push(makeProblem(file, { ...p, row: rowNumber, index: rawQuestions.length, questionId: typeof raw.id === "string" ? raw.id : null }));
    }
    rawQuestions.push(raw);
    rows.push(rowNumber);
  });

  const used = new Set(rawQuestions.map((q) => q.id).filter((id): id is string => typeof id === "string"));
  rawQuestions.forEach((q, i) => {
    if (q.id !== undefined) return;
    let n = i + 1;
    let id = `q${String(n).padStart(3, "0")}`;
    while (used.has(id)) id = `q${String(++n).padStart(3, "0")}`;
    used.add(id);
    q.id = id;
  });

  const validation = validateBankData(
    file,
    { ...meta, questions: rawQuestions },
    { rowOf: (index) => rows[index] ?? null, fieldLabel: (field) => FIELD_TO_COLUMN[field] ?? field },
  );
  if (validation.ok && problems.length === 0) return validation;
  const all = [...problems, ...(validation.ok ? [] : validation.problems)];
  all.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { ok: false, problems: all };
}

/** The 填写说明 sheet of the downloadable template. */
export const TEMPLATE_NOTES: string[][] = [
  ["填写说明"],
  [`1. “${QUESTION_SHEET}”工作表每行一道题，不要修改表头；“${INFO_SHEET}”工作表填写题库标识、名称、版本等（A 列项目，B 列内容）。`],
  ["2. 题库标识：小写字母、数字和连字符，如 senlinfa-2019；上传新版本时标识不变，版本号须大于已有的最新版本。"],
  ["3. 题目编号：同一题库内唯一，各版本之间保持不变（系统据此比较版本差异）；留空时按行序自动编为 q001、q002……"],
  ["4. 题型：单选、多选、判断、填空、简答。"],
  ["5. 选项：单选、多选题填写选项A起的 2–8 个选项，中间不能空缺；其他题型不填选项。"],
  ["6. 答案：单选填一个字母（如 B）；多选填两个以上字母（如 ACD）；判断填“正确”或“错误”（也可填 对/错、√/×）；"],
  ["   填空：各空之间用 | 分隔，同一空的多个可接受答案用 / 分隔（答案本身含 / 时，每个答案后加 ；），如 3/三|12/十二；题干中每个空用 ____ 标出；"],
  ["   简答：填写参考答案，评分要点填在“评分要点”列，多个要点用 | 分隔。"],
  ["7. 依据：答案依据的条款，如 第二十九条、第四条第二款（必填）。"],
  ["8. 知识点：多个用、分隔。难度：1–5 的整数（1 最易）。解析可留空。"],
  ["9. 文件中任何一处有错误时，整个文件都不会导入；请按提示的行号修改后重新上传。"],
];

export const TEMPLATE_EXAMPLES: string[][] = [
  ["q001", "单选", "根据森林法，每年（　　）为植树节。", "三月十二日", "四月一日", "", "", "", "", "", "", "A", "第十条第二款规定，每年三月十二日为植树节。", "第十条第二款", "造林绿化", "1", ""],
  ["q002", "多选", "……（　　）", "选项一", "选项二", "选项三", "选项四", "", "", "", "", "ACD", "", "第四条", "总则", "2", ""],
  ["q003", "判断", "集体林地经营权流转可以采用口头约定的方式。", "", "", "", "", "", "", "", "", "错误", "第十九条第一款规定，应当签订书面合同。", "第十九条第一款", "森林权属", "2", ""],
  ["q004", "填空", "每年____月____日为植树节。", "", "", "", "", "", "", "", "", "3/三|12/十二", "", "第十条第二款", "造林绿化", "1", ""],
  ["q005", "简答", "简述……", "", "", "", "", "", "", "", "", "参考答案全文……", "", "第五十五条", "采伐管理", "4", "要点一|要点二"],
];
