/**
 * The per-field checks of a question (options, answers by type, tags), shared by
 * validate.ts. Each reports its problems through `add` and returns the normalized value,
 * or undefined/null when the value is unusable.
 */
import { type BankProblemCode, shown } from "./problems";
import { LIMITS } from "./schema";
import { BLANK_PATTERN, MAX_OPTIONS, MIN_OPTIONS, OPTION_LETTERS, QUESTION_TYPE_LABELS, type QuestionType } from "./types";

/** Line endings unified and surrounding whitespace dropped: layout is not content. */
export function normalizeText(value: string): string {
  return value.replace(/\r\n?/g, "\n").trim();
}

/** Characters that separate items in a cell of the Excel template, so they cannot occur inside one. */
export const TAG_SEPARATORS = /[、，,；;|]/;
export const FILL_SEPARATORS = /[|；;]/;
export const KEYWORD_SEPARATORS = /[|\n]/;

export type Add = (input: { code: BankProblemCode; field: string; expected: string; index?: number; questionId?: string | null }) => void;

export function asText(value: unknown): string | undefined {
  if (typeof value === "string") return normalizeText(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Where a problem is: the question's position and id. */
export type At = { index?: number; questionId?: string | null };
type QuestionAt = { index: number; questionId: string | null };

export function checkLength(add: Add, at: At, field: string, value: string, max: number) {
  if (value.length > max) add({ ...at, code: "too_long", field, expected: `不超过 ${max} 个字，实际为 ${value.length} 个字` });
}

function letterRange(count: number): string {
  return `A–${OPTION_LETTERS[Math.max(0, Math.min(count, MAX_OPTIONS) - 1)]}`;
}

/** Options for single/multiple; null when they are unusable (already reported). */
export function checkOptions(raw: Record<string, unknown>, type: QuestionType, add: Add, at: QuestionAt) {
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

export function checkChoiceAnswer(
  value: unknown,
  type: "single" | "multiple",
  options: string[] | null,
  add: Add,
  at: QuestionAt,
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

export function checkFillAnswer(value: unknown, stem: string | undefined, add: Add, at: QuestionAt) {
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

export function checkEssayAnswer(value: unknown, add: Add, at: QuestionAt) {
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

export function checkTags(value: unknown, add: Add, at: QuestionAt): string[] | undefined {
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

