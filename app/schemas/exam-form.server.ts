/**
 * The exam editor's posted values (domain/exams/exam-form.ts) → an ExamDefinition, with
 * a Chinese error next to each field (`sections[1].count`, `closesAt`, `audience`, …).
 * The result goes through ExamDefinitionSchema as well, the definition every exam uses.
 */
import { z } from "zod";

import { EXAM_KINDS, MULTIPLE_POLICIES, RANKS, REVIEW_POLICIES } from "../../db/schema";
import { parseLocalDateTime } from "~/domain/local-datetime";
import { type ExamForm, parseFixedLine, SECTION_TITLES } from "~/domain/exams/exam-form";
import type { SectionSpec } from "~/domain/exams/types";

import { type ExamDefinition, ExamDefinitionSchema } from "./exams.server";

export type FieldErrors = Record<string, string>;

export type ExamFormResult =
  | { ok: true; definition: ExamDefinition; ownerOrgId: number | null }
  | { ok: false; fieldErrors: FieldErrors };

type NumberRule = { label: string; min?: number; max?: number; integer?: boolean; positive?: boolean };

function checkNumber(raw: string, rule: NumberRule, ctx: z.RefinementCtx): number | typeof z.NEVER {
  const n = Number(raw);
  const fail = (message: string) => {
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  };
  if (!Number.isFinite(n)) return fail(`${rule.label}须为数字`);
  if (rule.integer && !Number.isInteger(n)) return fail(`${rule.label}须为整数`);
  if (rule.positive && n <= 0) return fail(`${rule.label}须大于 0`);
  if (rule.min !== undefined && n < rule.min) return fail(`${rule.label}不能小于 ${rule.min}`);
  if (rule.max !== undefined && n > rule.max) return fail(`${rule.label}不能大于 ${rule.max}`);
  return n;
}

/** A required number. */
const numberField = (rule: NumberRule) =>
  z.string().trim().min(1, `请填写${rule.label}`).transform((v, ctx) => checkNumber(v, rule, ctx));

/** Blank = null (不限时, 不限次数, no minimum). */
const optionalNumber = (rule: NumberRule) =>
  z.string().trim().transform((v, ctx) => (v === "" ? null : checkNumber(v, rule, ctx)));

const dateTimeField = (label: string, timeZone: string) =>
  z
    .string()
    .trim()
    .min(1, `请填写${label}`)
    .transform((v, ctx) => parseLocalDateTime(v, timeZone) ?? (ctx.addIssue({ code: "custom", message: `${label}格式不正确` }), z.NEVER));

const DrawSourceSchema = z.object({
  kind: z.literal("draw"),
  banks: z.record(z.string(), z.string()).transform((posted, ctx) => {
    const banks: Array<{ slug: string; version: number }> = [];
    for (const [slug, version] of Object.entries(posted)) {
      if (version.trim() === "") continue;
      if (!/^\d{1,6}$/.test(version.trim()) || Number(version) < 1) ctx.addIssue({ code: "custom", message: "题库版本无效" });
      else banks.push({ slug, version: Number(version) });
    }
    if (banks.length === 0) ctx.addIssue({ code: "custom", message: "请至少选择一个题库" });
    return banks;
  }),
  tags: z
    .array(z.string().trim().max(40))
    .max(100)
    .transform((tags) => [...new Set(tags.filter(Boolean))]),
  difficulties: z
    .array(z.string().regex(/^[1-5]$/, "难度应为 1 到 5").transform(Number))
    .transform((ds) => [...new Set(ds)].sort()),
});

const FixedSourceSchema = z.object({
  kind: z.literal("fixed"),
  fixed: z
    .string()
    .max(20_000)
    .transform((text, ctx) => {
      const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
      const questions = lines.map(parseFixedLine);
      const bad = questions.findIndex((q) => q === null);
      if (lines.length === 0) ctx.addIssue({ code: "custom", message: "请填写指定的试题" });
      else if (bad >= 0) ctx.addIssue({ code: "custom", message: `第 ${bad + 1} 行应写作 题库标识@版本#试题编号，如 senlinfa-2019@1#q001` });
      return questions.filter((q) => q !== null);
    }),
});

/**
 * One section. The source fields are regrouped by kind first, so a bank or fixed-list
 * problem is reported together with, not after, a problem in the count or points.
 */
const SectionFormSchema = z.preprocess(
  (value) => {
    const s = value as ExamForm["sections"][number];
    return {
      ...s,
      source: s.source === "fixed" ? { kind: "fixed", fixed: s.fixed } : { kind: "draw", banks: s.banks, tags: s.tags, difficulties: s.difficulties },
    };
  },
  z
    .object({
      title: z.string().trim().min(1, "请填写部分标题").max(40, "部分标题最多 40 字"),
      type: z.enum(Object.keys(SECTION_TITLES) as [keyof typeof SECTION_TITLES], { error: "请选择题型" }),
      count: numberField({ label: "题数", integer: true, min: 1, max: 200 }),
      points: numberField({ label: "每题分值", positive: true, max: 100 }),
      source: z.discriminatedUnion("kind", [DrawSourceSchema, FixedSourceSchema]),
      minScore: optionalNumber({ label: "本部分最低分", min: 0 }),
    })
    .transform((s, ctx): SectionSpec => {
      if (s.minScore !== null && s.minScore > s.count * s.points) {
        ctx.addIssue({ code: "custom", path: ["minScore"], message: `最低分不能高于本部分满分 ${s.count * s.points}` });
      }
      const source: SectionSpec["source"] =
        s.source.kind === "fixed"
          ? { kind: "fixed", questions: s.source.fixed }
          : {
              kind: "draw",
              banks: s.source.banks,
              ...(s.source.tags.length ? { tags: s.source.tags } : {}),
              ...(s.source.difficulties.length ? { difficulties: s.source.difficulties } : {}),
            };
      return { title: s.title, type: s.type, count: s.count, points: s.points, source, ...(s.minScore === null ? {} : { minScore: s.minScore }) };
    }),
);

