/**
 * Per-cadre adjustments of a published exam: 延时 (extra minutes) and 补考 (one more
 * attempt). Each needs a reason; the latest reason is kept on the audience row, and every
 * grant is in the audit log with its reason (DESIGN.md, Organizers).
 */
import type { DB } from "../../db/client";

import { caseOfExam } from "./appointment-test.server";
import { finalizeAttempt } from "./attempt-finalize.server";
import { extendOpenAttempt, findOpenAttempt } from "./attempts.server";
import { recordAudit } from "./audit.server";
import { getExamInScope } from "./exams.server";
import { normalizeEmployeeNo } from "./login.server";
import { isInScope, type Scope } from "./orgs.server";

export type AdjustmentField = "employeeNo" | "minutes" | "reason";

export type AdjustmentOutcome =
  | { kind: "done"; name: string; employeeNo: string; message: string }
  | { kind: "not_found" }
  | { kind: "refused"; field: AdjustmentField | null; message: string };

type AdjustmentInput = {
  examId: number;
  employeeNo: string;
  reason: string;
  actorId: number;
  ip: string | null;
  now: Date;
};

export const REASON_MAX = 200;

function refused(field: AdjustmentField | null, message: string): AdjustmentOutcome {
  return { kind: "refused", field, message };
}

/**
 * The exam (in scope) and the cadre's audience row, or why the adjustment cannot be made.
 * Most adjustments need a running exam; reopening an attempt also works after the exam closed.
 */
async function target(db: DB, scope: Scope, input: AdjustmentInput, allowClosed = false) {
  const exam = await getExamInScope(db, scope, input.examId);
  if (!exam) return { outcome: { kind: "not_found" } satisfies AdjustmentOutcome };
  const reason = input.reason.trim();
  if (reason === "") return { outcome: refused("reason", "请填写原因（将记入审计日志）") };
  if (reason.length > REASON_MAX) return { outcome: refused("reason", `原因最多 ${REASON_MAX} 字`) };
  if (exam.status === "draft") return { outcome: refused(null, "考试尚未发布") };
  if (exam.status === "closed" && !allowClosed) return { outcome: refused(null, "考试已关闭") };
  const cadre = await db
    .selectFrom("exam_audience")
    .innerJoin("users", "users.id", "exam_audience.user_id")
    .select(["users.id", "users.name", "users.employee_no", "exam_audience.extra_minutes", "exam_audience.extra_attempts"])
    .where("exam_audience.exam_id", "=", exam.id)
    .where("users.employee_no", "=", normalizeEmployeeNo(input.employeeNo))
    .executeTakeFirst();
  if (!cadre) return { outcome: refused("employeeNo", `工号 ${input.employeeNo.trim()} 不在本次考试的参考人员中`) };
  return { exam, cadre, reason };
}

/**
 * 延时: adds minutes to one cadre's time (both bounds of the deadline, see attemptDeadline)
 * and moves the deadline of their open attempt at once.
 */
export async function grantExtraTime(db: DB, scope: Scope, input: AdjustmentInput & { minutes: number }): Promise<AdjustmentOutcome> {
  if (!(Number.isInteger(input.minutes) && input.minutes >= 1 && input.minutes <= 600)) return refused("minutes", "延长时间应为 1 到 600 分钟的整数");
  const found = await target(db, scope, input);
  if (found.outcome) return found.outcome;
  const { exam, cadre, reason } = found;
  const totalMinutes = cadre.extra_minutes + input.minutes;
  const moved = await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("exam_audience")
      .set({ extra_minutes: totalMinutes, note: reason })
      .where("exam_id", "=", exam.id)
      .where("user_id", "=", cadre.id)
      .execute();
    const attempt = await extendOpenAttempt(trx, { examId: exam.id, userId: cadre.id, extraMinutes: totalMinutes, now: input.now });
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "exam.extend",
      target: `exam:${exam.id}`,
      detail: {
        employeeNo: cadre.employee_no,
        name: cadre.name,
        minutes: input.minutes,
        totalMinutes,
        reason,
        attemptId: attempt?.attemptId ?? null,
        deadlineAt: attempt?.deadlineAt ?? null,
      },
      ip: input.ip,
      now: input.now,
    });
    return attempt;
  });
  const message = `已为 ${cadre.name}（${cadre.employee_no}）延时 ${input.minutes} 分钟（累计 ${totalMinutes} 分钟）` + (moved ? "，正在作答的试卷截止时间已顺延" : "");
  return { kind: "done", name: cadre.name, employeeNo: cadre.employee_no, message };
}

