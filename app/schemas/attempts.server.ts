import { z } from "zod";

export const AttemptIdSchema = z.coerce.number().int().positive();

/** The autosave request body; each response is checked against its question afterwards. */
export const SaveRequestSchema = z.object({
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** The browser's id of this save, the same on each retry of it (older pages send none). */
  saveId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
  answers: z
    .array(z.object({ ref: z.string().max(20), response: z.unknown() }))
    .min(1)
    .max(500),
});

