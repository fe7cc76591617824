import { sql } from "kysely";

import type { DB } from "../../db/client";
import type { Exam } from "../../db/schema";
import { type AudienceSpec, selectAudience } from "~/domain/audience";
import { checkPaperSpec } from "~/domain/exams/paper-check";
import type { PaperProblem, PaperSpec } from "~/domain/exams/types";
import { AudienceSpecSchema, type ExamDefinition, type GradingRules, PaperSpecSchema } from "~/schemas/exams.server";

import { finalizeAttempts } from "./attempt-finalize.server";
import { recordAudit } from "./audit.server";
import { isInScope, type Scope } from "./orgs.server";
import { loadPool, pinsOf } from "./question-pool.server";

export class ExamStateError extends Error {}

export function parsePaperSpec(exam: Pick<Exam, "paper_spec">): PaperSpec {
  return PaperSpecSchema.parse(JSON.parse(exam.paper_spec));
}

export function parseAudience(exam: Pick<Exam, "audience">): AudienceSpec {
  return AudienceSpecSchema.parse(JSON.parse(exam.audience));
}

export function gradingRulesOf(exam: Pick<Exam, "multiple_policy" | "pass_mark" | "section_minimums">): GradingRules {
  return { multiplePolicy: exam.multiple_policy, passMark: exam.pass_mark, sectionMinimums: Boolean(exam.section_minimums) };
}

function definitionColumns(def: ExamDefinition) {
  return {
    kind: def.kind,
    title: def.title,
    description: def.description,
    period: def.period,
    opens_at: def.opensAt.toISOString(),
    closes_at: def.closesAt.toISOString(),
    duration_minutes: def.durationMinutes,
    pass_mark: def.passMark,
    section_minimums: def.sectionMinimums ? 1 : 0,
    attempts_allowed: def.attemptsAllowed,
    review_policy: def.reviewPolicy,
    multiple_policy: def.multiplePolicy,
    shuffle_questions: def.paper.shuffleQuestions ? 1 : 0,
    shuffle_options: def.paper.shuffleOptions ? 1 : 0,
    grace_seconds: def.graceSeconds,
    audience: JSON.stringify(def.audience),
    paper_spec: JSON.stringify(def.paper),
  };
}

export async function createExam(
  db: DB,
  input: { definition: ExamDefinition; ownerOrgId: number; createdBy: number | null; now: Date },
): Promise<number> {
  const stamp = input.now.toISOString();
  const row = await db
    .insertInto("exams")
    .values({
      ...definitionColumns(input.definition),
      owner_org_id: input.ownerOrgId,
      status: "draft",
      created_by: input.createdBy,
      created_at: stamp,
      updated_at: stamp,
      published_at: null,
      closed_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Only a draft can be edited; a published exam keeps its definition (attempts froze theirs anyway). */
export async function updateDraftExam(db: DB, input: { examId: number; definition: ExamDefinition; now: Date }): Promise<void> {
  const result = await db
    .updateTable("exams")
    .set({ ...definitionColumns(input.definition), updated_at: input.now.toISOString() })
    .where("id", "=", input.examId)
    .where("status", "=", "draft")
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ExamStateError("只有草稿状态的考试可以修改");
}

/** An exam, when its owner org is within the scope. */
export async function getExamInScope(db: DB, scope: Scope, examId: number) {
  const exam = await db
    .selectFrom("exams")
    .innerJoin("orgs", "orgs.id", "exams.owner_org_id")
    .selectAll("exams")
    .select("orgs.path as ownerPath")
    .where("exams.id", "=", examId)
    .executeTakeFirst();
  if (!exam || !isInScope(scope, { path: exam.ownerPath })) return undefined;
  return exam;
}

export async function getExam(db: DB, examId: number): Promise<Exam | undefined> {
  return db.selectFrom("exams").selectAll().where("id", "=", examId).executeTakeFirst();
}

export async function paperProblems(db: DB, spec: PaperSpec): Promise<PaperProblem[]> {
  return checkPaperSpec(spec, await loadPool(db, pinsOf(spec)));
}

/** The cadres an audience spec selects within the owner's subtree (active accounts only). */
export async function resolveAudience(db: DB, input: { ownerOrgId: number; spec: AudienceSpec }): Promise<number[]> {
  const owner = await db.selectFrom("orgs").select("path").where("id", "=", input.ownerOrgId).executeTakeFirstOrThrow();
  const candidates = await db
    .selectFrom("users")
    .innerJoin("orgs", "orgs.id", "users.org_id")
    .select(["users.id", "orgs.path as orgPath", "users.rank", "users.is_leader", "users.is_party_member"])
    .where("users.active", "=", 1)
    .where("orgs.path", "like", `${owner.path}%`)
    .execute();
  const orgs = await db.selectFrom("orgs").select(["id", "path"]).where("path", "like", `${owner.path}%`).execute();
  return selectAudience(
    input.spec,
    candidates.map((c) => ({ id: c.id, orgPath: c.orgPath, rank: c.rank, isLeader: Boolean(c.is_leader), isPartyMember: Boolean(c.is_party_member) })),
    new Map(orgs.map((o) => [o.id, o.path])),
  );
}

export type PublishResult = { ok: true; audienceSize: number } | { ok: false; problems: string[] };

/**
 * Publishing checks that every section can be filled from its pinned bank versions and
 * that the audience is not empty, then materializes the audience.
 */
export async function publishExam(
  db: DB,
  input: { examId: number; actorId: number | null; ip: string | null; now: Date },
): Promise<PublishResult> {
  const exam = await getExam(db, input.examId);
  if (!exam) return { ok: false, problems: ["考试不存在"] };
  if (exam.status !== "draft") return { ok: false, problems: ["只有草稿可以发布"] };
  const problems = (await paperProblems(db, parsePaperSpec(exam))).map((p) => p.message);
  const audience = await resolveAudience(db, { ownerOrgId: exam.owner_org_id, spec: parseAudience(exam) });
  if (audience.length === 0) problems.push("参考范围内没有干部，请调整参考人员");
  if (problems.length > 0) return { ok: false, problems };

  const stamp = input.now.toISOString();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < audience.length; i += 300) {
      await trx
        .insertInto("exam_audience")
        .values(
          audience.slice(i, i + 300).map((userId) => ({
            exam_id: exam.id,
            user_id: userId,
            org_id: sql<number>`(select org_id from users where id = ${userId})`,
            extra_minutes: 0,
            extra_attempts: 0,
            added_at: stamp,
            note: null,
          })),
        )
        .onConflict((oc) => oc.columns(["exam_id", "user_id"]).doNothing())
        .execute();
    }
    await trx.updateTable("exams").set({ status: "published", published_at: stamp, updated_at: stamp }).where("id", "=", exam.id).execute();
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "exam.publish",
      target: `exam:${exam.id}`,
      detail: { title: exam.title, audience: audience.length },
      ip: input.ip,
      now: input.now,
    });
  });
  return { ok: true, audienceSize: audience.length };
}