/** 补考: one more attempt for one cadre, within the exam's window (an extension never lets anyone start after closesAt). */
export async function grantMakeup(db: DB, scope: Scope, input: AdjustmentInput): Promise<AdjustmentOutcome> {
  const found = await target(db, scope, input);
  if (found.outcome) return found.outcome;
  const { exam, cadre, reason } = found;
  // A pre-appointment case allows one makeup by the bureau's rules and opens it itself.
  if (await caseOfExam(db, exam.id)) return refused(null, "任前考试的补考由任前事项按局设置自动安排（最多一次），不能另行安排补考");
  if (exam.attempts_allowed === null) return refused(null, "本考试不限作答次数，无需安排补考");
  if (input.now.getTime() >= Date.parse(exam.closes_at)) return refused(null, "考试已截止，补考须在截止前安排；可复制本考试另行安排");
  const extraAttempts = cadre.extra_attempts + 1;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("exam_audience")
      .set({ extra_attempts: extraAttempts, note: reason })
      .where("exam_id", "=", exam.id)
      .where("user_id", "=", cadre.id)
      .execute();
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "exam.makeup",
      target: `exam:${exam.id}`,
      detail: { employeeNo: cadre.employee_no, name: cadre.name, attemptsAllowed: exam.attempts_allowed! + extraAttempts, reason },
      ip: input.ip,
      now: input.now,
    });
  });
  return {
    kind: "done",
    name: cadre.name,
    employeeNo: cadre.employee_no,
    message: `已为 ${cadre.name}（${cadre.employee_no}）安排补考，可作答 ${exam.attempts_allowed + extraAttempts} 次`,
  };
}

/**
 * 结束作答: an organizer ends one cadre's open attempt after an incident (a lost phone, a
 * power cut that will not end), grading it with what was saved. The reason is audited.
 */
export async function endOpenAttempt(db: DB, scope: Scope, input: AdjustmentInput): Promise<AdjustmentOutcome> {
  const found = await target(db, scope, input);
  if (found.outcome) return found.outcome;
  const { exam, cadre, reason } = found;
  const open = await findOpenAttempt(db, { examId: exam.id, userId: cadre.id });
  if (!open) return refused("employeeNo", `${cadre.name}（${cadre.employee_no}）没有正在作答的试卷`);
  const finished = await finalizeAttempt(db, { attemptId: open.id, status: "submitted", now: input.now });
  await recordAudit(db, {
    actorId: input.actorId,
    action: "attempt.close",
    target: `attempt:${open.id}`,
    detail: { examId: exam.id, employeeNo: cadre.employee_no, name: cadre.name, reason, score: finished.score },
    ip: input.ip,
    now: input.now,
  });
  return { kind: "done", name: cadre.name, employeeNo: cadre.employee_no, message: `已结束 ${cadre.name}（${cadre.employee_no}）的作答，按已保存的答案评分` };
}

export const REOPEN_MINUTES_MAX = 600;

/**
 * 重新开放: an attempt ended by mistake (closed early, timed out during an outage, ended by
 * 结束作答) is opened again for `minutes` from now, keeping every saved answer; it is graded
 * again when it ends. An attempt already graded by hand is not reopened (its essay grades
 * would no longer match the answers): a 补考 is the remedy then. Audited with the reason and
 * what the attempt was.
 */
export async function reopenAttempt(db: DB, scope: Scope, input: AdjustmentInput & { minutes: number }): Promise<AdjustmentOutcome> {
  if (!(Number.isInteger(input.minutes) && input.minutes >= 1 && input.minutes <= REOPEN_MINUTES_MAX)) {
    return refused("minutes", `重新开放的作答时间应为 1 到 ${REOPEN_MINUTES_MAX} 分钟的整数`);
  }
  const found = await target(db, scope, input, true);
  if (found.outcome) return found.outcome;
  const { exam, cadre, reason } = found;
  const who = `${cadre.name}（${cadre.employee_no}）`;
  if (await findOpenAttempt(db, { examId: exam.id, userId: cadre.id })) return refused("employeeNo", `${who}正在作答，无需重新开放`);
  const last = await db
    .selectFrom("attempts")
    .select(["id", "status", "score", "finished_at"])
    .where("exam_id", "=", exam.id)
    .where("user_id", "=", cadre.id)
    .orderBy("attempt_no", "desc")
    .executeTakeFirst();
  if (!last) return refused("employeeNo", `${who}还没有作答过本考试`);
  const graded = await db.selectFrom("manual_grades").select("id").where("attempt_id", "=", last.id).executeTakeFirst();
  if (graded) return refused(null, `${who}的答卷已人工评分，不能重新开放；请安排补考`);
  const deadlineAt = new Date(input.now.getTime() + input.minutes * 60_000).toISOString();
  const reopened = await db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable("attempts")
      .set({ status: "in_progress", deadline_at: deadlineAt, finished_at: null, score: null, passed: null, pending_manual: 0, grade_detail: null, graded_at: null })
      .where("id", "=", last.id)
      .where("status", "!=", "in_progress")
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) return false;
    await trx.deleteFrom("attempt_items").where("attempt_id", "=", last.id).execute();
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "attempt.reopen",
      target: `attempt:${last.id}`,
      detail: { examId: exam.id, employeeNo: cadre.employee_no, name: cadre.name, reason, minutes: input.minutes, deadlineAt, was: { status: last.status, score: last.score, finishedAt: last.finished_at } },
      ip: input.ip,
      now: input.now,
    });
    return true;
  });
  if (!reopened) return refused("employeeNo", `${who}正在作答，无需重新开放`);
  return { kind: "done", name: cadre.name, employeeNo: cadre.employee_no, message: `已重新开放 ${who}的作答 ${input.minutes} 分钟，已保存的答案都在` };
}

