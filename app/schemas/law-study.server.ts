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

/** JSON columns of the law-study tables, parsed on the way out of the database. */
export const KeyPointsSchema = z.array(z.object({ text: z.string(), articles: z.array(z.string()) }));
export const ArticleListSchema = z.array(z.string());

export const ModuleFormSchema = z.object({
  title: z.string().trim().min(1, "请填写模块名称").max(80, "模块名称最多 80 字"),
  source: z.string().regex(/^[vr]:\d{1,9}$/, "请选择要学习的法规"),
  focus: z.string().max(2000).default(""),
  keyPoints: z.string().max(20_000, "学习要点过长"),
  quizKind: z.enum(["none", "draw", "fixed"], { message: "请选择测验方式" }),
  quizBank: z.string().max(100).default(""),
  quizSingle: z.preprocess(empty, z.coerce.number({ message: "请填写数字" }).int().min(0).max(20, "单选题最多 20 题").default(0)),
  quizJudge: z.preprocess(empty, z.coerce.number({ message: "请填写数字" }).int().min(0).max(20, "判断题最多 20 题").default(0)),
  quizFixed: z.string().max(5000).default(""),
  passMark: z.preprocess(empty, z.coerce.number({ message: "请填写数字" }).int().min(0).max(100, "及格分最多 100").default(60)),
});

export const MeetingFormSchema = z.object({
  type: z.enum(MEETING_TYPES, { message: "请选择会议类型" }),
  title: z.string().trim().min(1, "请填写会议名称").max(80, "会议名称最多 80 字"),
  startsAt: z.string().min(1, "请填写会议时间"),
  lecturer: z.string().trim().min(1, "请填写主讲人").max(40, "主讲人最多 40 字"),
  moduleId: z.coerce.number({ message: "请选择学法模块" }).int().positive("请选择学法模块"),
});

export const PlanSearchSchema = z.object({
  year: z.preprocess(empty, z.coerce.number().int().min(2000).max(2100).optional()),
  org: z.preprocess(empty, z.coerce.number().int().positive().optional()),
  print: z.preprocess(empty, z.literal("1").optional()),
});

export const ReadingReportSchema = z.object({
  seconds: z.preprocess(empty, z.coerce.number().finite().min(0).max(86_400).default(0)),
  reachedEnd: z.preprocess((v) => v === true || v === "1" || v === "true", z.boolean()),
  intent: z.preprocess(empty, z.enum(["report", "finish"]).default("report")),
});

export const AttendanceEntrySchema = z.object({
  attendance: z.enum(ATTENDANCE),
  reason: z.string().trim().max(60, "缺席原因最多 60 字"),
});