const idList = z.array(z.string().regex(/^\d{1,9}$/, "选择无效").transform(Number));

function examFormSchema(timeZone: string) {
  return z
    .object({
      kind: z.enum(EXAM_KINDS, { error: "请选择考试类型" }),
      title: z.string().trim().min(1, "请填写考试名称").max(80, "考试名称最多 80 字"),
      description: z.string().trim().max(2000, "考试说明最多 2000 字").transform((v) => v || null),
      period: z
        .string()
        .trim()
        .transform((v) => v.toUpperCase())
        .refine((v) => v === "" || /^\d{4}-Q[1-4]$/.test(v), "期次格式如 2026-Q4")
        .transform((v) => v || null),
      opensAt: dateTimeField("开始时间", timeZone),
      closesAt: dateTimeField("截止时间", timeZone),
      durationMinutes: optionalNumber({ label: "考试时长", integer: true, min: 1, max: 600 }),
      passMark: numberField({ label: "及格分", min: 0 }),
      sectionMinimums: z.boolean(),
      attemptsAllowed: optionalNumber({ label: "作答次数", integer: true, min: 1, max: 99 }),
      reviewPolicy: z.enum(REVIEW_POLICIES, { error: "请选择答案公布方式" }),
      multiplePolicy: z.enum(MULTIPLE_POLICIES, { error: "请选择多选题计分方式" }),
      shuffleQuestions: z.boolean(),
      shuffleOptions: z.boolean(),
      graceSeconds: z
        .string()
        .trim()
        .transform((v, ctx) => (v === "" ? 30 : checkNumber(v, { label: "交卷宽限", integer: true, min: 0, max: 600 }, ctx))),
      ownerOrgId: optionalNumber({ label: "所属组织", integer: true, min: 1 }),
      sections: z.array(SectionFormSchema).min(1, "试卷至少需要一个部分"),
      audience: z.object({
        orgIds: idList,
        ranks: z.array(z.enum(RANKS, { error: "职级无效" })),
        leadersOnly: z.boolean(),
        partyMembersOnly: z.boolean(),
        userIds: idList,
      }),
    })
    .superRefine((f, ctx) => {
      if (f.kind === "quarterly" && f.period === null) ctx.addIssue({ code: "custom", path: ["period"], message: "季度考试请填写期次，如 2026-Q4" });
      if (f.closesAt.getTime() <= f.opensAt.getTime()) ctx.addIssue({ code: "custom", path: ["closesAt"], message: "截止时间须晚于开始时间" });
      const total = f.sections.reduce((sum, s) => sum + s.count * s.points, 0);
      if (f.passMark > total) ctx.addIssue({ code: "custom", path: ["passMark"], message: `及格分不能高于试卷总分 ${total}` });
    });
}

/** zod's issue path → the form field it belongs to. */
export function fieldKey(path: ReadonlyArray<PropertyKey>): string {
  const p = path[0] === "paper" ? path.slice(1) : path;
  if (p[0] === "sections" && typeof p[1] === "number") {
    const field = p[2] === "source" ? (p[3] === "questions" ? "fixed" : String(p[3] ?? "banks")) : p[2];
    return field === undefined ? `sections[${p[1]}]` : `sections[${p[1]}].${String(field)}`;
  }
  if (p[0] === "audience") return "audience";
  if (p[0] === "shuffleQuestions" || p[0] === "shuffleOptions") return String(p[0]);
  return String(p[0] ?? "form");
}

function collect(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[fieldKey(issue.path)] ??= issue.message;
  return errors;
}

export function parseExamForm(form: ExamForm, timeZone: string): ExamFormResult {
  const parsed = examFormSchema(timeZone).safeParse(form);
  if (!parsed.success) return { ok: false, fieldErrors: collect(parsed.error.issues) };
  const f = parsed.data;
  const candidate: ExamDefinition = {
    kind: f.kind,
    title: f.title,
    description: f.description,
    period: f.period,
    opensAt: f.opensAt,
    closesAt: f.closesAt,
    durationMinutes: f.durationMinutes,
    passMark: f.passMark,
    sectionMinimums: f.sectionMinimums,
    attemptsAllowed: f.attemptsAllowed,
    reviewPolicy: f.reviewPolicy,
    multiplePolicy: f.multiplePolicy,
    graceSeconds: f.graceSeconds,
    audience: f.audience,
    paper: { sections: f.sections, shuffleQuestions: f.shuffleQuestions, shuffleOptions: f.shuffleOptions },
  };
  // The definition every exam goes through; anything the form rules missed stops here.
  const definition = ExamDefinitionSchema.safeParse(candidate);
  if (!definition.success) return { ok: false, fieldErrors: collect(definition.error.issues) };
  return { ok: true, definition: definition.data, ownerOrgId: f.ownerOrgId };
}
