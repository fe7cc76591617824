/** Small factories for the exams unit tests: pool questions and frozen questions with plain defaults. */
import type { Answer, FrozenQuestion, PoolQuestion, QuestionType } from "~/domain/exams/types";

let nextRowId = 1;

const DEFAULT_ANSWERS: Record<QuestionType, Answer> = {
  single: { kind: "single", option: 1 },
  multiple: { kind: "multiple", options: [0, 2] },
  judge: { kind: "judge", value: true },
  fill: { kind: "fill", blanks: [["2年"]] },
  essay: { kind: "essay", reference: "参考答案", keywords: ["关键词"] },
};

export function poolQuestion(overrides: Partial<PoolQuestion> & { type?: QuestionType } = {}): PoolQuestion {
  const type = overrides.type ?? "single";
  const rowId = overrides.rowId ?? nextRowId++;
  return {
    rowId,
    bankSlug: "senlinfa-2019",
    bankVersion: 1,
    key: `q${String(rowId).padStart(4, "0")}`,
    type,
    stem: `题干 ${rowId}`,
    options: type === "single" || type === "multiple" ? ["甲", "乙", "丙", "丁"] : [],
    answer: DEFAULT_ANSWERS[type],
    explanation: "解析",
    reference: "第一条",
    tags: [],
    difficulty: 2,
    ...overrides,
  };
}

/** `count` questions of one type from one bank version, keys q001… */
export function bankQuestions(
  count: number,
  base: Partial<PoolQuestion> & { type?: QuestionType } = {}
): PoolQuestion[] {
  return Array.from({ length: count }, (_, i) => poolQuestion({ key: `q${String(i + 1).padStart(3, "0")}`, ...base }));
}

export function frozenQuestion(overrides: Partial<FrozenQuestion> & { type?: QuestionType } = {}): FrozenQuestion {
  const type = overrides.type ?? "single";
  const answer = overrides.answer ?? DEFAULT_ANSWERS[type];
  const options = type === "single" || type === "multiple" ? ["甲", "乙", "丙", "丁"] : [];
  return {
    rowId: nextRowId++,
    bankSlug: "senlinfa-2019",
    bankVersion: 1,
    key: "q001",
    type,
    stem: "题干",
    points: 2,
    optionOrder: options.map((_, i) => i),
    options,
    answer,
    blanks: answer.kind === "fill" ? answer.blanks.length : 0,
    ...overrides,
  };
}
