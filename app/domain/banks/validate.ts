/**
 * Validation of a bank: the loose shape comes from zod (schema.ts); the rules that need
 * more than one field (answer letters against options, blanks against answers, duplicate
 * ids…) are checked here. Every problem found is reported, with a stable code; a bank is
 * returned only when there are none. Pure: no files, no database.
 */
import type { z } from "zod";

import { type BankProblem, type BankProblemCode, makeProblem, shown } from "./problems";
import { BANK_SLUG_PATTERN, LIMITS, QUESTION_ID_PATTERN, RawBankSchema, RawQuestionSchema, RESERVED_SLUGS } from "./schema";
import {
  type Bank,
  BLANK_PATTERN,
  type BankQuestion,
  MAX_OPTIONS,
  MIN_OPTIONS,
  OPTION_LETTERS,
  QUESTION_TYPE_LABELS,
  QUESTION_TYPES,
  type QuestionType,
} from "./types";

export type BankValidation = { ok: true; bank: Bank } | { ok: false; problems: BankProblem[] };

export type ValidateOptions = {
  /** The spreadsheet row of the question at an index (Excel template). */
  rowOf?: (index: number) => number | null;
  /** How a field is named to the person: the Excel column instead of the YAML key. */
  fieldLabel?: (field: string) => string;
};

/** Line endings unified and surrounding whitespace dropped: layout is not content. */
export function normalizeText(value: string): string {
  return value.replace(/\r\n?/g, "\n").trim();
}

/** Characters that separate items in a cell of the Excel template, so they cannot occur inside one. */
export const TAG_SEPARATORS = /[、，,；;|]/;
export const FILL_SEPARATORS = /[|；;]/;
export const KEYWORD_SEPARATORS = /[|\n]/;

const BANK_EXPECT: Record<string, string> = {
  bank: "题库标识（小写字母、数字和连字符，如 senlinfa-2019）",
  title: "题库名称（文本）",
  version: "版本号（正整数）",
  regulation: "法规名称和日期（文本）",
  source: "原文文件名（如 senlinfa-2019），可省略",
  description: "说明（文本），可省略",
  questions: "试题列表",
};

const QUESTION_EXPECT: Record<string, string> = {
  id: "题目编号（如 q001）",
  type: "题型（single、multiple、judge、fill、essay 之一）",
  stem: "题干（文本）",
  options: "选项列表（每项一段文本）",
  answer: "答案",
  explanation: "解析（文本），可省略",
  reference: "依据的条款（文本，如 第二十九条）",
  tags: "知识点列表（每项一段文本），可省略",
  difficulty: "难度（1–5 的整数）",
};

type Add = (input: { code: BankProblemCode; field: string; expected: string; index?: number; questionId?: string | null }) => void;

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return normalizeText(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** zod issues → problems: unknown keys, missing fields and wrong types, one per field. */
function shapeProblems(
  issues: z.core.$ZodIssue[],
  raw: Record<string, unknown>,
  expect: Record<string, string>,
  add: Add,
  at: { index?: number; questionId?: string | null },
): Set<string> {
  const bad = new Set<string>();
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        add({ ...at, code: "unknown_field", field: key, expected: `不认识的字段；可用的字段有 ${Object.keys(expect).join("、")}` });
      }
      continue;
    }
    const field = String(issue.path[0] ?? "");
    if (bad.has(field)) continue;
    bad.add(field);
    const value = raw[field];
    if (value === undefined || value === null) {
      add({ ...at, code: "missing_field", field, expected: `必填：${expect[field] ?? field}` });
    } else {
      add({ ...at, code: "wrong_type", field, expected: `应为${expect[field] ?? "其他类型"}，实际为 ${shown(value)}` });
    }
  }
  return bad;
}

function checkLength(add: Add, at: { index?: number; questionId?: string | null }, field: string, value: string, max: number) {
  if (value.length > max) add({ ...at, code: "too_long", field, expected: `不超过 ${max} 个字，实际为 ${value.length} 个字` });
}