/**
 * Closes a published exam (early, or as the demo's past quarters). Every attempt still open
 * is finalized at once, graded with what was saved; saves after this get the closed message.
 */
export async function closeExam(db: DB, input: { examId: number; actorId: number | null; ip: string | null; now: Date }): Promise<{ finalized: number }> {
  const stamp = input.now.toISOString();
  const result = await db
    .updateTable("exams")
    .set({ status: "closed", closed_at: stamp, updated_at: stamp })
    .where("id", "=", input.examId)
    .where("status", "=", "published")
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ExamStateError("只有已发布的考试可以关闭");
  // No new attempt can start now (the exam is closed), so this list is complete.
  const open = await db.selectFrom("attempts").select("id").where("exam_id", "=", input.examId).where("status", "=", "in_progress").execute();
  await finalizeAttempts(db, open.map((a) => a.id), input.now);
  await recordAudit(db, { actorId: input.actorId, action: "exam.close", target: `exam:${input.examId}`, detail: { finalized: open.length }, ip: input.ip, now: input.now });
  return { finalized: open.length };
}

/** Exams a cadre is assigned to, with their attempts so far, for 我的考试. */
export async function listExamsForCadre(db: DB, userId: number) {
  const exams = await db
    .selectFrom("exam_audience")
    .innerJoin("exams", "exams.id", "exam_audience.exam_id")
    .selectAll("exams")
    .select(["exam_audience.extra_attempts", "exam_audience.extra_minutes"])
    .where("exam_audience.user_id", "=", userId)
    .where("exams.status", "!=", "draft")
    .orderBy("exams.closes_at", "asc")
    .execute();
  const attempts = await db
    .selectFrom("attempts")
    .select(["id", "exam_id", "status", "score", "max_score", "passed", "pending_manual", "started_at", "deadline_at", "finished_at"])
    .where("user_id", "=", userId)
    .orderBy("id", "asc")
    .execute();
  return exams.map((exam) => ({ exam, attempts: attempts.filter((a) => a.exam_id === exam.id) }));
}

/** The audience row of one cadre for one exam (undefined = not assigned). */
export async function getAssignment(db: DB, examId: number, userId: number) {
  return db.selectFrom("exam_audience").selectAll().where("exam_id", "=", examId).where("user_id", "=", userId).executeTakeFirst();
}
