/**
 * The shapes shared by paper drawing, grading and attempt timing. They are plain data
 * (JSON-safe) because a frozen paper and its responses are stored with the attempt and
 * regraded from storage (invariants 2 and 7).
 */

export type QuestionType = "single" | "multiple" | "judge" | "fill" | "essay";

/**
 * A correct answer. Option indexes are always ORIGINAL indexes (positions in the bank
 * file), never displayed positions: the answer then reads the same as the bank row it
 * came from, and statistics can count option choices across differently shuffled papers.
 */
export type Answer =
  | { kind: "single"; option: number }
  | { kind: "multiple"; options: number[] }
  | { kind: "judge"; value: boolean }
  /** One list of accepted spellings per blank; compared after normalizeFillAnswer. */
  | { kind: "fill"; blanks: string[][] }
  /** Only guides the human grader; essays are never graded automatically. */
  | { kind: "essay"; reference: string; keywords: string[] };

/** A question as stored in one imported bank version (bank versions never change). */
export type PoolQuestion = {
  /** The bank_questions row, so an attempt can point at the exact version it was drawn from. */
  rowId: number;
  bankSlug: string;
  bankVersion: number;
  /** Stable within a bank across versions (q001); slug + key is a question's identity on a paper. */
  key: string;
  type: QuestionType;
  stem: string;
  /** [] for judge, fill and essay. */
  options: string[];
  answer: Answer;
  explanation: string;
  reference: string;
  tags: string[];
  /** 1–5. */
  difficulty: number;
};

export type BankPin = { slug: string; version: number };

export type SectionSource =
  | {
      kind: "draw";
      /** Pinned versions, so re-importing a bank never changes what an exam draws from. */
      banks: BankPin[];
      /** Any of these tags; absent or empty = no tag filter. */
      tags?: string[];
      /** Any of these difficulties; absent or empty = no difficulty filter. */
      difficulties?: number[];
    }
  | { kind: "fixed"; questions: Array<{ slug: string; version: number; key: string }> };

export type SectionSpec = {
  /** As printed on the paper: 一、单选题. */
  title: string;
  type: QuestionType;
  count: number;
  /** Per question. */
  points: number;
  source: SectionSource;
  /** Some pre-appointment tests require e.g. 理论 ≥ 40 besides the overall pass mark. */
  minScore?: number;
};

/** The editable paper definition of an exam; an attempt never reads it after it starts. */
export type PaperSpec = {
  sections: SectionSpec[];
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
};

/**
 * One question as frozen into an attempt at start (invariant 2). It carries everything
 * grading needs, so regrading never looks at banks or the exam again.
 */
export type FrozenQuestion = {
  rowId: number;
  bankSlug: string;
  bankVersion: number;
  key: string;
  type: QuestionType;
  stem: string;
  points: number;
  /** displayed position → original option index; [] for judge, fill and essay. */
  optionOrder: number[];
  /** In displayed order: options[i] === bankOptions[optionOrder[i]]. */
  options: string[];
  /** In ORIGINAL option indexes (see Answer); map with option-order.ts for display. */
  answer: Answer;
  /** Number of blanks of a fill question; 0 otherwise. */
  blanks: number;
};

export type FrozenSection = {
  title: string;
  type: QuestionType;
  points: number;
  minScore: number | null;
  questions: FrozenQuestion[];
};

export type FrozenPaper = {
  /** Kept so the draw can be explained and reproduced from the same spec and pool. */
  seed: number;
  sections: FrozenSection[];
};

/**
 * What a cadre saved for one question. Option numbers are DISPLAYED positions: the
 * browser only ever sees the displayed order, and grading maps them back.
 */
export type Response =
  | { kind: "single"; option: number }
  /** Sorted ascending, no duplicates (validateResponse makes it so); [] = cleared. */
  | { kind: "multiple"; options: number[] }
  | { kind: "judge"; value: boolean }
  | { kind: "fill"; blanks: string[] }
  | { kind: "essay"; text: string };

/** 少选得一半分、错选不得分 is "partial_half". */
export type MultiplePolicy = "all_or_nothing" | "partial_half";

export type PassRule = {
  passMark: number;
  /** Apply each section's minScore (some pre-appointment tests require it). */
  sectionMinimums: boolean;
};

export type GradeStatus = "correct" | "partial" | "wrong" | "unanswered" | "pending";

/** Why a paper cannot be drawn; `section` is the 0-based index into spec.sections. */
export type PaperProblem = {
  section: number;
  title: string;
  needed: number;
  available: number;
  /** Chinese, for organizers: 第2部分“多选题”需要 10 题，符合条件的只有 6 题. */
  message: string;
};
