/**
 * Validation of a bank: the loose shape comes from zod (schema.ts); the rules that need
 * more than one field (answer letters against options, blanks against answers, duplicate
 * ids…) are checked here and in question-checks.ts. Every problem found is reported, with a stable code; a bank is
 * returned only when there are none. Pure: no files, no database.
 */
import type { z } from "zod";

import { type BankProblem, makeProblem, shown } from "./problems";
import {
  type Add,
  asText,
  checkChoiceAnswer,
  checkEssayAnswer,
  checkFillAnswer,
  checkLength,
  checkOptions,
  checkTags,
  isPlainObject,
} from "./question-checks";
import { BANK_SLUG_PATTERN, LIMITS, QUESTION_ID_PATTERN, RawBankSchema, RawQuestionSchema, RESERVED_SLUGS } from "./schema";
import { type Bank, type BankQuestion, QUESTION_TYPE_LABELS, QUESTION_TYPES, type QuestionType } from "./types";

export { normalizeText } from "./question-checks";

export type BankValidation = { ok: true; bank: Bank } | { ok: false; problems: BankProblem[] };

export type ValidateOptions = {
  /** The spreadsheet row of the question at an index (Excel template). */
  rowOf?: (index: number) => number | null;
  /** How a field is named to the person: the Excel column instead of the YAML key. */
  fieldLabel?: (field: string) => string;
};

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
