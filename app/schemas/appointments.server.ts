/** Pre-appointment cases: stored rules, the settings and case forms, the board's filters. */
import { z } from "zod";

import { BOARD_STATES } from "~/domain/appointments/board";
import { isIsoDate } from "~/domain/appointments/calendar";
import { TALKER_ROWS } from "~/domain/appointments/commitment";
import { type AppointmentRules, RULE_SECTION_TYPES, SECOND_FAIL_ACTIONS } from "~/domain/appointments/rules";

const blank = (v: unknown) => (v === "" || v === undefined ? undefined : v);

/** The JSON rules column (settings and each case's frozen copy). */
export const AppointmentRulesSchema = z.object({
  passMark: z.number().min(0),
  sections: z.array(
    z.object({
      type: z.enum(RULE_SECTION_TYPES),
      count: z.number().int().min(0),
      points: z.number().positive(),
      minScore: z.number().min(0).nullable(),
    }),
  ),
  makeupAllowed: z.boolean(),
  secondFailAction: z.enum(SECOND_FAIL_ACTIONS),
  openBookAge: z.number().int().min(1).max(120).nullable(),
  validityYears: z.number().int().min(1).max(10),
  durationMinutes: z.number().int().min(1).max(600),
  windowDays: z.number().int().min(1).max(365),
}) satisfies z.ZodType<AppointmentRules>;

export function parseRules(json: string): AppointmentRules {
  return AppointmentRulesSchema.parse(JSON.parse(json));
}

const int = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `请填写${label}` })
    .int(`${label}应为整数`)
    .min(min, `${label}不能小于 ${min}`)
    .max(max, `${label}不能大于 ${max}`);

const score = (label: string) => z.coerce.number({ error: `${label}应为数字` }).min(0, `${label}不能为负数`).max(1000, `${label}过大`);

const checkbox = z.preprocess((v) => v === "on" || v === "1" || v === "true", z.boolean());

const sectionField = {
  count: int("题数", 0, 200),
  points: z.coerce.number({ error: "每题分值应为数字" }).positive("每题分值须大于 0").max(100, "每题分值最多 100"),
  minScore: z.preprocess(blank, score("最低分").optional()),
};

/** The settings form posts flat fields: sections.0.count, sections.0.points, sections.0.minScore, … */
export const RulesFormSchema = z
  .looseObject({
    passMark: score("及格线").refine((n) => n > 0, "及格线须大于 0"),
    makeupAllowed: checkbox,
    secondFailAction: z.enum(SECOND_FAIL_ACTIONS, { error: "请选择补考仍未通过时的处理" }),
    openBook: checkbox,
    openBookAge: int("开卷年龄", 18, 80),
    validityYears: int("有效期", 1, 10),
    durationMinutes: int("考试时长", 5, 600),
    windowDays: int("考试期限", 1, 365),
  })
  .transform((form, ctx): AppointmentRules => {
    const raw = form as Record<string, unknown>;
    const sections = RULE_SECTION_TYPES.map((type, i) => {
      const read = <K extends keyof typeof sectionField>(key: K) => {
        const parsed = sectionField[key].safeParse(raw[`sections.${i}.${key}`]);
        if (!parsed.success) ctx.addIssue({ code: "custom", path: [`sections.${i}.${key}`], message: parsed.error.issues[0]?.message ?? "无效" });
        return parsed.success ? parsed.data : undefined;
      };
      return { type, count: read("count") ?? 0, points: read("points") ?? 1, minScore: read("minScore") ?? null };
    });
    return {
      passMark: form.passMark,
      sections,
      makeupAllowed: form.makeupAllowed,
      secondFailAction: form.secondFailAction,
      openBookAge: form.openBook ? form.openBookAge : null,
      validityYears: form.validityYears,
      durationMinutes: form.durationMinutes,
      windowDays: form.windowDays,
    };
  });

export const CommitmentTextFormSchema = z.object({
  title: z.string().trim().min(1, "请填写标题").max(40, "标题最多 40 字"),
  body: z.string().trim().min(20, "承诺书正文至少 20 字").max(5000, "承诺书正文最多 5000 字"),
});

export const SettingsQuerySchema = z.object({ bureau: z.preprocess(blank, z.coerce.number().int().positive().optional()).catch(undefined) });

const isoDate = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .refine(isIsoDate, `${label}不是有效的日期（格式如 2026-05-10）`);

export const TEST_SOURCES = ["standard", "template", "reuse"] as const;

