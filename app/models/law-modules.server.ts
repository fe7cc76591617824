/**
 * 学法模块: one regulation (a pinned text version, or the regulation alone while its text is
 * not in the library), the articles to focus on, key points citing articles, and an
 * optional quiz: a paper spec that each meeting publishes as a real law_study exam.
 */
import { z } from "zod";

import type { DB } from "../../db/client";
import type { LawModule } from "../../db/schema";
import { missingArticles, parseArticleList, parseKeyPoints, type KeyPoint } from "~/domain/law-study/key-points";
import type { PaperSpec, QuestionType, SectionSpec } from "~/domain/exams/types";
import { ArticleListSchema, KeyPointsSchema, type ModuleFormSchema } from "~/schemas/law-study.server";
import { PaperSpecSchema } from "~/schemas/exams.server";

import { recordAudit } from "./audit.server";
import { paperProblems } from "./exams.server";
import { isInScope, type Scope } from "./orgs.server";

export const ModuleQuizSchema = z.object({ passMark: z.number().min(0), durationMinutes: z.number().int().positive().nullable(), paper: PaperSpecSchema });
export type ModuleQuiz = z.infer<typeof ModuleQuizSchema>;

export type ModuleView = {
  id: number;
  ownerOrgId: number;
  title: string;
  regulationId: number;
  regulationTitle: string;
  regulationStatus: "in_force" | "revised" | "repealed";
  versionId: number | null;
  version: number | null;
  focus: string[];
  keyPoints: KeyPoint[];
  quiz: ModuleQuiz | null;
};

export function moduleView(row: LawModule & { regulationTitle: string; regulationStatus: ModuleView["regulationStatus"]; version: number | null }): ModuleView {
  return {
    id: row.id,
    ownerOrgId: row.owner_org_id,
    title: row.title,
    regulationId: row.regulation_id,
    regulationTitle: row.regulationTitle,
    regulationStatus: row.regulationStatus,
    versionId: row.regulation_version_id,
    version: row.version,
    focus: ArticleListSchema.parse(JSON.parse(row.focus_articles)),
    keyPoints: KeyPointsSchema.parse(JSON.parse(row.key_points)),
    quiz: row.quiz ? ModuleQuizSchema.parse(JSON.parse(row.quiz)) : null,
  };
}

function moduleQuery(db: DB) {
  return db
    .selectFrom("law_modules")
    .innerJoin("regulations", "regulations.id", "law_modules.regulation_id")
    .innerJoin("orgs", "orgs.id", "law_modules.owner_org_id")
    .leftJoin("regulation_versions", "regulation_versions.id", "law_modules.regulation_version_id")
    .selectAll("law_modules")
    .select(["regulations.title as regulationTitle", "regulations.status as regulationStatus", "regulation_versions.version as version", "orgs.path as ownerPath"]);
}

export async function getModule(db: DB, id: number): Promise<ModuleView | undefined> {
  const row = await moduleQuery(db).where("law_modules.id", "=", id).executeTakeFirst();
  return row ? moduleView(row) : undefined;
}

/** A module its owner's organizers (and those above) may use. */
export async function getModuleInScope(db: DB, scope: Scope, id: number): Promise<ModuleView | undefined> {
  const row = await moduleQuery(db).where("law_modules.id", "=", id).executeTakeFirst();
  return row && isInScope(scope, { path: row.ownerPath }) ? moduleView(row) : undefined;
}

/** Modules a meeting of `orgPath` may study: those owned by that org or an org above it, within the scope. */
export async function listModules(db: DB, scope: Scope): Promise<ModuleView[]> {
  let query = moduleQuery(db).orderBy("law_modules.id", "desc");
  if (scope.kind === "subtree") query = query.where("orgs.path", "like", `${scope.path}%`);
  return (await query.execute()).map(moduleView);
}

export type ModuleInput = z.infer<typeof ModuleFormSchema>;
export type ModuleResult = { ok: true; moduleId: number } | { ok: false; errors: Record<string, string> };

/** slug@version lines → one fixed section per question type, or the problems. */
async function fixedQuiz(db: DB, text: string): Promise<{ sections: SectionSpec[]; problem: string | null }> {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return { sections: [], problem: "请填写测验题目，每行一题，如 senlinfa-2019@2#q001" };
  const refs: Array<{ slug: string; version: number; key: string }> = [];
  for (const line of lines) {
    const m = /^([a-z0-9-]+)@(\d+)#(\S+)$/.exec(line);
    if (!m) return { sections: [], problem: `“${line.slice(0, 40)}”格式不对，应为 题库标识@版本#题号` };
    refs.push({ slug: m[1], version: Number(m[2]), key: m[3] });
  }
  const byType = new Map<QuestionType, typeof refs>();
  for (const ref of refs) {
    const row = await db
      .selectFrom("bank_questions")
      .innerJoin("bank_versions", "bank_versions.id", "bank_questions.version_id")
      .innerJoin("banks", "banks.id", "bank_versions.bank_id")
      .select("bank_questions.type")
      .where("banks.slug", "=", ref.slug)
      .where("bank_versions.version", "=", ref.version)
      .where("bank_questions.question_key", "=", ref.key)
      .executeTakeFirst();
    if (!row) return { sections: [], problem: `题库中没有 ${ref.slug}@${ref.version}#${ref.key}` };
    if (row.type === "essay") return { sections: [], problem: `${ref.key} 是简答题；学法测验只用客观题，便于自动评分` };
    byType.set(row.type, [...(byType.get(row.type) ?? []), ref]);
  }
  const titles: Record<QuestionType, string> = { single: "单选题", multiple: "多选题", judge: "判断题", fill: "填空题", essay: "简答题" };
  const numerals = ["一", "二", "三", "四"];
  const total = refs.length;
  return {
    sections: [...byType.entries()].map(([type, questions], i) => ({
      title: `${numerals[i]}、${titles[type]}`,
      type,
      count: questions.length,
      points: Math.round((100 / total) * 100) / 100,
      source: { kind: "fixed" as const, questions },
    })),
    problem: null,
  };
}

