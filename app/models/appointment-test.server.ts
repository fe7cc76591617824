/**
 * The test step of a pre-appointment case, through the exam models: a real pre_appointment
 * exam for one cadre (createExam, publishExam), its attempts (startAttempt draws a fresh
 * paper for each), the one makeup as the 补考 mechanism's extra attempt on the audience
 * row, and the cadre's earlier passes that may be reused (ADR 0015).
 */
import type { DB } from "../../db/client";
import { EVERYONE } from "~/domain/audience";
import { dateIn, isPassValidOn, passValidUntil } from "~/domain/appointments/calendar";
import { type AppointmentRules, hasSectionMinimums, rulesPaperSpec } from "~/domain/appointments/rules";
import type { PaperSpec } from "~/domain/exams/types";
import type { ExamDefinition } from "~/schemas/exams.server";

import { newestBankPins } from "./appointment-settings.server";
import { finalizeIfExpired } from "./attempt-finalize.server";
import { recordAudit } from "./audit.server";
import { createExam, getExamInScope, paperProblems, parsePaperSpec, publishExam } from "./exams.server";
import type { Scope } from "./orgs.server";

export const MAKEUP_NOTE = "任前考试首次未通过，按局设置补考一次";

/** The case an exam was made for, if any. */
export async function caseOfExam(db: DB, examId: number) {
  return db
    .selectFrom("appointment_cases")
    .select(["id", "cadre_id", "post", "open_book", "status", "test_result", "rules"])
    .where("exam_id", "=", examId)
    .executeTakeFirst();
}

export type TestPaper =
  | { ok: true; paper: PaperSpec; sectionMinimums: boolean; multiplePolicy: ExamDefinition["multiplePolicy"]; maxScore: number }
  | { ok: false; field: "templateExamId" | "testSource"; message: string };

function maxScoreOf(paper: PaperSpec): number {
  return paper.sections.reduce((sum, s) => sum + s.count * s.points, 0);
}

/**
 * The paper of a case's test: the bureau's standard paper (every bank's newest version), or
 * the paper of a pre_appointment exam the organizer picked in their scope. Either must be
 * fillable and reach the bureau's pass mark.
 */
