/**
 * Pre-appointment cases (任前事项): opening one, the cadre's signature, the talk, the
 * organizer's decisions, and the test results taken from the case's exam. Every change
 * goes through the pure state machine (app/domain/appointments/case-machine.ts) and is
 * written with its history rows in one transaction, guarded by the case's revision, so
 * two concurrent changes cannot both apply. Organizer functions take the scope and answer
 * `not_found` outside it; the cadre's functions have the cadre in the where-clause.
 */
import type { Updateable } from "kysely";

import type { DB } from "../../db/client";
import type { AppointmentCase, AppointmentCaseTable } from "../../db/schema";
import { dateIn, isOpenBook } from "~/domain/appointments/calendar";
import {
  type CaseEvent,
  type CaseSnapshot,
  closedMessage,
  type HistoryEntry,
  isClosed,
  type TestStep,
  transition,
  transitionAll,
} from "~/domain/appointments/case-machine";
import { type Talker, typedNameMatches } from "~/domain/appointments/commitment";
import type { CaseCreateInput } from "~/schemas/appointments.server";
import { parseRules } from "~/schemas/appointments.server";

import { bureauOf, currentCommitmentText, getRules } from "./appointment-settings.server";
import { caseAttempts, choosePaper, createCaseExam, openMakeup, validEarlierPasses } from "./appointment-test.server";
import { recordAudit } from "./audit.server";
import { normalizeEmployeeNo } from "./login.server";
import { isInScope, type Scope } from "./orgs.server";

export type CaseActor = { actorId: number | null; ip: string | null; now: Date };

export function snapshotOf(row: AppointmentCase): CaseSnapshot {
  let test: TestStep;
  switch (row.test_result) {
    case "passed":
    case "reused":
      test = { result: row.test_result, score: row.test_score ?? 0, passedAt: row.test_passed_at ?? row.updated_at };
      break;
    case "failed":
      test = { result: "failed", failures: row.test_failures };
      break;
    default:
      test = { result: "pending", failures: row.test_failures, makeupOpen: row.makeup_opened_at !== null };
  }
  return { status: row.status, commitment: row.commitment_signed_at ? "done" : "pending", talk: row.talk_on ? "done" : "pending", test };
}

export type ChangeOutcome = { kind: "done"; row: AppointmentCase; history: HistoryEntry[] } | { kind: "not_found" } | { kind: "refused"; field?: string; message: string };

const STALE = "该任前事项刚刚被更新，请刷新页面后重试";

/**
 * Runs events through the state machine and writes the result: the case's columns (plus
 * `extra`, e.g. the signature), one history row per entry, the makeup and the audit
 * entry, all in one transaction. Nothing is written when the machine refuses.
 */
