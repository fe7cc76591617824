/**
 * The shapes of a question bank after validation. Browser-safe: no zod, no node modules,
 * so pages may import the constants and labels.
 */

export const QUESTION_TYPES = ["single", "multiple", "judge", "fill", "essay"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** 单选/多选/判断/填空/简答, as the glossary in DESIGN.md says. */
export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  single: "单选",
  multiple: "多选",
  judge: "判断",
  fill: "填空",
  essay: "简答",
};

export const OPTION_LETTERS = ["A", "B", "C", "D", "E", "F", "G", "H"] as const;
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = OPTION_LETTERS.length;

/** A blank in a fill stem: three or more underscores (the banks write `____`). */
export const BLANK_PATTERN = /_{3,}/g;

type QuestionCommon = {
  /** Stable within the bank across versions: a question is followed from version to version by it. */
  id: string;
  stem: string;
  explanation: string;
  /** The article the answer rests on, e.g. 第二十九条 or 第四条第二款. */
  reference: string;
  /** Knowledge points (知识点). */
  tags: string[];
  /** 1 (easy) … 5 (hard). */
  difficulty: number;
};

export type SingleQuestion = QuestionCommon & { type: "single"; options: string[]; answer: string };
/** The answer is the option letters in order, e.g. `ACD`. */
export type MultipleQuestion = QuestionCommon & { type: "multiple"; options: string[]; answer: string };
export type JudgeQuestion = QuestionCommon & { type: "judge"; answer: boolean };
/** One list of accepted strings per blank, in the order the blanks appear in the stem. */
export type FillQuestion = QuestionCommon & { type: "fill"; answer: string[][] };
export type EssayAnswer = { reference: string; keywords: string[] };
export type EssayQuestion = QuestionCommon & { type: "essay"; answer: EssayAnswer };

export type BankQuestion = SingleQuestion | MultipleQuestion | JudgeQuestion | FillQuestion | EssayQuestion;

export type BankMeta = {
  /** The bank's slug, e.g. `senlinfa-2019`. */
  bank: string;
  title: string;
  version: number;
  /** Which document, and its date. */
  regulation: string;
  /** File stem of the official text the reference check reads, or null. */
  source: string | null;
  description: string;
};

export type Bank = BankMeta & { questions: BankQuestion[] };

/** The fields of a question that a diff compares, in the order pages show them. */
export const QUESTION_FIELDS = ["type", "stem", "options", "answer", "explanation", "reference", "tags", "difficulty"] as const;
export type QuestionField = (typeof QUESTION_FIELDS)[number];

export const QUESTION_FIELD_LABELS: Record<QuestionField | "id", string> = {
  id: "题目编号",
  type: "题型",
  stem: "题干",
  options: "选项",
  answer: "答案",
  explanation: "解析",
  reference: "依据",
  tags: "知识点",
  difficulty: "难度",
};

export const BANK_META_FIELDS = ["title", "regulation", "source", "description"] as const;
export type BankMetaField = (typeof BANK_META_FIELDS)[number];

export const BANK_META_LABELS: Record<keyof BankMeta, string> = {
  bank: "题库标识",
  title: "题库名称",
  version: "版本",
  regulation: "法规",
  source: "原文文件",
  description: "说明",
};
