/**
 * Organizers' exam management: every function takes the organizer's scope and answers
 * `not_found` for an exam whose owner org lies outside it, so a route cannot forget the
 * check (invariant 6). Every change is audited with who did it.
 */
import { sql } from "kysely";

import type { DB } from "../../db/client";
import type { Exam, ExamKind } from "../../db/schema";
import type { ExamPhase } from "~/domain/exams/exam-phase";
import { nextQuarterDefinition } from "~/domain/exams/next-quarter";
import type { PaperProblem } from "~/domain/exams/types";
import type { ExamDefinition } from "~/schemas/exams.server";

import { recordAudit } from "./audit.server";
import {
  closeExam,
  createExam,
  ExamStateError,
  getExamInScope,
  paperProblems,
  parseAudience,
  parsePaperSpec,
  publishExam,
  resolveAudience,
  updateDraftExam,
} from "./exams.server";
import type { Scope } from "./orgs.server";

export type ExamListFilter = { period?: string; kind?: ExamKind; phase?: ExamPhase };

/**
 * Exams whose owner org is in the scope, newest window first, filtered by period, kind and
 * phase; for a branch organizer also the published exams of the organizations above them
 * that assigned cadres of their subtree (`fromAbove`: they see those exams' live view and
 * report for their own cadres only, and the audience size counts only those).
 */
export async function listExamsInScope(db: DB, scope: Scope, filter: ExamListFilter, now: Date) {
  const stamp = now.toISOString();
  let query = db
    .selectFrom("exams")
    .innerJoin("orgs", "orgs.id", "exams.owner_org_id")
    .select([
      "exams.id",
      "exams.kind",
      "exams.title",
      "exams.period",
      "exams.status",
      "exams.opens_at",
      "exams.closes_at",
      "orgs.name as ownerName",
    ])
    .select((eb) => {
      let audience = eb
        .selectFrom("exam_audience")
        .innerJoin("orgs as audience_org", "audience_org.id", "exam_audience.org_id")
        .select((a) => a.fn.countAll<number>().as("n"))
        .whereRef("exam_audience.exam_id", "=", "exams.id");
      if (scope.kind === "subtree") audience = audience.where("audience_org.path", "like", `${scope.path}%`);
      return audience.as("audienceSize");
    })
    .select(scope.kind === "subtree" ? sql<number>`case when orgs.path like ${`${scope.path}%`} then 0 else 1 end`.as("fromAbove") : sql<number>`0`.as("fromAbove"));
  if (scope.kind === "subtree") {
    query = query.where((eb) =>
      eb.or([
        eb("orgs.path", "like", `${scope.path}%`),
        eb.and([
          eb("exams.status", "!=", "draft"),
          sql<boolean>`${scope.path} like (orgs.path || '%')`,
          eb.exists(
            eb
              .selectFrom("exam_audience as mine")
              .innerJoin("orgs as mine_org", "mine_org.id", "mine.org_id")
              .select("mine.user_id")
              .whereRef("mine.exam_id", "=", "exams.id")
              .where("mine_org.path", "like", `${scope.path}%`),
          ),
        ]),
      ]),
    );
  }
  if (filter.period) query = query.where("exams.period", "=", filter.period);
  if (filter.kind) query = query.where("exams.kind", "=", filter.kind);
  // The same rule as examPhase, in SQL: instants are ISO strings in UTC, so they compare as text.
  switch (filter.phase) {
    case "draft":
      query = query.where("exams.status", "=", "draft");
      break;
    case "published":
      query = query.where("exams.status", "=", "published").where("exams.opens_at", ">", stamp);
      break;
    case "running":
      query = query.where("exams.status", "=", "published").where("exams.opens_at", "<=", stamp).where("exams.closes_at", ">", stamp);
      break;
    case "ended":
      query = query.where((eb) =>
        eb.or([eb("exams.status", "=", "closed"), eb.and([eb("exams.status", "=", "published"), eb("exams.closes_at", "<=", stamp)])]),
      );
      break;
  }
  return query.orderBy("exams.opens_at", "desc").orderBy("exams.id", "desc").limit(500).execute();
}