async function applyEvents(
  db: DB,
  row: AppointmentCase,
  events: CaseEvent[],
  actor: CaseActor & { reason?: string | null },
  extra: Updateable<AppointmentCaseTable> = {},
): Promise<ChangeOutcome> {
  const result = transitionAll(snapshotOf(row), events, parseRules(row.rules));
  if (!result.ok) return { kind: "refused", message: result.message };
  const { next } = result;
  const stamp = actor.now.toISOString();
  const graded = events.filter((e): e is Extract<CaseEvent, { kind: "attempt_graded" }> => e.kind === "attempt_graded");
  const test = next.test;
  const columns: Updateable<AppointmentCaseTable> = {
    status: next.status,
    test_result: test.result,
    test_failures: test.result === "pending" || test.result === "failed" ? test.failures : row.test_failures,
    test_score: test.result === "passed" || test.result === "reused" ? test.score : (graded.at(-1)?.score ?? row.test_score),
    test_passed_at: test.result === "passed" || test.result === "reused" ? test.passedAt : row.test_passed_at,
    makeup_opened_at: result.openMakeup ? stamp : row.makeup_opened_at,
    closed_at: isClosed(next.status) && !isClosed(row.status) ? stamp : row.closed_at,
    notice: result.notice ?? row.notice,
    updated_at: stamp,
    revision: row.revision + 1,
    ...extra,
  };
  return db.transaction().execute(async (trx): Promise<ChangeOutcome> => {
    const updated = await trx
      .updateTable("appointment_cases")
      .set(columns)
      .where("id", "=", row.id)
      .where("revision", "=", row.revision)
      .returningAll()
      .executeTakeFirst();
    if (!updated) return { kind: "refused", message: STALE };
    if (result.history.length > 0) {
      await trx
        .insertInto("appointment_case_events")
        .values(
          result.history.map((entry) => ({
            case_id: row.id,
            at: stamp,
            actor_id: actor.actorId,
            kind: entry.kind,
            from_status: entry.from,
            to_status: entry.to,
            note: entry.note,
            reason: actor.reason ?? null,
            ip: actor.ip,
          })),
        )
        .execute();
    }
    if (result.openMakeup && row.exam_id !== null) await openMakeup(trx, { caseId: row.id, examId: row.exam_id, cadreId: row.cadre_id, now: actor.now });
    if (graded.length > 0) {
      await recordAudit(trx, {
        actorId: null,
        action: "appointment.test",
        target: `appointment:${row.id}`,
        detail: { results: graded.map((g) => ({ passed: g.passed, score: g.score })), status: next.status, notice: result.notice },
        now: actor.now,
      });
    }
    return { kind: "done", row: updated, history: result.history };
  });
}

function caseQuery(db: DB) {
  return db
    .selectFrom("appointment_cases as c")
    .innerJoin("users as u", "u.id", "c.cadre_id")
    .innerJoin("orgs as o", "o.id", "c.org_id")
    .innerJoin("users as m", "m.id", "c.organizer_id")
    .selectAll("c")
    .select(["u.name as cadreName", "u.employee_no as employeeNo", "u.birth_date as birthDate", "o.name as orgName", "o.path as orgPath", "m.name as organizerName"]);
}

export type CaseView = NonNullable<Awaited<ReturnType<typeof getCase>>>;

async function getCase(db: DB, caseId: number) {
  return caseQuery(db).where("c.id", "=", caseId).executeTakeFirst();
}

/** A case whose organization lies in the scope; undefined otherwise (the route answers 404). */
export async function getCaseInScope(db: DB, scope: Scope, caseId: number): Promise<CaseView | undefined> {
  const found = await getCase(db, caseId);
  if (!found || !isInScope(scope, { path: found.orgPath })) return undefined;
  return found;
}

/** A case of this cadre only: ownership is in the where-clause. */
export async function getOwnCase(db: DB, userId: number, caseId: number): Promise<CaseView | undefined> {
  return caseQuery(db).where("c.id", "=", caseId).where("c.cadre_id", "=", userId).executeTakeFirst();
}

export async function listCaseHistory(db: DB, caseId: number) {
  return db
    .selectFrom("appointment_case_events as e")
    .leftJoin("users", "users.id", "e.actor_id")
    .select(["e.id", "e.at", "e.kind", "e.from_status", "e.to_status", "e.note", "e.reason", "e.ip", "users.name as actorName", "users.employee_no as actorEmployeeNo"])
    .where("e.case_id", "=", caseId)
    .orderBy("e.id")
    .execute();
}

/** Reads the stored talkers (zod is kept out of this hot path: the model wrote them). */
export function talkersOf(row: Pick<AppointmentCase, "talk_by">): Talker[] {
  if (!row.talk_by) return [];
  const parsed = JSON.parse(row.talk_by) as unknown;
  return Array.isArray(parsed) ? parsed.filter((t): t is Talker => typeof t?.name === "string").map((t) => ({ name: t.name, post: String(t.post ?? "") })) : [];
}

// ——— Opening a case ———

export type CreateOutcome = { kind: "created"; caseId: number } | { kind: "refused"; fieldErrors: Record<string, string> };