function checkBankMeta(raw: Record<string, unknown>, add: Add): void {
  const slug = typeof raw.bank === "string" ? raw.bank.trim() : undefined;
  if (slug !== undefined) {
    if (!BANK_SLUG_PATTERN.test(slug) || slug.length > 60) {
      add({ code: "bad_slug", field: "bank", expected: `应为小写字母、数字和连字符组成的标识（如 senlinfa-2019），实际为 ${shown(raw.bank)}` });
    } else if (RESERVED_SLUGS.has(slug)) {
      add({ code: "bad_slug", field: "bank", expected: `“${slug}”是保留字，请换一个标识` });
    }
  }
  if (typeof raw.version === "number" && (!Number.isInteger(raw.version) || raw.version < 1)) {
    add({ code: "bad_version", field: "version", expected: `应为正整数（1、2、3……），实际为 ${shown(raw.version)}` });
  }
  for (const field of ["title", "regulation"] as const) {
    const value = asText(raw[field]);
    if (value === "") add({ code: "empty_field", field, expected: `不能为空：${BANK_EXPECT[field]}` });
    else if (value !== undefined) checkLength(add, {}, field, value, LIMITS[field]);
  }
  const description = asText(raw.description);
  if (description) checkLength(add, {}, "description", description, LIMITS.description);
  if (typeof raw.source === "string" && raw.source.trim() !== "" && !BANK_SLUG_PATTERN.test(raw.source.trim())) {
    add({ code: "bad_source", field: "source", expected: `应为原文文件名（不含 .md，小写字母、数字和连字符），实际为 ${shown(raw.source)}` });
  }
  if (Array.isArray(raw.questions)) {
    if (raw.questions.length === 0) add({ code: "no_questions", field: "questions", expected: "至少要有一道题" });
    if (raw.questions.length > LIMITS.questions) {
      add({ code: "too_many_questions", field: "questions", expected: `一个题库最多 ${LIMITS.questions} 道题，实际为 ${raw.questions.length} 道` });
    }
  }
}

function letterRange(count: number): string {
  return `A–${OPTION_LETTERS[Math.max(0, Math.min(count, MAX_OPTIONS) - 1)]}`;
}

/** Options for single/multiple; null when they are unusable (already reported). */
function checkOptions(raw: Record<string, unknown>, type: QuestionType, add: Add, at: { index: number; questionId: string | null }) {
  const value = raw.options;
  const present = value !== undefined && value !== null;
  if (type !== "single" && type !== "multiple") {
    if (present) add({ ...at, code: "options_not_allowed", field: "options", expected: `${QUESTION_TYPE_LABELS[type]}题不应有选项` });
    return null;
  }
  if (!present) {
    add({ ...at, code: "missing_field", field: "options", expected: `必填：${QUESTION_TYPE_LABELS[type]}题须有 ${MIN_OPTIONS}–${MAX_OPTIONS} 个选项` });
    return null;
  }
  if (!Array.isArray(value)) return null;
  const options = value.map(asText);
  if (options.some((o) => o === undefined)) return null;
  const texts = options as string[];
  let usable = true;
  if (texts.length < MIN_OPTIONS || texts.length > MAX_OPTIONS) {
    add({ ...at, code: "option_count_out_of_range", field: "options", expected: `应有 ${MIN_OPTIONS}–${MAX_OPTIONS} 个选项，实际为 ${texts.length} 个` });
    usable = texts.length >= MIN_OPTIONS;
  }
  const seen = new Map<string, number>();
  texts.forEach((text, i) => {
    const letter = OPTION_LETTERS[i] ?? String(i + 1);
    if (text === "") {
      add({ ...at, code: "empty_option", field: "options", expected: `选项 ${letter} 不能为空` });
      usable = false;
      return;
    }
    checkLength(add, at, "options", text, LIMITS.option);
    const earlier = seen.get(text);
    if (earlier !== undefined) {
      add({ ...at, code: "duplicate_option", field: "options", expected: `选项不能重复：选项 ${letter} 与选项 ${OPTION_LETTERS[earlier]} 相同（${shown(text)}）` });
    } else seen.set(text, i);
  });
  return usable ? texts.slice(0, MAX_OPTIONS) : null;
}

function answerLetters(value: string): string {
  return value.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
}

