import { z } from "zod";

const blank = (v: unknown) => (v === "" ? undefined : v);

/** The live view's filters and page, from the URL; anything unreadable is ignored. */
export const LiveFilterSchema = z.object({
  q: z.preprocess(blank, z.string().trim().max(40).optional()),
  state: z.preprocess(blank, z.enum(["not_started", "in_progress", "submitted", "passed", "pending"]).optional()),
  orgId: z.preprocess(blank, z.coerce.number().int().positive().optional()),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(10000).default(1)),
});