/** Checks the form against the library and the banks, then saves the module; nothing is saved when anything is wrong. */
export async function createModule(db: DB, input: { form: ModuleInput; ownerOrgId: number; actorId: number | null; ip: string | null; now: Date }): Promise<ModuleResult> {
  const { form } = input;
  const errors: Record<string, string> = {};
  const [kind, idText] = form.source.split(":");
  const id = Number(idText);
  let regulationId: number | null = null;
  let versionId: number | null = null;
  let available: Set<string> | null = null;
  if (kind === "v") {
    const version = await db.selectFrom("regulation_versions").select(["id", "regulation_id"]).where("id", "=", id).executeTakeFirst();
    if (version) {
      [regulationId, versionId] = [version.regulation_id, version.id];
      const rows = await db.selectFrom("regulation_articles").select("number").where("version_id", "=", version.id).execute();
      available = new Set(rows.map((r) => r.number));
    }
  } else {
    const regulation = await db.selectFrom("regulations").select("id").where("id", "=", id).executeTakeFirst();
    regulationId = regulation?.id ?? null;
  }
  if (regulationId === null) errors.source = "法规库中没有这部法规或这个版本";

  const focus = parseArticleList(form.focus);
  if (form.focus.trim() && focus.length === 0) errors.focus = "请按“第十条、第十二条”的格式填写重点条文，或留空表示学习全文";
  const { points, problems } = parseKeyPoints(form.keyPoints);
  if (problems.length > 0) errors.keyPoints = problems.join("；");
  if (available) {
    const missingFocus = missingArticles(focus, available);
    if (missingFocus.length) errors.focus = `所选版本中没有${missingFocus.join("、")}`;
    const missingCited = missingArticles([...new Set(points.flatMap((p) => p.articles))], available);
    if (missingCited.length && !errors.keyPoints) errors.keyPoints = `要点引用的${missingCited.join("、")}不在所选版本中`;
  }

  let quiz: ModuleQuiz | null = null;
  if (form.quizKind !== "none") {
    let sections: SectionSpec[] = [];
    if (form.quizKind === "draw") {
      const m = /^([a-z0-9-]+)@(\d+)$/.exec(form.quizBank);
      if (!m) errors.quizBank = "请选择测验题库";
      else {
        const banks = [{ slug: m[1], version: Number(m[2]) }];
        const draw = { kind: "draw" as const, banks };
        const total = form.quizSingle + form.quizJudge;
        if (total === 0) errors.quizSingle = "请至少抽 1 题";
        else {
          const points = Math.round((100 / total) * 100) / 100;
          if (form.quizSingle > 0) sections.push({ title: "一、单选题", type: "single", count: form.quizSingle, points, source: draw });
          if (form.quizJudge > 0) sections.push({ title: `${sections.length ? "二" : "一"}、判断题`, type: "judge", count: form.quizJudge, points, source: draw });
        }
      }
    } else {
      const fixed = await fixedQuiz(db, form.quizFixed);
      if (fixed.problem) errors.quizFixed = fixed.problem;
      sections = fixed.sections;
    }
    if (sections.length > 0) {
      const paper: PaperSpec = { sections, shuffleQuestions: true, shuffleOptions: true };
      const paperIssues = await paperProblems(db, paper);
      if (paperIssues.length) errors[form.quizKind === "draw" ? "quizBank" : "quizFixed"] = paperIssues.map((p) => p.message).join("；");
      quiz = { passMark: form.passMark, durationMinutes: 20, paper };
    }
  }
  if (Object.keys(errors).length > 0 || regulationId === null) return { ok: false, errors };

  const row = await db
    .insertInto("law_modules")
    .values({
      owner_org_id: input.ownerOrgId,
      title: form.title,
      regulation_id: regulationId,
      regulation_version_id: versionId,
      focus_articles: JSON.stringify(focus),
      key_points: JSON.stringify(points),
      quiz: quiz ? JSON.stringify(quiz) : null,
      created_by: input.actorId,
      created_at: input.now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(db, { actorId: input.actorId, action: "law.module_create", target: `law_module:${row.id}`, detail: { title: form.title, quiz: form.quizKind }, ip: input.ip, now: input.now });
  return { ok: true, moduleId: row.id };
}