/** Organizers and administrators who can manage a cadre of this organization (the choices for 负责人). */
export async function listResponsibleOrganizers(db: DB, scope: Scope, orgPath: string | null) {
  const rows = await db
    .selectFrom("users")
    .leftJoin("orgs", "orgs.id", "users.scope_org_id")
    .select(["users.id", "users.name", "users.employee_no", "users.role", "orgs.name as scopeName", "orgs.path as scopePath"])
    .where("users.active", "=", 1)
    .where("users.role", "in", ["organizer", "admin"])
    .orderBy("users.employee_no")
    .execute();
  return rows.filter((u) => {
    if (u.role === "admin") return scope.kind === "all";
    if (!u.scopePath) return false;
    const insideMine = scope.kind === "all" || u.scopePath.startsWith(scope.path);
    return insideMine && (orgPath === null || orgPath.startsWith(u.scopePath));
  });
}

/** The cadre an organizer may open a case for: active, in scope. */
export async function findCadreInScope(db: DB, scope: Scope, employeeNo: string) {
  const cadre = await db
    .selectFrom("users")
    .innerJoin("orgs", "orgs.id", "users.org_id")
    .select(["users.id", "users.name", "users.employee_no", "users.org_id", "users.birth_date", "users.rank", "orgs.name as orgName", "orgs.path as orgPath"])
    .where("users.employee_no", "=", normalizeEmployeeNo(employeeNo))
    .where("users.active", "=", 1)
    .executeTakeFirst();
  if (!cadre || !isInScope(scope, { path: cadre.orgPath })) return undefined;
  return cadre;
}

export async function openCaseOf(db: DB, cadreId: number) {
  return db.selectFrom("appointment_cases").select(["id", "post"]).where("cadre_id", "=", cadreId).where("status", "=", "open").executeTakeFirst();
}

/**
 * Opens a case: checks the cadre, the responsible organizer and the test choice, then
 * makes the cadre's pre_appointment exam (or records the reused pass) and the case with
 * its first history rows. The bureau's rules are copied onto the case.
 */