export async function choosePaper(db: DB, scope: Scope, input: { rules: AppointmentRules; templateExamId: number | null }): Promise<TestPaper> {
  let paper: PaperSpec;
  let sectionMinimums: boolean;
  let multiplePolicy: ExamDefinition["multiplePolicy"] = "partial_half";
  let field: "templateExamId" | "testSource" = "testSource";
  if (input.templateExamId !== null) {
    field = "templateExamId";
    const template = await getExamInScope(db, scope, input.templateExamId);
    if (!template || template.kind !== "pre_appointment" || (await caseOfExam(db, template.id))) {
      return { ok: false, field, message: "请选择您管理范围内的任前考试作为试卷" };
    }
    paper = parsePaperSpec(template);
    sectionMinimums = Boolean(template.section_minimums);
    multiplePolicy = template.multiple_policy;
  } else {
    const banks = await newestBankPins(db);
    if (banks.length === 0) return { ok: false, field, message: "系统中还没有题库，无法组卷" };
    paper = rulesPaperSpec(input.rules, banks);
    sectionMinimums = hasSectionMinimums(input.rules);
  }
  const maxScore = maxScoreOf(paper);
  if (maxScore < input.rules.passMark) return { ok: false, field, message: `试卷满分 ${maxScore} 分，低于局设置的及格线 ${input.rules.passMark} 分` };
  const problems = await paperProblems(db, paper);
  if (problems.length > 0) return { ok: false, field, message: `题库题量不足：${problems.map((p) => p.message).join("；")}` };
  return { ok: true, paper, sectionMinimums, multiplePolicy, maxScore };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Creates and publishes the case's exam for exactly this cadre; null with the problems when publishing refused. */
export async function createCaseExam(
  db: DB,
  input: {
    cadre: { id: number; name: string; orgId: number };
    post: string;
    documentNo: string | null;
    openBook: boolean;
    rules: AppointmentRules;
    paper: Extract<TestPaper, { ok: true }>;
    actorId: number;
    ip: string | null;
    now: Date;
  },
): Promise<{ ok: true; examId: number } | { ok: false; message: string }> {
  const { rules, paper } = input;
  const definition: ExamDefinition = {
    kind: "pre_appointment",
    title: clip(`任前廉政法规考试（${input.cadre.name}，拟任${input.post}）`, 80),
    description: clip(
      `${input.cadre.name}同志拟任${input.post}${input.documentNo ? `（${input.documentNo}）` : ""}的任前考试，${input.openBook ? "开卷" : "闭卷"}。` +
        (rules.makeupAllowed ? "未通过的可补考一次，补考重新抽题。" : "不安排补考。"),
      2000,
    ),
    period: null,
    opensAt: input.now,
    closesAt: new Date(input.now.getTime() + rules.windowDays * 24 * 3600_000),
    durationMinutes: rules.durationMinutes,
    passMark: rules.passMark,
    sectionMinimums: paper.sectionMinimums,
    attemptsAllowed: 1,
    // The makeup draws a new paper from the same banks: answers are shown only after the window closes.
    reviewPolicy: "after_close",
    multiplePolicy: paper.multiplePolicy,
    graceSeconds: 30,
    audience: { ...EVERYONE, userIds: [input.cadre.id], namedOnly: true },
    paper: paper.paper,
  };
  const examId = await createExam(db, { definition, ownerOrgId: input.cadre.orgId, createdBy: input.actorId, now: input.now });
  const published = await publishExam(db, { examId, actorId: input.actorId, ip: input.ip, now: input.now });
  if (!published.ok) {
    await db.deleteFrom("exams").where("id", "=", examId).where("status", "=", "draft").execute();
    return { ok: false, message: published.problems.join("；") };
  }
  // Named for this case: the test follows the cadre if they move before taking it (audience-sync keeps manual rows).
  await db.updateTable("exam_audience").set({ manual: 1 }).where("exam_id", "=", examId).where("user_id", "=", input.cadre.id).execute();
  return { ok: true, examId };
}

/** The case exam's attempts of its cadre in order, with expired open ones finalized first. */
export async function caseAttempts(db: DB, input: { examId: number; cadreId: number; now: Date }) {
  const rows = await db
    .selectFrom("attempts")
    .selectAll()
    .where("exam_id", "=", input.examId)
    .where("user_id", "=", input.cadreId)
    .orderBy("attempt_no")
    .execute();
  const current = [];
  for (const row of rows) current.push(await finalizeIfExpired(db, row, input.now));
  return current;
}

/** Gives the cadre the makeup attempt (once: a repeat changes nothing). Runs in the caller's transaction. */
export async function openMakeup(db: DB, input: { caseId: number; examId: number; cadreId: number; now: Date }): Promise<void> {
  const result = await db
    .updateTable("exam_audience")
    .set({ extra_attempts: 1, note: MAKEUP_NOTE })
    .where("exam_id", "=", input.examId)
    .where("user_id", "=", input.cadreId)
    .where("extra_attempts", "=", 0)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return;
  const cadre = await db.selectFrom("users").select(["employee_no", "name"]).where("id", "=", input.cadreId).executeTakeFirstOrThrow();
  await recordAudit(db, {
    actorId: null,
    action: "exam.makeup",
    target: `exam:${input.examId}`,
    detail: { employeeNo: cadre.employee_no, name: cadre.name, attemptsAllowed: 2, reason: MAKEUP_NOTE, caseId: input.caseId },
    now: input.now,
  });
}

export type EarlierPass = { attemptId: number; examTitle: string; score: number; maxScore: number; passedAt: string; passedOn: string; validUntil: string };

/**
 * The cadre's passed pre_appointment tests still valid on `decidedOn` (newest first): the
 * pass date and the validity boundary are reckoned in the bureau's time zone.
 */
export async function validEarlierPasses(
  db: DB,
  input: { cadreId: number; decidedOn: string; validityYears: number; timeZone: string },
): Promise<EarlierPass[]> {
  const rows = await db
    .selectFrom("attempts")
    .innerJoin("exams", "exams.id", "attempts.exam_id")
    .select(["attempts.id", "attempts.score", "attempts.max_score", "attempts.finished_at", "exams.title"])
    .where("attempts.user_id", "=", input.cadreId)
    .where("exams.kind", "=", "pre_appointment")
    .where("attempts.status", "!=", "in_progress")
    .where("attempts.passed", "=", 1)
    .where("attempts.pending_manual", "=", 0)
    .orderBy("attempts.finished_at", "desc")
    .execute();
  return rows
    .filter((r) => r.finished_at && isPassValidOn({ passedAt: r.finished_at, validityYears: input.validityYears, on: input.decidedOn, timeZone: input.timeZone }))
    .map((r) => ({
      attemptId: r.id,
      examTitle: r.title,
      score: r.score ?? 0,
      maxScore: r.max_score,
      passedAt: r.finished_at!,
      passedOn: dateIn(r.finished_at!, input.timeZone),
      validUntil: passValidUntil(r.finished_at!, input.validityYears, input.timeZone),
    }));
}


/** Pre-appointment exams in scope that an organizer built as a paper (not those made for a case): the template choices. */
export async function listTemplateExams(db: DB, scope: Scope) {
  let query = db
    .selectFrom("exams")
    .innerJoin("orgs", "orgs.id", "exams.owner_org_id")
    .select(["exams.id", "exams.title", "exams.status"])
    .where("exams.kind", "=", "pre_appointment")
    .where((eb) => eb.not(eb.exists(eb.selectFrom("appointment_cases").select("appointment_cases.id").whereRef("appointment_cases.exam_id", "=", "exams.id"))));
  if (scope.kind === "subtree") query = query.where("orgs.path", "like", `${scope.path}%`);
  return query.orderBy("exams.id", "desc").limit(100).execute();
}
