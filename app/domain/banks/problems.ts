/**
 * What is wrong with a bank file, one problem at a time. Tests match the stable `code`;
 * people read `message`, which always says `file: question: field: what was expected`.
 */

export const BANK_PROBLEM_CODES = [
  "yaml_syntax",
  "duplicate_key",
  "bad_document",
  "missing_field",
  "unknown_field",
  "wrong_type",
  "empty_field",
  "too_long",
  "bad_slug",
  "bad_version",
  "bad_source",
  "no_questions",
  "too_many_questions",
  "bad_question_id",
  "duplicate_question_id",
  "unknown_type",
  "empty_stem",
  "options_not_allowed",
  "option_count_out_of_range",
  "empty_option",
  "duplicate_option",
  "bad_answer",
  "answer_out_of_range",
  "blank_count_mismatch",
  "bad_tag",
  "difficulty_out_of_range",
  // The Excel template only:
  "missing_sheet",
  "missing_column",
  "empty_file",
] as const;

export type BankProblemCode = (typeof BANK_PROBLEM_CODES)[number];

export type BankProblem = {
  file: string;
  /** The question's id when it has a usable one; null for bank-level problems. */
  questionId: string | null;
  /** The question's position in the file (0-based); null for bank-level problems. */
  index: number | null;
  /** The spreadsheet row (header = row 1), for the Excel template; otherwise null. */
  row: number | null;
  /** The field as the person sees it: the YAML key (`answer`) or the Excel column (`答案`). */
  field: string;
  code: BankProblemCode;
  /** What was expected, in Chinese. */
  expected: string;
  /** The whole line: `file: question: field: expected`. */
  message: string;
};

export type ProblemInput = {
  code: BankProblemCode;
  field: string;
  expected: string;
  index?: number | null;
  questionId?: string | null;
  row?: number | null;
};

function where(p: { questionId: string | null; index: number | null; row: number | null }): string {
  if (p.row !== null) return p.questionId ? `第 ${p.row} 行（${p.questionId}）` : `第 ${p.row} 行`;
  if (p.questionId) return p.questionId;
  if (p.index !== null) return `第 ${p.index + 1} 题`;
  return "题库";
}

export function makeProblem(file: string, input: ProblemInput): BankProblem {
  const base = {
    file,
    questionId: input.questionId ?? null,
    index: input.index ?? null,
    row: input.row ?? null,
    field: input.field,
    code: input.code,
    expected: input.expected,
  };
  return { ...base, message: formatProblem(base) };
}

export function formatProblem(p: Omit<BankProblem, "message">): string {
  return `${p.file}: ${where(p)}: ${p.field}: ${p.expected}`;
}

/** Quotes a value the person wrote, shortened, for "实际为 …" in messages. */
export function shown(value: unknown): string {
  let text: string;
  if (value === undefined) text = "（空）";
  else if (typeof value === "string") text = `“${value}”`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
