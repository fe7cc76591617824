import type { DB } from "../../db/client";
import type { CaseCreateInput } from "~/schemas/appointments.server";
import { DEFAULT_RULES } from "~/domain/appointments/rules";
import { appointmentsRecordSection, listBoardCases, yearCounts } from "~/models/appointment-board.server";
import { currentCommitmentText, getCommitmentText, saveCommitmentText, saveRules } from "~/models/appointment-settings.server";
import { validEarlierPasses } from "~/models/appointment-test.server";
import {
  createCase,
  decideCase,
  getCaseInScope,
  getOwnCase,
  listCaseHistory,
  recordTalk,
  signCommitment,
  syncOpenCases,
} from "~/models/appointments.server";
import { startAttempt } from "~/models/attempts.server";
import { grantMakeup } from "~/models/exam-adjustments.server";
import { getExam, parseAudience } from "~/models/exams.server";
import { loadCadreRecord } from "~/models/cadre-record.server";
import { fieldsOf, updateCadre } from "~/models/cadre-maintenance.server";
import { getCadre } from "~/models/cadres.server";
import { scopeForOrg } from "~/models/orgs.server";

import { arrangeAppointmentBureau, importAppointmentBank, setBirthDate, takeCaseExam } from "../support/appointment-fixtures";
import { createTestDatabase, makeUser } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;
const TZ = "Asia/Shanghai";

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
  await importAppointmentBank(db);
});
afterAll(() => cleanup());

const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());

function caseInput(employeeNo: string, organizerId: number, overrides: Partial<CaseCreateInput> = {}): CaseCreateInput {
  return { employeeNo, post: "东方红林场副场长", documentNo: "林党任〔2026〕12号", decidedOn: today(), organizerId, testSource: "standard", ...overrides };
}

async function openCase(bureau: Awaited<ReturnType<typeof arrangeAppointmentBureau>>, overrides: Partial<CaseCreateInput> = {}) {
  const scope = await scopeForOrg(db, bureau.east.id);
  const created = await createCase(db, scope, {
    ...caseInput(bureau.cadre.employee_no, bureau.eastOrganizer.id, overrides),
    actorId: bureau.eastOrganizer.id,
    ip: "127.0.0.1",
    now: new Date(),
    timeZone: TZ,
  });
  if (created.kind !== "created") throw new Error(JSON.stringify(created.fieldErrors));
  const row = await getCaseInScope(db, scope, created.caseId);
  return { scope, caseId: created.caseId, row: row! };
}

async function sign(caseId: number, userId: number, typedName: string, textId?: number) {
  const row = await db.selectFrom("appointment_cases").select("bureau_org_id").where("id", "=", caseId).executeTakeFirstOrThrow();
  const text = await currentCommitmentText(db, row.bureau_org_id, new Date());
  return signCommitment(db, { caseId, userId, typedName, textId: textId ?? text.id, userAgent: "vitest", ip: "10.1.2.3", now: new Date() });
}

async function talk(scope: Awaited<ReturnType<typeof scopeForOrg>>, caseId: number, actorId: number) {
  return recordTalk(db, scope, {
    caseId,
    talkOn: today(),
    talkers: [{ name: "李书记", post: "局党委书记" }, { name: "张部长", post: "组织部部长" }],
    summary: "谈了新岗位的廉政风险点，提醒管好林木采伐审批。",
    actorId,
    ip: "127.0.0.1",
    now: new Date(),
    timeZone: TZ,
  });
}

