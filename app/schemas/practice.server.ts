import { z } from "zod";

const blank = (v: unknown) => (v === "" ? undefined : v);

/**
 * What a practice run draws from, as the query string carries it from question to feedback
 * to the next question: `?bank=slug&tag=…` for a bank, `?book=1` (optionally with bank and
 * tag) for the wrong-answer book. `after` is the question just answered.
 */
export const PracticeSourceSchema = z.object({
  book: z.preprocess(blank, z.enum(["1"]).optional()),
  bank: z.preprocess(blank, z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "题库不存在").optional()),
  tag: z.preprocess(blank, z.string().max(40).optional()),
  after: z.preprocess(blank, z.string().max(120).optional()),
});

export const PracticeAnswerFormSchema = z.object({
  row: z.coerce.number({ error: "题目不存在" }).int().positive().max(Number.MAX_SAFE_INTEGER),
});

export const PracticeAnswerIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
