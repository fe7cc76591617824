import { z } from "zod";

import { RANKS, ROLES } from "../../db/schema";
import { isIsoDate } from "~/domain/appointments/calendar";
import { isCalendarDate } from "~/domain/cadre-changes";

const optionalId = z.preprocess((v) => (v === "" || v === undefined ? undefined : v), z.coerce.number().int().positive().optional());

export const CadreFilterSchema = z.object({
  q: z.string().trim().max(40).optional(),
  orgId: optionalId,
  rank: z.preprocess((v) => (v === "" ? undefined : v), z.enum(RANKS).optional()),
  leader: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["1", "0"]).optional()),
  inactive: z.preprocess((v) => (v === "" ? undefined : v), z.literal("1").optional()),
  page: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(10000).default(1)),
});

export const CadreIdSchema = z.coerce.number().int().positive();

const yesNo = (label: string) => z.enum(["1", "0"], { error: `请选择是否${label}` }).transform((v) => v === "1");

/** The cadre page's edit form: the standing, the date it took effect, an optional note. */
export const CadreUpdateSchema = z.object({
  intent: z.literal("update"),
  name: z.string().trim().min(1, "请填写姓名").max(40, "姓名最多 40 字"),
  orgId: z.coerce.number({ error: "请选择组织" }).int("请选择组织").positive("请选择组织"),
  rank: z.enum(RANKS, { error: "请选择职级" }),
  isLeader: yesNo("领导干部"),
  isPartyMember: yesNo("党员"),
  /** Optional: empty clears it, a form without the field leaves it as it is (undefined). */
  birthDate: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : undefined),
    z
      .string()
      .refine((v) => v === "" || isIsoDate(v), "出生日期格式如 1975-03-08")
      .transform((v) => v || null)
      .optional(),
  ),
  effectiveOn: z.string().trim().refine(isCalendarDate, "生效日期格式如 2026-11-26"),
  note: z
    .string()
    .trim()
    .max(200, "说明最多 200 字")
    .optional()
    .transform((v) => v || null),
});

export const CadreActionSchema = z.discriminatedUnion("intent", [
  CadreUpdateSchema,
  z.object({ intent: z.literal("reset-password") }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("activate") }),
  z.object({
    intent: z.literal("change-role"),
    role: z.enum(ROLES, { error: "请选择角色" }),
    scopeOrgId: optionalId,
  }),
]);

/** The roster upload form besides the file: create only, or also update existing cadres (with the date the changes took effect). */
export const RosterImportSchema = z.object({
  update: z.preprocess((v) => v === "1" || v === "on", z.boolean()),
  effectiveOn: z.preprocess(
    (v) => (v === "" || v === undefined ? undefined : v),
    z.string().trim().refine(isCalendarDate, "生效日期格式如 2026-11-26").optional(),
  ),
});
