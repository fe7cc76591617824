/**
 * zod schemas for question banks: the loose shape of a bank file as written (before the
 * checks in validate.ts give each problem its code), and the strict shape of a validated
 * question, which also guards the JSON columns when questions are read back.
 */
import { z } from "zod";

/** YAML reads `10` or `2019` as numbers; in a text field they mean the text. */
const text = z.preprocess((v) => (typeof v === "number" ? String(v) : v), z.string());

export const BANK_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const QUESTION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
/** Slugs that would collide with the pages under /manage/banks. */
export const RESERVED_SLUGS = new Set(["upload", "template"]);

export const LIMITS = {
  questions: 3000,
  title: 200,
  regulation: 500,
  description: 5000,
  stem: 2000,
  option: 500,
  explanation: 5000,
  reference: 200,
  tag: 40,
  tags: 20,
  fillAlternative: 100,
  essayReference: 10000,
  keyword: 200,
} as const;

export const RawBankSchema = z
  .object({
    bank: z.string(),
    title: text,
    version: z.number(),
    regulation: text,
    source: z.string().nullish(),
    description: text.nullish(),
    questions: z.array(z.unknown()),
  })
  .strict();

export const RawQuestionSchema = z
  .object({
    id: text,
    type: z.string(),
    stem: text,
    options: z.array(text).nullish(),
    // Its shape depends on the type; validate.ts checks it.
    answer: z.unknown(),
    explanation: text.nullish(),
    reference: text,
    tags: z.array(text).nullish(),
    difficulty: z.number(),
  })
  .strict();

export type RawQuestion = z.infer<typeof RawQuestionSchema>;

const common = {
  id: z.string().regex(QUESTION_ID_PATTERN),
  stem: z.string().min(1),
  explanation: z.string(),
  reference: z.string().min(1),
  tags: z.array(z.string().min(1)),
  difficulty: z.number().int().min(1).max(5),
};
const options = z.array(z.string().min(1)).min(2).max(8);

export const BankQuestionSchema = z.discriminatedUnion("type", [
  z.object({ ...common, type: z.literal("single"), options, answer: z.string().regex(/^[A-H]$/) }),
  z.object({ ...common, type: z.literal("multiple"), options, answer: z.string().regex(/^[A-H]{2,8}$/) }),
  z.object({ ...common, type: z.literal("judge"), answer: z.boolean() }),
  z.object({ ...common, type: z.literal("fill"), answer: z.array(z.array(z.string().min(1)).min(1)).min(1) }),
  z.object({
    ...common,
    type: z.literal("essay"),
    answer: z.object({ reference: z.string().min(1), keywords: z.array(z.string().min(1)) }),
  }),
]);
