import { z } from "zod";

import { EXAM_KINDS, MULTIPLE_POLICIES, RANKS, REVIEW_POLICIES } from "../../db/schema";

/** JSON columns are parsed with these on the way out of the database (zod at every edge). */

const BankPinSchema = z.object({ slug: z.string().min(1), version: z.number().int().positive() });

export const SectionSpecSchema = z.object({
  title: z.string().trim().min(1, "请填写部分标题").max(40),
  type: z.enum(["single", "multiple", "judge", "fill", "essay"]),
  count: z.number().int().min(1, "题数至少 1").max(200, "题数最多 200"),
  points: z.number().positive("每题分值须大于 0").max(100),
  source: z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("draw"),
      banks: z.array(BankPinSchema).min(1, "请至少选择一个题库"),
      tags: z.array(z.string()).optional(),
      difficulties: z.array(z.number().int().min(1).max(5)).optional(),
    }),
    z.object({
      kind: z.literal("fixed"),
      questions: z.array(z.object({ slug: z.string(), version: z.number().int().positive(), key: z.string() })).min(1),
    }),
  ]),
  minScore: z.number().min(0).optional(),
});

export const PaperSpecSchema = z.object({
  sections: z.array(SectionSpecSchema).min(1, "试卷至少需要一个部分"),
  shuffleQuestions: z.boolean(),
  shuffleOptions: z.boolean(),
});

export const AudienceSpecSchema = z.object({
  orgIds: z.array(z.number().int().positive()),
  ranks: z.array(z.enum(RANKS)),
  leadersOnly: z.boolean(),
  partyMembersOnly: z.boolean(),
  userIds: z.array(z.number().int().positive()),
  namedOnly: z.boolean().optional(),
});

export const GradingRulesSchema = z.object({
  multiplePolicy: z.enum(MULTIPLE_POLICIES),
  passMark: z.number().min(0),
  sectionMinimums: z.boolean(),
});
export type GradingRules = z.infer<typeof GradingRulesSchema>;

/** Everything an exam definition holds; the organizer pages and the seed both go through it. */
export const ExamDefinitionSchema = z
  .object({
    kind: z.enum(EXAM_KINDS),
    title: z.string().trim().min(1, "请填写考试名称").max(80, "考试名称最多 80 字"),
    description: z.string().trim().max(2000).nullable(),
    period: z.string().regex(/^\d{4}-Q[1-4]$/, "期次格式如 2026-Q4").nullable(),
    opensAt: z.date(),
    closesAt: z.date(),
    durationMinutes: z.number().int().min(1).max(600).nullable(),
    passMark: z.number().min(0),
    sectionMinimums: z.boolean(),
    attemptsAllowed: z.number().int().min(1).max(99).nullable(),
    reviewPolicy: z.enum(REVIEW_POLICIES),
    multiplePolicy: z.enum(MULTIPLE_POLICIES),
    graceSeconds: z.number().int().min(0).max(600),
    audience: AudienceSpecSchema,
    paper: PaperSpecSchema,
  })
  .refine((e) => e.closesAt.getTime() > e.opensAt.getTime(), { path: ["closesAt"], message: "截止时间须晚于开始时间" });
export type ExamDefinition = z.infer<typeof ExamDefinitionSchema>;