const caseRow = (id: number) => db.selectFrom("appointment_cases").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("a pre-appointment case through the models", () => {
  test("a whole case: opened with a real exam for this cadre, signed, talked, passed, completed, counted and filed", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    await setBirthDate(db, bureau.cadre.id, "1970-02-01");
    const { scope, caseId, row } = await openCase(bureau);

    // A pre_appointment exam for exactly this cadre, with the bureau's pass mark; 开卷 at 56.
    expect(row).toMatchObject({ status: "open", open_book: 1, test_result: "pending", post: "东方红林场副场长" });
    const exam = (await getExam(db, row.exam_id!))!;
    expect(exam).toMatchObject({ kind: "pre_appointment", status: "published", pass_mark: 80, attempts_allowed: 1, owner_org_id: bureau.east.id });
    expect(parseAudience(exam)).toMatchObject({ namedOnly: true, userIds: [bureau.cadre.id] });
    const audience = await db.selectFrom("exam_audience").select("user_id").where("exam_id", "=", exam.id).execute();
    expect(audience).toEqual([{ user_id: bureau.cadre.id }]);

    // The wrong name is refused and changes nothing; the cadre's own name signs.
    expect(await sign(caseId, bureau.cadre.id, "王森")).toMatchObject({ kind: "refused", field: "typedName", message: "输入的姓名与您的姓名不一致，请输入您的完整姓名" });
    expect((await caseRow(caseId)).commitment_signed_at).toBeNull();
    expect(await sign(caseId, bureau.cadre.id, " 王林 ")).toMatchObject({ kind: "done" });
    const signed = await caseRow(caseId);
    expect(signed).toMatchObject({ commitment_signed_name: "王林", commitment_ip: "10.1.2.3", commitment_user_agent: "vitest" });
    expect(signed.commitment_signed_at).not.toBeNull();
    expect(await sign(caseId, bureau.cadre.id, "王林")).toEqual({ kind: "refused", message: "任前廉政承诺书已经签署，不能重复签署" });

    expect(await talk(scope, caseId, bureau.eastOrganizer.id)).toMatchObject({ kind: "done" });
    expect((await caseRow(caseId)).status).toBe("open");

    await takeCaseExam(db, { examId: exam.id, userId: bureau.cadre.id, pass: true, seed: 11 });
    expect(await syncOpenCases(db, { now: new Date(), scope })).toBe(1);
    const done = await caseRow(caseId);
    expect(done).toMatchObject({ status: "completed", test_result: "passed", test_score: 100 });
    expect(done.closed_at).not.toBeNull();

    const history = await listCaseHistory(db, caseId);
    expect(history.map((h) => h.kind)).toEqual(["created", "exam_assigned", "commitment_signed", "talk_recorded", "test_passed", "completed"]);
    expect(history.find((h) => h.kind === "commitment_signed")).toMatchObject({ actorName: "王林", ip: "10.1.2.3" });
    expect(history.find((h) => h.kind === "test_passed")).toMatchObject({ actorName: null, note: "任前考试通过（100 分）" });

    const board = await listBoardCases(db, scope, { year: Number(today().slice(0, 4)) }, new Date());
    expect(board).toHaveLength(1);
    expect(board[0]).toMatchObject({ name: "王林", openBook: true, snapshot: { status: "completed" } });
    expect(await yearCounts(db, scope, { year: Number(today().slice(0, 4)) })).toEqual([{ orgName: bureau.east.name, cases: 1, completed: 1 }]);

    const section = (await loadCadreRecord(db, { cadreId: bureau.cadre.id, now: new Date(), timeZone: TZ })).find((s) => s.key === "appointments")!;
    expect(section).toMatchObject({ key: "appointments", title: "任前", emptyText: null });
    expect(section.tables[0].rows[0]).toMatchObject({ post: "东方红林场副场长", test: "通过（100 分）", score: 100, mode: "开卷", state: "已完成" });
    expect(section.tables[0].rows[0].validUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(section.facts).toContainEqual({ label: "任前考试合格有效期", value: `至 ${section.tables[0].rows[0].validUntil}` });

    // A closed case refuses every change.
    expect(await talk(scope, caseId, bureau.eastOrganizer.id)).toEqual({ kind: "refused", message: "该任前事项已完成，已经办结，不能再更改" });
    expect(await decideCase(db, scope, { caseId, decision: "cancel", reason: "试图改动", actorId: bureau.eastOrganizer.id, ip: null, now: new Date(), timeZone: TZ })).toMatchObject({
      kind: "refused",
    });
    expect((await caseRow(caseId)).status).toBe("completed");
  });

  test("a fail opens the makeup, which draws a new paper; the makeup pass completes the test", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    const { scope, caseId, row } = await openCase(bureau);
    const first = await takeCaseExam(db, { examId: row.exam_id!, userId: bureau.cadre.id, pass: false, seed: 101 });
    expect(first.passed).toBe(0);

    // Before the case has seen the result, a second start is refused: one attempt only.
    await syncOpenCases(db, { now: new Date(), scope });
    const afterFail = await caseRow(caseId);
    expect(afterFail).toMatchObject({ status: "open", test_result: "pending", test_failures: 1, test_score: 0 });
    expect(afterFail.makeup_opened_at).not.toBeNull();
    const audience = await db.selectFrom("exam_audience").selectAll().where("exam_id", "=", row.exam_id!).executeTakeFirstOrThrow();
    expect(audience).toMatchObject({ extra_attempts: 1, note: "任前考试首次未通过，按局设置补考一次" });
    expect((await listCaseHistory(db, caseId)).map((h) => h.kind)).toEqual(["created", "exam_assigned", "test_failed", "makeup_opened"]);

    const makeup = await takeCaseExam(db, { examId: row.exam_id!, userId: bureau.cadre.id, pass: true, seed: 202 });
    expect(makeup.attempt_no).toBe(2);
    const papers = await db.selectFrom("attempt_papers").select(["attempt_id", "paper"]).where("attempt_id", "in", [first.id, makeup.id]).execute();
    const [a, b] = [first.id, makeup.id].map((id) => JSON.parse(papers.find((p) => p.attempt_id === id)!.paper) as { seed: number; sections: Array<{ questions: Array<{ rowId: number }> }> });
    expect(a.seed).not.toBe(b.seed);
    expect(b.sections.flatMap((s) => s.questions.map((q) => q.rowId))).not.toEqual(a.sections.flatMap((s) => s.questions.map((q) => q.rowId)));

    await syncOpenCases(db, { now: new Date(), scope });
    expect(await caseRow(caseId)).toMatchObject({ status: "open", test_result: "passed", test_score: 100, test_failures: 1 });
  });

  test("a second fail marks the case 暂缓任用 and tells the organizer; no further makeup is possible", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    const { scope, caseId, row } = await openCase(bureau);
    await takeCaseExam(db, { examId: row.exam_id!, userId: bureau.cadre.id, pass: false, seed: 1 });
    await syncOpenCases(db, { now: new Date(), scope });
    await takeCaseExam(db, { examId: row.exam_id!, userId: bureau.cadre.id, pass: false, seed: 2 });
    await syncOpenCases(db, { now: new Date(), scope });

    const deferred = await caseRow(caseId);
    expect(deferred).toMatchObject({ status: "deferred", test_result: "failed", test_failures: 2, notice: "补考仍未通过（0 分），已按局设置暂缓任用" });
    expect((await listCaseHistory(db, caseId)).slice(-2).map((h) => [h.kind, h.to_status])).toEqual([
      ["test_failed", "open"],
      ["deferred", "deferred"],
    ]);

    // A third attempt is blocked, and the exam page's 补考 refuses a second makeup, changing nothing.
    expect(await startAttempt(db, { examId: row.exam_id!, userId: bureau.cadre.id, now: new Date(), seed: 3 })).toEqual({ kind: "blocked", reasons: ["作答次数已用完（共 2 次）"] });
    const refused = await grantMakeup(db, scope, { examId: row.exam_id!, employeeNo: bureau.cadre.employee_no, reason: "再给一次机会", actorId: bureau.eastOrganizer.id, ip: null, now: new Date() });
    expect(refused).toEqual({ kind: "refused", field: null, message: "任前考试的补考由任前事项按局设置自动安排（最多一次），不能另行安排补考" });
    expect(await db.selectFrom("exam_audience").select("extra_attempts").where("exam_id", "=", row.exam_id!).executeTakeFirstOrThrow()).toEqual({ extra_attempts: 1 });
  });

  test("under the 取消 setting a second fail cancels the case; a case opened before the change keeps its own rules", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    const earlier = await openCase(bureau);
    const other = await makeUser(db, { orgId: bureau.east.id, name: "孙杉" });

    const saved = await saveRules(db, { bureauOrgId: bureau.root.id, rules: { ...DEFAULT_RULES, secondFailAction: "cancel" }, actorId: bureau.admin.id, ip: null, now: new Date() });
    expect(saved).toEqual({ kind: "saved" });
    const later = await openCase(bureau, { employeeNo: other.employee_no });

    for (const { row, userId } of [
      { row: earlier.row, userId: bureau.cadre.id },
      { row: later.row, userId: other.id },
    ]) {
      await takeCaseExam(db, { examId: row.exam_id!, userId, pass: false, seed: 7 });
      await syncOpenCases(db, { now: new Date(), scope: earlier.scope });
      await takeCaseExam(db, { examId: row.exam_id!, userId, pass: false, seed: 8 });
      await syncOpenCases(db, { now: new Date(), scope: earlier.scope });
    }
    expect(await caseRow(earlier.caseId)).toMatchObject({ status: "deferred" });
    expect(await caseRow(later.caseId)).toMatchObject({ status: "cancelled", notice: "补考仍未通过（0 分），已按局设置取消任用" });
  });

  test("a signature stores the text version; editing the text later does not change what was signed", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    const { caseId } = await openCase(bureau);
    const v1 = await currentCommitmentText(db, bureau.root.id, new Date());
    expect(await sign(caseId, bureau.cadre.id, "王林", v1.id)).toMatchObject({ kind: "done" });

    const edited = await saveCommitmentText(db, { bureauOrgId: bureau.root.id, title: "任前廉政承诺书", body: `${v1.body}\n\n九、新增的一条承诺内容。`, actorId: bureau.admin.id, ip: null, now: new Date() });
    expect(edited).toEqual({ kind: "saved", version: v1.version + 1 });

    const signed = await caseRow(caseId);
    expect(signed.commitment_text_id).toBe(v1.id);
    const stored = await getCommitmentText(db, signed.commitment_text_id!);
    expect(stored).toMatchObject({ version: v1.version, body: v1.body });
    expect(stored!.body).not.toContain("新增的一条承诺内容");

    // A cadre who read version 1 and posts after the change is asked to read the new version.
    const other = await makeUser(db, { orgId: bureau.east.id, name: "钱松" });
    const next = await openCase(bureau, { employeeNo: other.employee_no });
    expect(await sign(next.caseId, other.id, "钱松", v1.id)).toEqual({ kind: "refused", message: "承诺书内容已经更新，请阅读更新后的承诺书再签署" });
    expect(await sign(next.caseId, other.id, "钱松")).toMatchObject({ kind: "done" });
    expect((await caseRow(next.caseId)).commitment_text_id).not.toBe(v1.id);
  });

  test("a valid earlier pass can be reused instead of a new test", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    const first = await openCase(bureau);
    await takeCaseExam(db, { examId: first.row.exam_id!, userId: bureau.cadre.id, pass: true, seed: 4 });
    await sign(first.caseId, bureau.cadre.id, "王林");
    await talk(first.scope, first.caseId, bureau.eastOrganizer.id);
    await syncOpenCases(db, { now: new Date(), scope: first.scope });
    expect((await caseRow(first.caseId)).status).toBe("completed");

    const passes = await validEarlierPasses(db, { cadreId: bureau.cadre.id, decidedOn: today(), validityYears: 2, timeZone: TZ });
    expect(passes).toHaveLength(1);
    const second = await openCase(bureau, { post: "青山林场场长", testSource: "reuse", reuseAttemptId: passes[0].attemptId });
    expect(second.row).toMatchObject({ exam_id: null, test_result: "reused", reused_attempt_id: passes[0].attemptId, test_score: 100 });
    const [, reuse] = await listCaseHistory(db, second.caseId);
    expect(reuse.note).toContain(`有效期至 ${passes[0].validUntil}`);

    // Someone else's pass, or one that is not valid on the decision date, is refused.
    const scope = first.scope;
    const other = await makeUser(db, { orgId: bureau.east.id, name: "李桦" });
    const foreign = await createCase(db, scope, { ...caseInput(other.employee_no, bureau.eastOrganizer.id, { testSource: "reuse", reuseAttemptId: passes[0].attemptId }), actorId: bureau.eastOrganizer.id, ip: null, now: new Date(), timeZone: TZ });
    expect(foreign).toEqual({ kind: "refused", fieldErrors: { reuseAttemptId: "所选成绩不是该干部在有效期内的任前考试合格成绩" } });
    expect(await validEarlierPasses(db, { cadreId: bureau.cadre.id, decidedOn: `${Number(today().slice(0, 4)) + 3}-01-01`, validityYears: 2, timeZone: TZ })).toEqual([]);
  });

  test("bad input when opening a case gets a clear error and creates nothing", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    const scope = await scopeForOrg(db, bureau.east.id);
    const actor = { actorId: bureau.eastOrganizer.id, ip: null, now: new Date(), timeZone: TZ };
    const before = await db.selectFrom("appointment_cases").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const examsBefore = await db.selectFrom("exams").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();

    expect(await createCase(db, scope, { ...caseInput(bureau.westCadre.employee_no, bureau.eastOrganizer.id), ...actor })).toEqual({
      kind: "refused",
      fieldErrors: { employeeNo: `工号 ${bureau.westCadre.employee_no} 不是您管理范围内的在册干部` },
    });
    expect(await createCase(db, scope, { ...caseInput(bureau.cadre.employee_no, bureau.eastOrganizer.id, { decidedOn: "2999-01-01" }), ...actor })).toEqual({
      kind: "refused",
      fieldErrors: { decidedOn: "任用决定日期不能晚于今天" },
    });
    expect(await createCase(db, scope, { ...caseInput(bureau.cadre.employee_no, bureau.westOrganizer.id), ...actor })).toEqual({
      kind: "refused",
      fieldErrors: { organizerId: "负责的组织者须是能管理该干部的组织者" },
    });
    expect(await createCase(db, scope, { ...caseInput(bureau.cadre.employee_no, bureau.eastOrganizer.id, { testSource: "template", templateExamId: 999999 }), ...actor })).toEqual({
      kind: "refused",
      fieldErrors: { templateExamId: "请选择您管理范围内的任前考试作为试卷" },
    });
    expect((await db.selectFrom("appointment_cases").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n).toBe(before.n);
    expect((await db.selectFrom("exams").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n).toBe(examsBefore.n);

    await openCase(bureau);
    expect(await createCase(db, scope, { ...caseInput(bureau.cadre.employee_no, bureau.eastOrganizer.id), ...actor })).toEqual({
      kind: "refused",
      fieldErrors: { employeeNo: "王林 已有进行中的任前事项（拟任东方红林场副场长），请先办结" },
    });
  });

  test("a sibling branch's organizer reaches nothing, and a cadre signs only their own case", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    const { caseId } = await openCase(bureau);
    const westScope = await scopeForOrg(db, bureau.west.id);
    expect(await getCaseInScope(db, westScope, caseId)).toBeUndefined();
    expect(await talk(westScope, caseId, bureau.westOrganizer.id)).toEqual({ kind: "not_found" });
    expect(await decideCase(db, westScope, { caseId, decision: "cancel", reason: "越界", actorId: bureau.westOrganizer.id, ip: null, now: new Date(), timeZone: TZ })).toEqual({ kind: "not_found" });
    expect((await listBoardCases(db, westScope, {}, new Date())).map((c) => c.id)).not.toContain(caseId);

    expect(await getOwnCase(db, bureau.westCadre.id, caseId)).toBeUndefined();
    expect(await sign(caseId, bureau.westCadre.id, "王林")).toEqual({ kind: "not_found" });
    expect(await caseRow(caseId)).toMatchObject({ status: "open", commitment_signed_at: null, talk_on: null });
  });

  test("a case that is not waiting for a signature refuses one and stays as it is", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    const { scope, caseId } = await openCase(bureau);
    expect(await decideCase(db, scope, { caseId, decision: "cancel", reason: "任职安排调整", actorId: bureau.eastOrganizer.id, ip: null, now: new Date(), timeZone: TZ })).toMatchObject({ kind: "done" });
    const before = await caseRow(caseId);
    expect(await sign(caseId, bureau.cadre.id, "王林")).toEqual({ kind: "refused", message: "该任前事项已取消，已经办结，不能再更改" });
    expect(await caseRow(caseId)).toEqual(before);
  });

  test("a cadre who moves to another branch before the test keeps the case's exam", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    const { row } = await openCase(bureau);
    const cadre = (await getCadre(db, { kind: "all" }, bureau.cadre.id))!;
    const moved = await updateCadre(db, await scopeForOrg(db, bureau.root.id), {
      cadreId: cadre.id,
      fields: { ...fieldsOf(cadre), orgId: bureau.west.id },
      effectiveOn: today(),
      note: null,
      actorId: bureau.admin.id,
      ip: null,
      now: new Date(),
      timeZone: TZ,
    });
    expect(moved).toMatchObject({ kind: "updated" });
    expect(await db.selectFrom("exam_audience").select("user_id").where("exam_id", "=", row.exam_id!).execute()).toEqual([{ user_id: bureau.cadre.id }]);
    expect((await startAttempt(db, { examId: row.exam_id!, userId: bureau.cadre.id, now: new Date(), seed: 9 })).kind).toBe("started");
  });

  test("the 任前 section is empty for a cadre without cases", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    expect(await appointmentsRecordSection(db, { cadreId: bureau.westCadre.id, now: new Date(), timeZone: TZ })).toEqual({
      key: "appointments",
      title: "任前",
      facts: [],
      tables: [],
      emptyText: "暂无任前记录",
    });
  });
});
