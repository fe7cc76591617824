/**
 * Turns a stored bank question (its answer as written in the bank file: "B", "ACD", true,
 * [["3","三"]], {reference, keywords}) into the pool shape paper drawing and grading use.
 */
import type { Answer, PoolQuestion, QuestionType } from "./types";

const LETTERS = "ABCDEFGH";

export type StoredQuestion = {
  rowId: number;
  bankSlug: string;
  bankVersion: number;
  key: string;
  type: QuestionType;
  stem: string;
  options: string[];
  answer: unknown;
  explanation: string;
  reference: string;
  tags: string[];
  difficulty: number;
};

export function toAnswer(type: QuestionType, stored: unknown): Answer {
  switch (type) {
    case "single":
      return { kind: "single", option: LETTERS.indexOf(String(stored)) };
    case "multiple":
      return { kind: "multiple", options: [...String(stored)].map((l) => LETTERS.indexOf(l)).sort((a, b) => a - b) };
    case "judge":
      return { kind: "judge", value: stored === true };
    case "fill":
      return { kind: "fill", blanks: (stored as unknown[][]).map((alts) => alts.map(String)) };
    case "essay": {
      const essay = stored as { reference?: string; keywords?: string[] };
      return { kind: "essay", reference: essay.reference ?? "", keywords: essay.keywords ?? [] };
    }
  }
}

export function toPoolQuestion(q: StoredQuestion): PoolQuestion {
  return { ...q, answer: toAnswer(q.type, q.answer) };
}