/** The periods that exams in the scope have, newest first, for the list's filter. */
export async function listExamPeriods(db: DB, scope: Scope): Promise<string[]> {
  let query = db
    .selectFrom("exams")
    .innerJoin("orgs", "orgs.id", "exams.owner_org_id")
    .select("exams.period")
    .distinct()
    .where("exams.period", "is not", null);
  if (scope.kind === "subtree") query = query.where("orgs.path", "like", `${scope.path}%`);
  const rows = await query.orderBy("exams.period", "desc").execute();
  return rows.map((r) => r.period).filter((p): p is string => p !== null);
}

/** A stored exam as the definition it was made from (for editing and copying). */
export function definitionOf(exam: Exam): ExamDefinition {
  return {
    kind: exam.kind,
    title: exam.title,
    description: exam.description,
    period: exam.period,
    opensAt: new Date(exam.opens_at),
    closesAt: new Date(exam.closes_at),
    durationMinutes: exam.duration_minutes,
    passMark: exam.pass_mark,
    sectionMinimums: Boolean(exam.section_minimums),
    attemptsAllowed: exam.attempts_allowed,
    reviewPolicy: exam.review_policy,
    multiplePolicy: exam.multiple_policy,
    graceSeconds: exam.grace_seconds,
    audience: parseAudience(exam),
    paper: parsePaperSpec(exam),
  };
}

type Actor = { actorId: number; ip: string | null; now: Date };

export async function createExamAudited(db: DB, input: Actor & { definition: ExamDefinition; ownerOrgId: number }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const examId = await createExam(trx, { definition: input.definition, ownerOrgId: input.ownerOrgId, createdBy: input.actorId, now: input.now });
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "exam.create",
      target: `exam:${examId}`,
      detail: { title: input.definition.title, period: input.definition.period, ownerOrgId: input.ownerOrgId },
      ip: input.ip,
      now: input.now,
    });
    return examId;
  });
}

export type ChangeResult = { kind: "done" } | { kind: "not_found" } | { kind: "refused"; message: string };

/** Saves a draft's definition (and owner); a published or closed exam is refused and unchanged. */
export async function saveDraftExam(
  db: DB,
  scope: Scope,
  input: Actor & { examId: number; definition: ExamDefinition; ownerOrgId: number },
): Promise<ChangeResult> {
  const exam = await getExamInScope(db, scope, input.examId);
  if (!exam) return { kind: "not_found" };
  try {
    await db.transaction().execute(async (trx) => {
      await updateDraftExam(trx, { examId: exam.id, definition: input.definition, now: input.now });
      await trx.updateTable("exams").set({ owner_org_id: input.ownerOrgId }).where("id", "=", exam.id).where("status", "=", "draft").execute();
      await recordAudit(trx, {
        actorId: input.actorId,
        action: "exam.update",
        target: `exam:${exam.id}`,
        detail: { title: input.definition.title, period: input.definition.period, ownerOrgId: input.ownerOrgId },
        ip: input.ip,
        now: input.now,
      });
    });
  } catch (error) {
    if (error instanceof ExamStateError) return { kind: "refused", message: error.message };
    throw error;
  }
  return { kind: "done" };
}

export type PublishOutcome =
  | { kind: "published"; audienceSize: number }
  | { kind: "not_found" }
  /** `sections` holds the paper's problems by section, so the builder can show each next to its section. */
  | { kind: "refused"; problems: string[]; sections: PaperProblem[]; audienceEmpty: boolean };

