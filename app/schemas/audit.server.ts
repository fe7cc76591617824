import { z } from "zod";

import { isCalendarDate } from "~/domain/cadre-changes";

const blank = (v: unknown) => (v === "" ? undefined : v);
const date = z.preprocess(blank, z.string().trim().refine(isCalendarDate, "日期格式如 2026-11-26").optional());

/** The audit log's filters (page and export): dates are the bureau's calendar days, both included. */
export const AuditFilterSchema = z.object({
  action: z.preprocess(blank, z.string().max(40).optional()),
  person: z.preprocess(blank, z.string().trim().max(40).optional()),
  orgId: z.preprocess(blank, z.coerce.number().int().positive().optional()),
  from: date,
  to: date,
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(100000).default(1)),
});
export type AuditFilterForm = z.infer<typeof AuditFilterSchema>;