/**
 * 新建任前事项. The test choice is one radio group: standard, template, or reuse:<attempt id>
 * (so it works without JavaScript). The model checks the cadre, the organizer, the
 * template and the reused pass against the scope.
 */
export const CaseCreateSchema = z
  .object({
    employeeNo: z.string().trim().min(1, "请填写干部工号").max(40, "工号过长"),
    post: z.string({ error: "请填写新任职务" }).trim().min(1, "请填写新任职务").max(60, "新任职务最多 60 字"),
    documentNo: z.preprocess(blank, z.string().trim().max(60, "任用文号最多 60 字").optional()),
    decidedOn: isoDate("任用决定日期"),
    organizerId: z.coerce.number({ error: "请选择负责的组织者" }).int().positive("请选择负责的组织者"),
    testSource: z.string({ error: "请选择考试方式" }).regex(/^(standard|template|reuse:\d{1,12})$/, "请选择考试方式"),
    templateExamId: z.preprocess(blank, z.coerce.number().int().positive().optional()),
  })
  .transform(({ testSource, ...rest }) => {
    const [source, attempt] = testSource.split(":") as [(typeof TEST_SOURCES)[number], string | undefined];
    return { ...rest, testSource: source, ...(attempt ? { reuseAttemptId: Number(attempt) } : {}) };
  });
export type CaseCreateInput = Omit<z.infer<typeof CaseCreateSchema>, "reuseAttemptId"> & { reuseAttemptId?: number };

export const CaseLookupSchema = z.object({ employeeNo: z.preprocess(blank, z.string().trim().max(40).optional()).catch(undefined) });


const talkerName = z.preprocess(blank, z.string().trim().max(20, "谈话人姓名最多 20 字").optional());
const talkerPost = z.preprocess(blank, z.string().trim().max(40, "谈话人职务最多 40 字").optional());

export const CaseActionSchema = z.discriminatedUnion(
  "intent",
  [
    z
      .looseObject({
        intent: z.literal("talk"),
        talkOn: isoDate("谈话日期"),
        summary: z.string({ error: "请填写谈话摘要" }).trim().min(1, "请填写谈话摘要").max(2000, "谈话摘要最多 2000 字"),
      })
      .transform((form, ctx) => {
        const raw = form as Record<string, unknown>;
        const talkers: Array<{ name: string; post: string }> = [];
        for (let i = 0; i < TALKER_ROWS; i++) {
          const name = talkerName.safeParse(raw[`talkers.${i}.name`]);
          const post = talkerPost.safeParse(raw[`talkers.${i}.post`]);
          if (!name.success) ctx.addIssue({ code: "custom", path: [`talkers.${i}.name`], message: name.error.issues[0]?.message ?? "无效" });
          if (!post.success) ctx.addIssue({ code: "custom", path: [`talkers.${i}.name`], message: post.error.issues[0]?.message ?? "无效" });
          if (!name.success || !post.success) continue;
          if (!name.data && post.data) ctx.addIssue({ code: "custom", path: [`talkers.${i}.name`], message: "请填写谈话人姓名" });
          if (name.data) talkers.push({ name: name.data, post: post.data ?? "" });
        }
        if (talkers.length === 0) ctx.addIssue({ code: "custom", path: ["talkers.0.name"], message: "请至少填写一名谈话人" });
        return { intent: form.intent, talkOn: form.talkOn, summary: form.summary, talkers };
      }),
    z.object({ intent: z.literal("defer"), reason: z.string().trim().max(200, "原因最多 200 字") }),
    z.object({ intent: z.literal("cancel"), reason: z.string().trim().max(200, "原因最多 200 字") }),
    z.object({ intent: z.literal("acknowledge") }),
  ],
  { error: "未知的操作" },
);

export const SignCommitmentSchema = z.object({
  textId: z.coerce.number({ error: "请求无效，请刷新页面后重试" }).int().positive(),
  typedName: z.string({ error: "请输入您的姓名" }).trim().min(1, "请输入您的姓名").max(40, "姓名过长"),
  agree: z.literal("on", { error: "请勾选“我已阅读并承诺”" }),
});

export const CaseIdSchema = z.coerce.number().int().positive();

export const BoardFilterSchema = z.object({
  state: z.preprocess(blank, z.enum(BOARD_STATES).optional()).catch(undefined),
  orgId: z.preprocess(blank, z.coerce.number().int().positive().optional()).catch(undefined),
  year: z.preprocess(blank, z.coerce.number().int().min(2000).max(2100).optional()).catch(undefined),
});
export type BoardFilter = z.infer<typeof BoardFilterSchema>;