export async function createCase(db: DB, scope: Scope, input: CaseCreateInput & CaseActor & { actorId: number; timeZone: string }): Promise<CreateOutcome> {
  const refuse = (field: string, message: string): CreateOutcome => ({ kind: "refused", fieldErrors: { [field]: message } });
  const cadre = await findCadreInScope(db, scope, input.employeeNo);
  if (!cadre) return refuse("employeeNo", `工号 ${input.employeeNo} 不是您管理范围内的在册干部`);
  const open = await openCaseOf(db, cadre.id);
  if (open) return refuse("employeeNo", `${cadre.name} 已有进行中的任前事项（拟任${open.post}），请先办结`);
  if (input.decidedOn > dateIn(input.now, input.timeZone)) return refuse("decidedOn", "任用决定日期不能晚于今天");
  const organizers = await listResponsibleOrganizers(db, scope, cadre.orgPath);
  if (!organizers.some((o) => o.id === input.organizerId)) return refuse("organizerId", "负责的组织者须是能管理该干部的组织者");

  const bureauOrgId = await bureauOf(db, cadre.org_id);
  const { rules } = await getRules(db, bureauOrgId);
  const openBook = isOpenBook({ birthDate: cadre.birth_date, decidedOn: input.decidedOn, openBookAge: rules.openBookAge });

  let reused: Awaited<ReturnType<typeof validEarlierPasses>>[number] | undefined;
  let examId: number | null = null;
  if (input.testSource === "reuse") {
    const passes = await validEarlierPasses(db, { cadreId: cadre.id, decidedOn: input.decidedOn, validityYears: rules.validityYears, timeZone: input.timeZone });
    reused = passes.find((p) => p.attemptId === input.reuseAttemptId);
    if (!reused) return refuse("reuseAttemptId", "所选成绩不是该干部在有效期内的任前考试合格成绩");
  } else {
    if (input.testSource === "template" && !input.templateExamId) return refuse("templateExamId", "请选择作为试卷的任前考试");
    const paper = await choosePaper(db, scope, { rules, templateExamId: input.testSource === "template" ? input.templateExamId! : null });
    if (!paper.ok) return refuse(paper.field, paper.message);
    const exam = await createCaseExam(db, {
      cadre: { id: cadre.id, name: cadre.name, orgId: cadre.org_id },
      post: input.post,
      documentNo: input.documentNo ?? null,
      openBook,
      rules,
      paper,
      actorId: input.actorId,
      ip: input.ip,
      now: input.now,
    });
    if (!exam.ok) return refuse("testSource", exam.message);
    examId = exam.examId;
  }

  const initial: CaseSnapshot = { status: "open", commitment: "pending", talk: "pending", test: { result: "pending", failures: 0, makeupOpen: false } };
  const applied = reused
    ? transition(initial, { kind: "reuse_pass", score: reused.score, passedAt: reused.passedAt, passedOn: reused.passedOn, validUntil: reused.validUntil }, rules)
    : { ok: true as const, next: initial, history: [] };
  if (!applied.ok) return refuse("testSource", applied.message);
  const stamp = input.now.toISOString();
  const caseId = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("appointment_cases")
      .values({
        cadre_id: cadre.id,
        org_id: cadre.org_id,
        bureau_org_id: bureauOrgId,
        post: input.post,
        document_no: input.documentNo ?? null,
        decided_on: input.decidedOn,
        organizer_id: input.organizerId,
        status: "open",
        rules: JSON.stringify(rules),
        open_book: openBook ? 1 : 0,
        commitment_text_id: null,
        commitment_signed_at: null,
        commitment_signed_name: null,
        commitment_ip: null,
        commitment_user_agent: null,
        talk_on: null,
        talk_by: null,
        talk_summary: null,
        talk_recorded_by: null,
        test_result: applied.next.test.result,
        exam_id: examId,
        reused_attempt_id: reused?.attemptId ?? null,
        test_failures: 0,
        test_score: reused?.score ?? null,
        test_passed_at: reused?.passedAt ?? null,
        makeup_opened_at: null,
        notice: null,
        revision: 1,
        created_by: input.actorId,
        created_at: stamp,
        updated_at: stamp,
        closed_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const opened = [
      { kind: "created", note: `新建任前事项：拟任${input.post}${input.documentNo ? `（${input.documentNo}）` : ""}，${input.decidedOn} 决定` },
      examId !== null ? { kind: "exam_assigned", note: `安排任前考试（${openBook ? "开卷" : "闭卷"}，${rules.passMark} 分及格）` } : null,
      ...applied.history,
    ].filter((e): e is { kind: string; note: string } => e !== null);
    await trx
      .insertInto("appointment_case_events")
      .values(opened.map((e) => ({ case_id: row.id, at: stamp, actor_id: input.actorId, kind: e.kind, from_status: null, to_status: "open" as const, note: e.note, reason: null, ip: input.ip })))
      .execute();
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "appointment.create",
      target: `appointment:${row.id}`,
      detail: { employeeNo: cadre.employee_no, name: cadre.name, post: input.post, examId, reusedAttemptId: reused?.attemptId ?? null, openBook },
      ip: input.ip,
      now: input.now,
    });
    return row.id;
  });
  return { kind: "created", caseId };
}

// ——— The cadre's signature ———

/**
 * The cadre signs the commitment text they were shown (its id comes back with the form):
 * the typed name must be their own. Time, address, browser and text version are stored;
 * the text version row itself never changes (a change of the text adds a version).
 */
