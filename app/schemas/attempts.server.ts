import { z } from "zod";

export const AttemptIdSchema = z.coerce.number().int().positive();

/** The autosave request body; each response is checked against its question afterwards. */
export const SaveRequestSchema = z.object({
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  answers: z
    .array(z.object({ ref: z.string().max(20), response: z.unknown() }))
    .min(1)
    .max(500),
});

export const MAX_SAVE_BODY_BYTES = 256 * 1024;