function checkChoiceAnswer(
  value: unknown,
  type: "single" | "multiple",
  options: string[] | null,
  add: Add,
  at: { index: number; questionId: string | null },
): string | undefined {
  const example = type === "single" ? "如 B" : "如 ACD";
  if (typeof value !== "string") {
    add({ ...at, code: "bad_answer", field: "answer", expected: `应为选项字母（${example}），实际为 ${shown(value)}` });
    return undefined;
  }
  const letters = answerLetters(value);
  if (!/^[A-Z]+$/.test(letters)) {
    add({ ...at, code: "bad_answer", field: "answer", expected: `应为选项字母（${example}），实际为 ${shown(value)}` });
    return undefined;
  }
  if (type === "single" && letters.length !== 1) {
    add({ ...at, code: "bad_answer", field: "answer", expected: `单选题的答案应为一个选项字母（如 B），实际为 ${shown(value)}` });
    return undefined;
  }
  if (type === "multiple") {
    if (new Set(letters).size !== letters.length) {
      add({ ...at, code: "bad_answer", field: "answer", expected: `选项字母不能重复，实际为 ${shown(value)}` });
      return undefined;
    }
    if (letters.length < 2) {
      add({ ...at, code: "bad_answer", field: "answer", expected: `多选题至少有两个正确选项（如 AC），实际为 ${shown(value)}；只有一个正确选项请用单选题` });
      return undefined;
    }
  }
  const count = options?.length ?? MAX_OPTIONS;
  const outside = [...letters].filter((l) => OPTION_LETTERS.indexOf(l as (typeof OPTION_LETTERS)[number]) < 0 || OPTION_LETTERS.indexOf(l as (typeof OPTION_LETTERS)[number]) >= count);
  if (outside.length > 0) {
    add({ ...at, code: "answer_out_of_range", field: "answer", expected: `应为选项 ${letterRange(count)} 中的字母，实际为 ${shown(value)}（没有选项 ${outside.join("、")}）` });
    return undefined;
  }
  return [...letters].sort().join("");
}

function checkFillAnswer(value: unknown, stem: string | undefined, add: Add, at: { index: number; questionId: string | null }) {
  const expected = "每个空一组可接受的答案，如 [[三月十二日, 3月12日]]";
  if (!Array.isArray(value)) {
    add({ ...at, code: "bad_answer", field: "answer", expected: `应为${expected}，实际为 ${shown(value)}` });
    return undefined;
  }
  let ok = true;
  const blanks: string[][] = value.map((blank, b) => {
    const list = Array.isArray(blank) ? blank : [blank];
    const alternatives = list.map(asText);
    if (alternatives.length === 0 || alternatives.some((a) => a === undefined || a === "")) {
      add({ ...at, code: "bad_answer", field: "answer", expected: `第 ${b + 1} 空应有至少一个非空的答案（文本），实际为 ${shown(blank)}` });
      ok = false;
      return [];
    }
    for (const a of alternatives as string[]) {
      if (FILL_SEPARATORS.test(a)) {
        add({ ...at, code: "bad_answer", field: "answer", expected: `第 ${b + 1} 空的答案不能含有 |、；或 ;（Excel 模板用它们分隔），实际为 ${shown(a)}` });
        ok = false;
      }
      checkLength(add, at, "answer", a, LIMITS.fillAlternative);
    }
    return alternatives as string[];
  });
  if (stem !== undefined) {
    const count = stem.match(BLANK_PATTERN)?.length ?? 0;
    if (count === 0) {
      add({ ...at, code: "blank_count_mismatch", field: "stem", expected: "填空题的题干中没有空：每个空用 ____（三个或以上下划线）标出" });
      ok = false;
    } else if (count !== blanks.length) {
      add({ ...at, code: "blank_count_mismatch", field: "answer", expected: `题干中有 ${count} 个空，答案应为 ${count} 组（每空一组），实际为 ${blanks.length} 组` });
      ok = false;
    }
  }
  return ok && blanks.length > 0 ? blanks : undefined;
}