export async function signCommitment(
  db: DB,
  input: { caseId: number; userId: number; typedName: string; textId: number; userAgent: string | null } & Omit<CaseActor, "actorId">,
): Promise<ChangeOutcome> {
  const row = await getOwnCase(db, input.userId, input.caseId);
  if (!row) return { kind: "not_found" };
  if (isClosed(row.status)) return { kind: "refused", message: closedMessage(row.status) };
  if (row.commitment_signed_at) return { kind: "refused", message: "任前廉政承诺书已经签署，不能重复签署" };
  const text = await currentCommitmentText(db, row.bureau_org_id, input.now);
  if (text.id !== input.textId) return { kind: "refused", message: "承诺书内容已经更新，请阅读更新后的承诺书再签署" };
  if (!typedNameMatches(input.typedName, row.cadreName)) return { kind: "refused", field: "typedName", message: "输入的姓名与您的姓名不一致，请输入您的完整姓名" };
  const outcome = await applyEvents(db, row, [{ kind: "sign_commitment" }], { ...input, actorId: input.userId }, {
    commitment_text_id: text.id,
    commitment_signed_at: input.now.toISOString(),
    commitment_signed_name: input.typedName.trim(),
    commitment_ip: input.ip,
    commitment_user_agent: input.userAgent?.slice(0, 300) ?? null,
  });
  if (outcome.kind === "done") {
    await recordAudit(db, {
      actorId: input.userId,
      action: "appointment.sign",
      target: `appointment:${row.id}`,
      detail: { textVersion: text.version, textId: text.id },
      ip: input.ip,
      now: input.now,
    });
  }
  return outcome;
}

// ——— The organizer's steps ———

type OrganizerActor = CaseActor & { actorId: number; timeZone: string };

export async function recordTalk(
  db: DB,
  scope: Scope,
  input: OrganizerActor & { caseId: number; talkOn: string; talkers: Talker[]; summary: string },
): Promise<ChangeOutcome> {
  const row = await getCaseInScope(db, scope, input.caseId);
  if (!row) return { kind: "not_found" };
  if (input.talkOn > dateIn(input.now, input.timeZone)) return { kind: "refused", field: "talkOn", message: "谈话日期不能晚于今天" };
  if (input.talkers.length === 0) return { kind: "refused", field: "talkers.0.name", message: "请至少填写一名谈话人" };
  const outcome = await applyEvents(db, row, [{ kind: "record_talk" }], input, {
    talk_on: input.talkOn,
    talk_by: JSON.stringify(input.talkers),
    talk_summary: input.summary,
    talk_recorded_by: input.actorId,
  });
  if (outcome.kind === "done") {
    await recordAudit(db, {
      actorId: input.actorId,
      action: "appointment.talk",
      target: `appointment:${row.id}`,
      detail: { talkOn: input.talkOn, talkers: input.talkers.length, update: outcome.history.some((h) => h.kind === "talk_updated") },
      ip: input.ip,
      now: input.now,
    });
  }
  return outcome;
}

/** 暂缓任用 or 取消 by the organizer's decision, with a reason. */
export async function decideCase(
  db: DB,
  scope: Scope,
  input: OrganizerActor & { caseId: number; decision: "defer" | "cancel"; reason: string },
): Promise<ChangeOutcome> {
  const row = await getCaseInScope(db, scope, input.caseId);
  if (!row) return { kind: "not_found" };
  const reason = input.reason.trim();
  const outcome = await applyEvents(db, row, [{ kind: input.decision, reason }], { ...input, reason });
  if (outcome.kind === "refused" && reason === "") return { ...outcome, field: "reason" };
  if (outcome.kind === "done") {
    await recordAudit(db, {
      actorId: input.actorId,
      action: input.decision === "defer" ? "appointment.defer" : "appointment.cancel",
      target: `appointment:${row.id}`,
      detail: { reason },
      ip: input.ip,
      now: input.now,
    });
  }
  return outcome;
}

