import { z } from "zod";

import { ATTENDANCE, MEETING_TYPES, REGULATION_STATUSES } from "../../db/schema";

const empty = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const date = z.preprocess(empty, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式如 2026-01-01").optional());

export const RegulationSlugSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "法规标识只能用小写字母、数字和连字符，如 senlinfa-2019")
  .max(60, "法规标识最多 60 个字符");

export const RegulationFactsFormSchema = z.object({
  title: z.string().trim().min(1, "请填写法规名称").max(120, "法规名称最多 120 字"),
  issuer: z.string().trim().max(60, "制定机关最多 60 字").default(""),
  issuedOn: date,
  effectiveOn: date,
  status: z.enum(REGULATION_STATUSES, { message: "请选择效力状态" }),
  replacedBy: z.preprocess(empty, z.coerce.number().int().positive().optional()),
});

export const RegulationImportFormSchema = RegulationFactsFormSchema.extend({
  slug: RegulationSlugSchema,
  fileName: z.string().trim().max(200).default(""),
  text: z.string().min(1, "没有收到法规正文，请重新上传文件").max(5 * 1024 * 1024, "正文过长"),
});

export const RegulationVersionSearchSchema = z.object({
  version: z.preprocess(empty, z.coerce.number().int().positive().max(1_000_000).optional()),
});

export { ATTENDANCE, MEETING_TYPES };
