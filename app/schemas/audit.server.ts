import { z } from "zod";

export const AuditFilterSchema = z.object({
  action: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(40).optional()),
  actor: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().toUpperCase().max(32).optional()),
  page: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(100000).default(1)),
});