/** The responsible organizer confirms they saw the notice of a failed makeup; the case itself does not change. */
export async function acknowledgeNotice(db: DB, scope: Scope, input: OrganizerActor & { caseId: number }): Promise<ChangeOutcome> {
  const row = await getCaseInScope(db, scope, input.caseId);
  if (!row) return { kind: "not_found" };
  if (!row.notice) return { kind: "refused", message: "没有需要确认的提醒" };
  const stamp = input.now.toISOString();
  return db.transaction().execute(async (trx): Promise<ChangeOutcome> => {
    const updated = await trx
      .updateTable("appointment_cases")
      .set({ notice: null, revision: row.revision + 1, updated_at: stamp })
      .where("id", "=", row.id)
      .where("revision", "=", row.revision)
      .returningAll()
      .executeTakeFirst();
    if (!updated) return { kind: "refused", message: STALE };
    await trx
      .insertInto("appointment_case_events")
      .values({ case_id: row.id, at: stamp, actor_id: input.actorId, kind: "notice_acknowledged", from_status: row.status, to_status: row.status, note: `已知悉：${row.notice}`, reason: null, ip: input.ip })
      .execute();
    return { kind: "done", row: updated, history: [] };
  });
}

// ——— Test results ———

/**
 * Takes the case exam's newly graded attempts into the case: a pass, or a fail that opens
 * the makeup or applies the bureau's rule. Idempotent (attempts already counted are
 * skipped); an attempt still open or waiting for a grader waits.
 */
export async function syncCaseTest(db: DB, row: AppointmentCase, now: Date): Promise<AppointmentCase> {
  if (row.status !== "open" || row.exam_id === null || row.test_result !== "pending") return row;
  const rules = parseRules(row.rules);
  const tries = rules.makeupAllowed ? 2 : 1;
  const attempts = await caseAttempts(db, { examId: row.exam_id, cadreId: row.cadre_id, now });
  const events: CaseEvent[] = [];
  for (const attempt of attempts.slice(row.test_failures, tries)) {
    if (attempt.status === "in_progress" || attempt.pending_manual || attempt.passed === null) break;
    events.push({ kind: "attempt_graded", passed: attempt.passed === 1, score: attempt.score ?? 0, finishedAt: attempt.finished_at ?? now.toISOString() });
    if (attempt.passed === 1) break;
  }
  if (events.length === 0) return row;
  const outcome = await applyEvents(db, row, events, { actorId: null, ip: null, now });
  if (outcome.kind === "done") return outcome.row;
  return (await db.selectFrom("appointment_cases").selectAll().where("id", "=", row.id).executeTakeFirst()) ?? row;
}

/** Brings open cases up to date with their exams: all of them (the sweep), a scope's (the board) or one cadre's. */
export async function syncOpenCases(db: DB, input: { now: Date; scope?: Scope; cadreId?: number }): Promise<number> {
  let query = db
    .selectFrom("appointment_cases as c")
    .innerJoin("orgs as o", "o.id", "c.org_id")
    .selectAll("c")
    .where("c.status", "=", "open")
    .where("c.test_result", "=", "pending")
    .where("c.exam_id", "is not", null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("attempts as a")
          .select("a.id")
          .whereRef("a.exam_id", "=", "c.exam_id")
          .whereRef("a.user_id", "=", "c.cadre_id")
          .whereRef("a.attempt_no", ">", "c.test_failures"),
      ),
    );
  if (input.scope?.kind === "subtree") query = query.where("o.path", "like", `${input.scope.path}%`);
  if (input.cadreId !== undefined) query = query.where("c.cadre_id", "=", input.cadreId);
  const rows = await query.execute();
  let changed = 0;
  for (const row of rows) if ((await syncCaseTest(db, row, input.now)).revision !== row.revision) changed++;
  return changed;
}

/** A cadre's cases, newest first, brought up to date: for the home page. */
export async function listCadreCases(db: DB, input: { userId: number; now: Date }) {
  await syncOpenCases(db, { now: input.now, cadreId: input.userId });
  return db
    .selectFrom("appointment_cases")
    .selectAll()
    .where("cadre_id", "=", input.userId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
}