function checkEssayAnswer(value: unknown, add: Add, at: { index: number; questionId: string | null }) {
  const raw = typeof value === "string" ? { reference: value } : value;
  if (!isPlainObject(raw)) {
    add({ ...at, code: "bad_answer", field: "answer", expected: `应为参考答案：{ reference: 参考答案, keywords: [评分要点] }，实际为 ${shown(value)}` });
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(raw)) {
    if (key !== "reference" && key !== "keywords") {
      add({ ...at, code: "bad_answer", field: "answer", expected: `简答题答案只有 reference（参考答案）和 keywords（评分要点），不认识 ${shown(key)}` });
      ok = false;
    }
  }
  const reference = asText(raw.reference);
  if (!reference) {
    add({ ...at, code: "bad_answer", field: "answer", expected: "简答题须有参考答案（answer.reference）" });
    ok = false;
  } else checkLength(add, at, "answer", reference, LIMITS.essayReference);
  let keywords: string[] = [];
  if (raw.keywords !== undefined && raw.keywords !== null) {
    const list = Array.isArray(raw.keywords) ? raw.keywords.map(asText) : [undefined];
    if (list.some((k) => !k || KEYWORD_SEPARATORS.test(k))) {
      add({ ...at, code: "bad_answer", field: "answer", expected: `评分要点（answer.keywords）应为文本列表，每项非空且不含 | 或换行，实际为 ${shown(raw.keywords)}` });
      ok = false;
    } else keywords = list as string[];
  }
  return ok && reference ? { reference, keywords } : undefined;
}

function checkTags(value: unknown, add: Add, at: { index: number; questionId: string | null }): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  const tags = value.map(asText);
  let ok = true;
  const seen = new Set<string>();
  for (const tag of tags) {
    if (tag === undefined) return undefined;
    let problem: string | null = null;
    if (tag === "") problem = "知识点不能为空";
    else if (TAG_SEPARATORS.test(tag)) problem = `知识点不能含有 、，,；;|（Excel 模板用它们分隔），实际为 ${shown(tag)}`;
    else if (tag.length > LIMITS.tag) problem = `每个知识点不超过 ${LIMITS.tag} 个字，实际为 ${shown(tag)}`;
    else if (seen.has(tag)) problem = `知识点重复：${shown(tag)}`;
    if (problem) {
      add({ ...at, code: "bad_tag", field: "tags", expected: problem });
      ok = false;
    }
    seen.add(tag);
  }
  if (tags.length > LIMITS.tags) {
    add({ ...at, code: "bad_tag", field: "tags", expected: `每题最多 ${LIMITS.tags} 个知识点，实际为 ${tags.length} 个` });
    ok = false;
  }
  return ok ? (tags as string[]) : undefined;
}