/** Publishes with publishExam's checks (every section can be filled, the audience is not empty). */
export async function publishExamInScope(db: DB, scope: Scope, input: Actor & { examId: number }): Promise<PublishOutcome> {
  const exam = await getExamInScope(db, scope, input.examId);
  if (!exam) return { kind: "not_found" };
  const result = await publishExam(db, { examId: exam.id, actorId: input.actorId, ip: input.ip, now: input.now });
  if (result.ok) return { kind: "published", audienceSize: result.audienceSize };
  if (exam.status !== "draft") return { kind: "refused", problems: result.problems, sections: [], audienceEmpty: false };
  const sections = await paperProblems(db, parsePaperSpec(exam));
  const audience = await resolveAudience(db, { ownerOrgId: exam.owner_org_id, spec: parseAudience(exam) });
  return { kind: "refused", problems: result.problems, sections, audienceEmpty: audience.length === 0 };
}

/**
 * What publishing would do now, without doing it: how many cadres it would assign and why it
 * would be refused, for the one confirmation 发布 asks.
 */
export async function publishPreview(db: DB, scope: Scope, examId: number) {
  const exam = await getExamInScope(db, scope, examId);
  if (!exam) return null;
  const sections = await paperProblems(db, parsePaperSpec(exam));
  const audienceSize = (await resolveAudience(db, { ownerOrgId: exam.owner_org_id, spec: parseAudience(exam) })).length;
  const problems = sections.map((p) => p.message);
  if (audienceSize === 0) problems.push("参考范围内没有干部，请调整参考人员");
  return { audienceSize, problems, sections, audienceEmpty: audienceSize === 0 };
}

/** Deletes a draft (never a published exam: it has an audience and perhaps attempts). */
export async function deleteDraftExam(db: DB, scope: Scope, input: Actor & { examId: number }): Promise<ChangeResult> {
  const exam = await getExamInScope(db, scope, input.examId);
  if (!exam) return { kind: "not_found" };
  if (exam.status !== "draft") return { kind: "refused", message: "只有草稿可以删除；已发布的考试可以提前结束" };
  const deleted = await db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom("exams").where("id", "=", exam.id).where("status", "=", "draft").executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "exam.delete",
      target: `exam:${exam.id}`,
      detail: { title: exam.title, period: exam.period, ownerOrgId: exam.owner_org_id },
      ip: input.ip,
      now: input.now,
    });
    return true;
  });
  return deleted ? { kind: "done" } : { kind: "refused", message: "只有草稿可以删除" };
}

/** Ends a published exam early; open attempts are finalized by the sweep. */
export async function closeExamInScope(db: DB, scope: Scope, input: Actor & { examId: number }): Promise<ChangeResult> {
  const exam = await getExamInScope(db, scope, input.examId);
  if (!exam) return { kind: "not_found" };
  try {
    await closeExam(db, { examId: exam.id, actorId: input.actorId, ip: input.ip, now: input.now });
  } catch (error) {
    if (error instanceof ExamStateError) return { kind: "refused", message: error.message };
    throw error;
  }
  return { kind: "done" };
}

/** A new draft for the next quarter: same paper, audience and rules; title, period and window moved on. */
export async function copyExamToNextQuarter(
  db: DB,
  scope: Scope,
  input: Actor & { examId: number; timeZone: string },
): Promise<{ kind: "copied"; examId: number } | { kind: "not_found" }> {
  const exam = await getExamInScope(db, scope, input.examId);
  if (!exam) return { kind: "not_found" };
  const definition = nextQuarterDefinition(definitionOf(exam), input.timeZone);
  const examId = await db.transaction().execute(async (trx) => {
    const id = await createExam(trx, { definition, ownerOrgId: exam.owner_org_id, createdBy: input.actorId, now: input.now });
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "exam.copy",
      target: `exam:${id}`,
      detail: { from: exam.id, fromTitle: exam.title, title: definition.title, period: definition.period },
      ip: input.ip,
      now: input.now,
    });
    return id;
  });
  return { kind: "copied", examId };
}

/** How many cadres an exam is for: the materialized audience once published, the spec's selection before. */
export async function audienceSizeOf(db: DB, exam: Exam): Promise<number> {
  if (exam.status === "draft") return (await resolveAudience(db, { ownerOrgId: exam.owner_org_id, spec: parseAudience(exam) })).length;
  const row = await db
    .selectFrom("exam_audience")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("exam_id", "=", exam.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
