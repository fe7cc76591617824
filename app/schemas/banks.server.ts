import { z } from "zod";

import { QUESTION_TYPES } from "~/domain/banks/types";

const empty = (v: unknown) => (v === "" ? undefined : v);

export const BankSlugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(60);
export const BankVersionParamSchema = z.coerce.number().int().min(1).max(1_000_000);

export const BankQuestionFilterSchema = z.object({
  type: z.preprocess(empty, z.enum(QUESTION_TYPES).optional()),
  tag: z.preprocess(empty, z.string().trim().max(40).optional()),
  difficulty: z.preprocess(empty, z.coerce.number().int().min(1).max(5).optional()),
  q: z.preprocess(empty, z.string().trim().max(60).optional()),
});

export const BankDiffSearchSchema = z.object({
  from: z.preprocess(empty, BankVersionParamSchema.optional()),
  to: z.preprocess(empty, BankVersionParamSchema.optional()),
});
