import { z } from "zod";

import { RANKS, ROLES } from "../../db/schema";

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

export const CadreActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("reset-password") }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("activate") }),
  z.object({
    intent: z.literal("change-role"),
    role: z.enum(ROLES, { error: "请选择角色" }),
    scopeOrgId: optionalId,
  }),
]);