/**
 * 添加参考人员: an organizer adds one named cadre to a published exam after publishing (a
 * newcomer the rule does not reach, a cadre on loan). The cadre must be an active account
 * within both the exam owner's subtree and the organizer's scope; the row is marked as added
 * by hand, so later changes of the cadre's organization do not take it away.
 */
export async function addToAudience(db: DB, scope: Scope, input: AdjustmentInput): Promise<AdjustmentOutcome> {
  const exam = await getExamInScope(db, scope, input.examId);
  if (!exam) return { kind: "not_found" };
  const reason = input.reason.trim();
  if (reason === "") return refused("reason", "请填写原因（将记入审计日志）");
  if (reason.length > REASON_MAX) return refused("reason", `原因最多 ${REASON_MAX} 字`);
  if (exam.status !== "published") return refused(null, exam.status === "draft" ? "考试尚未发布，请在编辑页的参考人员中指定" : "考试已关闭");
  if (input.now.getTime() >= Date.parse(exam.closes_at)) return refused(null, "考试已截止，不能再添加参考人员");
  const employeeNo = normalizeEmployeeNo(input.employeeNo);
  const cadre = await db
    .selectFrom("users")
    .innerJoin("orgs", "orgs.id", "users.org_id")
    .select(["users.id", "users.name", "users.employee_no", "users.org_id", "users.active", "orgs.path"])
    .where("users.employee_no", "=", employeeNo)
    .executeTakeFirst();
  if (!cadre || !cadre.path.startsWith(exam.ownerPath) || !isInScope(scope, cadre)) {
    return refused("employeeNo", `工号 ${input.employeeNo.trim()} 不是本考试所属组织范围内的干部`);
  }
  if (!cadre.active) return refused("employeeNo", `${cadre.name}（${cadre.employee_no}）的账号已停用`);
  const existing = await db.selectFrom("exam_audience").select("user_id").where("exam_id", "=", exam.id).where("user_id", "=", cadre.id).executeTakeFirst();
  if (existing) return refused("employeeNo", `${cadre.name}（${cadre.employee_no}）已在参考人员中`);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("exam_audience")
      .values({ exam_id: exam.id, user_id: cadre.id, org_id: cadre.org_id, extra_minutes: 0, extra_attempts: 0, added_at: input.now.toISOString(), note: reason, manual: 1 })
      .execute();
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "exam.audience_add",
      target: `exam:${exam.id}`,
      detail: { employeeNo: cadre.employee_no, name: cadre.name, reason },
      ip: input.ip,
      now: input.now,
    });
  });
  return { kind: "done", name: cadre.name, employeeNo: cadre.employee_no, message: `已将 ${cadre.name}（${cadre.employee_no}）加入参考人员` };
}

/** The cadres of an exam who were given extra time or a makeup, or added by hand, with the latest reason. */
export async function listAdjustments(db: DB, examId: number) {
  return db
    .selectFrom("exam_audience")
    .innerJoin("users", "users.id", "exam_audience.user_id")
    .innerJoin("orgs", "orgs.id", "exam_audience.org_id")
    .select([
      "users.employee_no as employeeNo",
      "users.name",
      "orgs.name as orgName",
      "exam_audience.extra_minutes as extraMinutes",
      "exam_audience.extra_attempts as extraAttempts",
      "exam_audience.note",
      "exam_audience.manual",
    ])
    .where("exam_audience.exam_id", "=", examId)
    .where((eb) => eb.or([eb("exam_audience.extra_minutes", ">", 0), eb("exam_audience.extra_attempts", ">", 0), eb("exam_audience.manual", "=", 1)]))
    .orderBy("users.employee_no")
    .execute();
}