function checkQuestion(raw: unknown, index: number, report: Add): BankQuestion | null {
  let found = 0;
  const add: Add = (input) => {
    found++;
    report(input);
  };
  if (!isPlainObject(raw)) {
    add({ index, code: "wrong_type", field: "questions", expected: `每道题应为一组字段（id、type、stem……），实际为 ${shown(raw)}` });
    return null;
  }
  const idText = asText(raw.id);
  const at = { index, questionId: idText ? idText.slice(0, 40) : null };
  const parsed = RawQuestionSchema.safeParse(raw);
  if (!parsed.success) shapeProblems(parsed.error.issues, raw, QUESTION_EXPECT, add, at);

  if (idText !== undefined && !QUESTION_ID_PATTERN.test(idText)) {
    add({ ...at, code: "bad_question_id", field: "id", expected: `应为字母或数字开头、由字母、数字、_、.、- 组成、不超过 40 个字符的编号（如 q001），实际为 ${shown(raw.id)}` });
  }
  const stem = asText(raw.stem);
  if (stem === "") add({ ...at, code: "empty_stem", field: "stem", expected: "题干不能为空" });
  else if (stem !== undefined) checkLength(add, at, "stem", stem, LIMITS.stem);

  let type: QuestionType | undefined;
  if (typeof raw.type === "string") {
    const t = raw.type.trim();
    if ((QUESTION_TYPES as readonly string[]).includes(t)) type = t as QuestionType;
    else {
      add({ ...at, code: "unknown_type", field: "type", expected: `应为 single（单选）、multiple（多选）、judge（判断）、fill（填空）、essay（简答）之一，实际为 ${shown(raw.type)}` });
    }
  }

  let answer: BankQuestion["answer"] | undefined;
  let options: string[] | null = null;
  if (type) {
    options = checkOptions(raw, type, add, at);
    if (raw.answer === undefined || raw.answer === null) {
      add({ ...at, code: "missing_field", field: "answer", expected: `必填：${QUESTION_TYPE_LABELS[type]}题的答案` });
    } else if (type === "single" || type === "multiple") {
      answer = checkChoiceAnswer(raw.answer, type, options, add, at);
    } else if (type === "judge") {
      if (typeof raw.answer === "boolean") answer = raw.answer;
      else add({ ...at, code: "bad_answer", field: "answer", expected: `判断题的答案应为 true（正确）或 false（错误），实际为 ${shown(raw.answer)}` });
    } else if (type === "fill") {
      answer = checkFillAnswer(raw.answer, stem || undefined, add, at);
    } else {
      answer = checkEssayAnswer(raw.answer, add, at);
    }
  }

  const explanation = asText(raw.explanation) ?? "";
  checkLength(add, at, "explanation", explanation, LIMITS.explanation);
  const reference = asText(raw.reference);
  if (reference === "") add({ ...at, code: "empty_field", field: "reference", expected: "须写明答案依据的条款，如 第二十九条" });
  else if (reference !== undefined) checkLength(add, at, "reference", reference, LIMITS.reference);
  const tags = checkTags(raw.tags, add, at);
  if (typeof raw.difficulty === "number" && (!Number.isInteger(raw.difficulty) || raw.difficulty < 1 || raw.difficulty > 5)) {
    add({ ...at, code: "difficulty_out_of_range", field: "difficulty", expected: `应为 1–5 的整数，实际为 ${shown(raw.difficulty)}` });
  }

  if (found > 0 || !parsed.success || !type || answer === undefined || !tags || !stem || !reference) return null;
  const common = { id: idText!, stem, explanation, reference, tags, difficulty: raw.difficulty as number };
  if (type === "single" || type === "multiple") return { ...common, type, options: options!, answer: answer as string };
  if (type === "judge") return { ...common, type, answer: answer as boolean };
  if (type === "fill") return { ...common, type, answer: answer as string[][] };
  return { ...common, type, answer: answer as { reference: string; keywords: string[] } };
}

/** Validates a parsed bank document (from YAML or from the Excel template). */
export function validateBankData(file: string, data: unknown, options: ValidateOptions = {}): BankValidation {
  const problems: BankProblem[] = [];
  const add: Add = (input) => {
    const index = input.index ?? null;
    problems.push(
      makeProblem(file, {
        code: input.code,
        field: options.fieldLabel?.(input.field) ?? input.field,
        expected: input.expected,
        index,
        questionId: input.questionId ?? null,
        row: index !== null ? (options.rowOf?.(index) ?? null) : null,
      }),
    );
  };
  if (!isPlainObject(data)) {
    add({ code: "bad_document", field: "bank", expected: "文件应为一个题库：bank、title、version、regulation、questions 等字段" });
    return { ok: false, problems };
  }
  const parsed = RawBankSchema.safeParse(data);
  if (!parsed.success) shapeProblems(parsed.error.issues, data, BANK_EXPECT, add, {});
  checkBankMeta(data, add);

  const questions: BankQuestion[] = [];
  const rawQuestions = Array.isArray(data.questions) ? data.questions : [];
  const firstIndexOfId = new Map<string, number>();
  rawQuestions.forEach((raw, index) => {
    const question = checkQuestion(raw, index, add);
    if (question) questions.push(question);
    const id = isPlainObject(raw) ? asText(raw.id) : undefined;
    if (!id) return;
    const first = firstIndexOfId.get(id);
    if (first === undefined) firstIndexOfId.set(id, index);
    else {
      const firstAt = options.rowOf?.(first);
      add({
        index,
        questionId: id,
        code: "duplicate_question_id",
        field: "id",
        expected: `题目编号不能重复：“${id}”已用于${firstAt ? `第 ${firstAt} 行` : `第 ${first + 1} 题`}`,
      });
    }
  });

  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  const source = typeof data.source === "string" && data.source.trim() !== "" ? data.source.trim() : null;
  return {
    ok: true,
    bank: {
      bank: (data.bank as string).trim(),
      title: asText(data.title)!,
      version: data.version as number,
      regulation: asText(data.regulation)!,
      source,
      description: asText(data.description) ?? "",
      questions,
    },
  };
}
