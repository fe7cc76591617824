import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type { DB } from "../../db/client";
import type { Table } from "~/domain/statistics/report-tables";
import { formatCell } from "~/domain/statistics/format";
import { createCase } from "~/models/appointments.server";
import { currentCommitmentText } from "~/models/appointment-settings.server";
import { scopeForOrg } from "~/models/orgs.server";
import type { RecordSection } from "~/domain/cadre-record";
import { loader as homeLoader } from "~/routes/_index";
import { loader as historyLoader } from "~/routes/history";
import { loader as recordLoader } from "~/routes/manage.cadres.$cadreId_.record";
import { action as signAction, loader as signLoader } from "~/routes/appointments.$caseId.commitment";
import { loader as printLoader } from "~/routes/appointments.$caseId.commitment_.print";
import { action as examStartAction, loader as examStartLoader } from "~/routes/exams.$examId";
import { action as caseAction, loader as caseLoader } from "~/routes/manage.appointments.$caseId";
import { loader as boardLoader } from "~/routes/manage.appointments._index";
import { loader as csvLoader } from "~/routes/manage.appointments.export[.]csv";
import { loader as xlsxLoader } from "~/routes/manage.appointments.export[.]xlsx";
import { action as newAction } from "~/routes/manage.appointments.new";
import { action as settingsAction, loader as settingsLoader } from "~/routes/manage.appointments.settings";
import { loader as examReportLoader } from "~/routes/manage.exams.$examId_.report";
import { neutralizeFormula, parseCsv } from "~/utils/csv";

import { arrangeAppointmentBureau, importAppointmentBank, setBirthDate, takeCaseExam } from "../support/appointment-fixtures";
import { callRoute, sessionCookieFor } from "../support/route-calls";
import { createTestDatabase, makeUser } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;
const TZ = "Asia/Shanghai";
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
  await importAppointmentBank(db);
});
afterAll(() => cleanup());

async function openCaseFor(bureau: Awaited<ReturnType<typeof arrangeAppointmentBureau>>, employeeNo = bureau.cadre.employee_no, post = "东方红林场副场长") {
  const created = await createCase(db, await scopeForOrg(db, bureau.east.id), {
    employeeNo,
    post,
    decidedOn: today(),
    organizerId: bureau.eastOrganizer.id,
    testSource: "standard",
    actorId: bureau.eastOrganizer.id,
    ip: null,
    now: new Date(),
    timeZone: TZ,
  });
  if (created.kind !== "created") throw new Error(JSON.stringify(created.fieldErrors));
  return created.caseId;
}

const caseRow = (id: number) => db.selectFrom("appointment_cases").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const deniedTargets = async (userId: number) =>
  (await db.selectFrom("audit_log").select("target").where("actor_id", "=", userId).where("action", "=", "access.denied").orderBy("id").execute()).map((r) => r.target);

describe("pre-appointment pages", () => {
  test("an organizer opens a case through the form; bad input gets a clear error and creates nothing", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    const cookie = await sessionCookieFor(db, bureau.eastOrganizer.id);
    const form = { employeeNo: bureau.cadre.employee_no, post: "东方红林场副场长", documentNo: "", decidedOn: today(), organizerId: String(bureau.eastOrganizer.id), testSource: "standard" };
    const bad = await callRoute(newAction, { db, cookie, path: "/manage/appointments/new", form: { ...form, decidedOn: "2026-02-30", post: "" } });
    expect(bad).toMatchObject({ status: 400, data: { fieldErrors: { decidedOn: "任用决定日期不是有效的日期（格式如 2026-05-10）", post: "请填写新任职务" } } });
    const tampered = await callRoute(newAction, { db, cookie, path: "/manage/appointments/new", form: { ...form, testSource: "reuse:abc" } });
    expect(tampered).toMatchObject({ status: 400, data: { fieldErrors: { testSource: "请选择考试方式" } } });
    expect(await db.selectFrom("appointment_cases").selectAll().where("cadre_id", "=", bureau.cadre.id).execute()).toEqual([]);

    const created = await callRoute(newAction, { db, cookie, path: "/manage/appointments/new", form });
    expect(created.status).toBe(302);
    const [row] = await db.selectFrom("appointment_cases").selectAll().where("cadre_id", "=", bureau.cadre.id).execute();
    expect(row).toMatchObject({ post: "东方红林场副场长", document_no: null, organizer_id: bureau.eastOrganizer.id, status: "open" });
    const audit = await db.selectFrom("audit_log").selectAll().where("action", "=", "appointment.create").where("actor_id", "=", bureau.eastOrganizer.id).execute();
    expect(audit).toHaveLength(1);
  });

  test("a sibling branch's organizer gets 404 and an access.denied entry from every way in, and changes nothing", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    const caseId = await openCaseFor(bureau);
    const west = await sessionCookieFor(db, bureau.westOrganizer.id);
    const params = { caseId: String(caseId) };
    const urls = [`/manage/appointments/${caseId}`, `/manage/appointments/${caseId}`, `/appointments/${caseId}/commitment/print`];
    expect(await callRoute(caseLoader, { db, cookie: west, path: urls[0], params })).toMatchObject({ status: 404 });
    const talk = await callRoute(caseAction, { db, cookie: west, path: urls[1], params, form: { intent: "talk", talkOn: today(), summary: "越界", "talkers.0.name": "某人" } });
    expect(talk).toMatchObject({ status: 404 });
    expect(await callRoute(printLoader, { db, cookie: west, path: urls[2], params })).toMatchObject({ status: 404 });
    expect(await deniedTargets(bureau.westOrganizer.id)).toEqual(urls);
    expect(await caseRow(caseId)).toMatchObject({ talk_on: null, status: "open", revision: 1 });

    const board = await callRoute(boardLoader, { db, cookie: west, path: "/manage/appointments" });
    expect((board.data as { caseIds: number[] }).caseIds).not.toContain(caseId);
    const csv = await callRoute(csvLoader, { db, cookie: west, path: "/manage/appointments/export.csv" });
    expect(csv.data as string).not.toContain(bureau.cadre.employee_no);
  });

  test("a cadre can neither read nor sign another cadre's commitment: 404, logged, nothing signed", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    const caseId = await openCaseFor(bureau);
    const text = await currentCommitmentText(db, bureau.root.id, new Date());
    const other = await sessionCookieFor(db, bureau.westCadre.id);
    const params = { caseId: String(caseId) };
    const path = `/appointments/${caseId}/commitment`;
    expect(await callRoute(signLoader, { db, cookie: other, path, params })).toMatchObject({ status: 404 });
    const forged = await callRoute(signAction, { db, cookie: other, path, params, form: { textId: String(text.id), typedName: "王林", agree: "on" } });
    expect(forged).toMatchObject({ status: 404 });
    expect(await deniedTargets(bureau.westCadre.id)).toEqual([path, path]);
    expect((await caseRow(caseId)).commitment_signed_at).toBeNull();

    // The cadre's own: not ticked, wrong name, then signed; a second signature is refused.
    const own = await sessionCookieFor(db, bureau.cadre.id);
    const unticked = await callRoute(signAction, { db, cookie: own, path, params, form: { textId: String(text.id), typedName: "王林" } });
    expect(unticked).toMatchObject({ status: 400, data: { fieldErrors: { agree: "请勾选“我已阅读并承诺”" } } });
    const wrong = await callRoute(signAction, { db, cookie: own, path, params, form: { textId: String(text.id), typedName: "赵青", agree: "on" } });
    expect(wrong).toMatchObject({ status: 409, data: { fieldErrors: { typedName: "输入的姓名与您的姓名不一致，请输入您的完整姓名" } } });
    expect((await caseRow(caseId)).commitment_signed_at).toBeNull();
    expect(await callRoute(signAction, { db, cookie: own, path, params, form: { textId: String(text.id), typedName: "王林", agree: "on" } })).toMatchObject({ status: 302 });
    const again = await callRoute(signAction, { db, cookie: own, path, params, form: { textId: String(text.id), typedName: "王林", agree: "on" } });
    expect(again).toMatchObject({ status: 409, data: { message: "任前廉政承诺书已经签署，不能重复签署" } });

    // The print view, for the cadre and for the organizer in scope, says who signed and when.
    const printed = await callRoute(printLoader, { db, cookie: own, path: `${path}/print`, params });
    expect(printed.data).toMatchObject({ name: "王林", version: text.version, title: text.title });
    expect((printed.data as { signedAt: string }).signedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const organizerPrint = await callRoute(printLoader, { db, cookie: await sessionCookieFor(db, bureau.eastOrganizer.id), path: `${path}/print`, params });
    expect(organizerPrint.data).toMatchObject({ name: "王林", mine: false });
  });

  test("the cadre sees the commitment to sign and the test with its context; 开卷 on the start page and in the report", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    await setBirthDate(db, bureau.cadre.id, "1960-06-01");
    const caseId = await openCaseFor(bureau);
    const { exam_id: examId } = await caseRow(caseId);
    const cookie = await sessionCookieFor(db, bureau.cadre.id);
    const home = (await callRoute(homeLoader, { db, cookie, path: "/" })).data as {
      appointments: Array<{ id: number; signPending: boolean; state: string }>;
      exams: { open: Array<{ id: number; kind: string }> };
    };
    expect(home.appointments).toEqual([{ id: caseId, post: "东方红林场副场长", state: "待承诺、待谈话、待考试", signPending: true }]);
    expect(home.exams.open.find((e) => e.id === examId)?.kind).toBe("任前考试 · 拟任东方红林场副场长 · 开卷");

    const start = await callRoute(examStartLoader, { db, cookie, path: `/exams/${examId}`, params: { examId: String(examId) } });
    expect(start.data).toMatchObject({ exam: { appointment: { post: "东方红林场副场长", openBook: true, makeup: false }, passMark: 80, attemptsAllowed: 1 } });

    // After a fail, the start page offers the makeup: the case opens it before counting attempts.
    await takeCaseExam(db, { examId: examId!, userId: bureau.cadre.id, pass: false, seed: 31 });
    const again = await callRoute(examStartLoader, { db, cookie, path: `/exams/${examId}`, params: { examId: String(examId) } });
    expect(again.data).toMatchObject({ exam: { attemptsAllowed: 2, appointment: { makeup: true } }, action: { action: "start" } });
    expect(await callRoute(examStartAction, { db, cookie, path: `/exams/${examId}`, params: { examId: String(examId) }, form: {} })).toMatchObject({ status: 302 });

    const report = await callRoute(examReportLoader, { db, cookie: await sessionCookieFor(db, bureau.eastOrganizer.id), path: `/manage/exams/${examId}/report`, params: { examId: String(examId) } });
    expect(report.data).toMatchObject({ exam: { mode: "开卷" } });
  });

  test("the long-term file shows the 任前 section to the organizer and to the cadre", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    const caseId = await openCaseFor(bureau);
    await takeCaseExam(db, { examId: (await caseRow(caseId)).exam_id!, userId: bureau.cadre.id, pass: true, seed: 77 });
    const organizer = await callRoute(recordLoader, { db, cookie: await sessionCookieFor(db, bureau.eastOrganizer.id), path: `/manage/cadres/${bureau.cadre.id}/record`, params: { cadreId: String(bureau.cadre.id) } });
    const own = await callRoute(historyLoader, { db, cookie: await sessionCookieFor(db, bureau.cadre.id), path: "/history" });
    for (const page of [organizer, own]) {
      const section = (page.data as { sections: RecordSection[] }).sections.find((s) => s.key === "appointments")!;
      expect(section.title).toBe("任前");
      expect(section.tables[0].rows).toEqual([expect.objectContaining({ post: "东方红林场副场长", commitment: "待签署", talk: "待谈话", test: "通过（100 分）", score: 100, state: "待承诺、待谈话" })]);
    }
  });

  test("the case page records the talk, refuses bad input and changes to a closed case", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    const caseId = await openCaseFor(bureau);
    const cookie = await sessionCookieFor(db, bureau.eastOrganizer.id);
    const params = { caseId: String(caseId) };
    const path = `/manage/appointments/${caseId}`;
    const noTalker = await callRoute(caseAction, { db, cookie, path, params, form: { intent: "talk", talkOn: today(), summary: "谈话内容" } });
    expect(noTalker).toMatchObject({ status: 400, data: { fieldErrors: { "talkers.0.name": "请至少填写一名谈话人" } } });
    const future = await callRoute(caseAction, { db, cookie, path, params, form: { intent: "talk", talkOn: "2999-01-01", summary: "谈话内容", "talkers.0.name": "李书记" } });
    expect(future).toMatchObject({ status: 409, data: { fieldErrors: { talkOn: "谈话日期不能晚于今天" } } });
    const noReason = await callRoute(caseAction, { db, cookie, path, params, form: { intent: "defer", reason: "" } });
    expect(noReason).toMatchObject({ status: 409, data: { fieldErrors: { reason: "请填写原因（将记入事项记录）" } } });
    expect(await caseRow(caseId)).toMatchObject({ status: "open", talk_on: null, revision: 1 });

    const talk = await callRoute(caseAction, {
      db,
      cookie,
      path,
      params,
      form: { intent: "talk", talkOn: today(), summary: "提醒严守廉洁纪律", "talkers.0.name": "李书记", "talkers.0.post": "局党委书记", "talkers.1.name": "张部长" },
    });
    expect(talk.status).toBe(302);
    const page = await callRoute(caseLoader, { db, cookie, path, params });
    expect(page.data).toMatchObject({ talk: { on: today(), by: "李书记（局党委书记）、张部长", summary: "提醒严守廉洁纪律" }, state: "待承诺、待考试" });

    expect((await callRoute(caseAction, { db, cookie, path, params, form: { intent: "cancel", reason: "任职安排调整" } })).status).toBe(302);
    const closed = await callRoute(caseAction, { db, cookie, path, params, form: { intent: "talk", talkOn: today(), summary: "再改", "talkers.0.name": "李书记" } });
    expect(closed).toMatchObject({ status: 409, data: { message: "该任前事项已取消，已经办结，不能再更改" } });
    const history = (await callRoute(caseLoader, { db, cookie, path, params })).data as { history: Array<{ note: string; reason: string | null; change: string | null; who: string }> };
    expect(history.history.at(-1)).toMatchObject({ note: "取消任前事项", reason: "任职安排调整", change: "进行中 → 已取消", who: `东组织（${bureau.eastOrganizer.employee_no}）` });
  });

  test("settings are for administrators; a change is audited with before and after, bad input changes nothing", async () => {
    const bureau = await arrangeAppointmentBureau(db);
    const organizer = await sessionCookieFor(db, bureau.eastOrganizer.id);
    expect(await callRoute(settingsLoader, { db, cookie: organizer, path: "/manage/appointments/settings" })).toMatchObject({ status: 403 });
    expect(await deniedTargets(bureau.eastOrganizer.id)).toEqual(["/manage/appointments/settings"]);

    const admin = await sessionCookieFor(db, bureau.admin.id);
    const path = `/manage/appointments/settings?bureau=${bureau.root.id}`;
    const fields = {
      bureau: String(bureau.root.id),
      intent: "rules",
      passMark: "60",
      makeupAllowed: "on",
      secondFailAction: "cancel",
      openBook: "on",
      openBookAge: "55",
      validityYears: "3",
      durationMinutes: "90",
      windowDays: "20",
      "sections.0.count": "20",
      "sections.0.points": "2",
      "sections.0.minScore": "24",
      "sections.1.count": "10",
      "sections.1.points": "3",
      "sections.1.minScore": "",
      "sections.2.count": "20",
      "sections.2.points": "1",
      "sections.2.minScore": "",
      "sections.3.count": "5",
      "sections.3.points": "2",
      "sections.3.minScore": "",
    };
    const tooHigh = await callRoute(settingsAction, { db, cookie: admin, path, form: { ...fields, passMark: "150" } });
    expect(tooHigh).toMatchObject({ status: 422, data: { fieldErrors: { passMark: "及格线不能高于试卷满分 100 分" } } });
    const tooMany = await callRoute(settingsAction, { db, cookie: admin, path, form: { ...fields, "sections.0.count": "90" } });
    expect(tooMany).toMatchObject({ status: 422 });
    expect((tooMany.data as { fieldErrors: { sections: string } }).fieldErrors.sections).toContain("需要 90 题");
    expect(await db.selectFrom("appointment_settings").selectAll().where("bureau_org_id", "=", bureau.root.id).execute()).toEqual([]);

    expect((await callRoute(settingsAction, { db, cookie: admin, path, form: fields })).status).toBe(302);
    const page = (await callRoute(settingsLoader, { db, cookie: admin, path })).data as { rules: Record<string, unknown>; summary: string[] };
    expect(page.rules).toMatchObject({ passMark: 60, secondFailAction: "cancel", openBookAge: 55, validityYears: 3, durationMinutes: 90, windowDays: 20 });
    expect(page.summary[0]).toBe("满分 100 分，60 分及格，且单选题不低于 24 分");
    const [entry] = await db.selectFrom("audit_log").selectAll().where("action", "=", "appointment.settings").where("actor_id", "=", bureau.admin.id).execute();
    expect(JSON.parse(entry.detail!)).toMatchObject({ before: { passMark: 80, secondFailAction: "defer" }, after: { passMark: 60, secondFailAction: "cancel" } });

    // A case opened now gets the new rules: a 60-point pass mark and the section minimum on its exam.
    const caseId = await openCaseFor(bureau);
    const exam = await db.selectFrom("exams").selectAll().where("id", "=", (await caseRow(caseId)).exam_id!).executeTakeFirstOrThrow();
    expect(exam).toMatchObject({ pass_mark: 60, section_minimums: 1, duration_minutes: 90 });

    const text = await callRoute(settingsAction, { db, cookie: admin, path, form: { bureau: String(bureau.root.id), intent: "text", title: "任前廉政承诺书", body: "太短" } });
    expect(text).toMatchObject({ status: 400, data: { fieldErrors: { body: "承诺书正文至少 20 字" } } });
  });

  test("the board's export equals the page: the same cells in .xlsx (read by openpyxl) and CSV, formula-safe, audited", async (ctx) => {
    const bureau = await arrangeAppointmentBureau(db);
    const second = await makeUser(db, { orgId: bureau.east.id, name: "=1+2 孙杉" });
    await openCaseFor(bureau);
    const passing = await openCaseFor(bureau, second.employee_no, "+红星林场场长");
    await takeCaseExam(db, { examId: (await caseRow(passing)).exam_id!, userId: second.id, pass: true, seed: 5 });

    const cookie = await sessionCookieFor(db, bureau.eastOrganizer.id);
    const query = `?year=${today().slice(0, 4)}`;
    const page = (await callRoute(boardLoader, { db, cookie, path: `/manage/appointments${query}` })).data as { table: Table; yearTable: Table; sentence: string };
    expect(page.table.rows).toHaveLength(2);
    expect(page.yearTable.rows).toEqual([[bureau.east.name, 2, 0], ["合计", 2, 0]]);
    // What the page prints in each cell, with the apostrophe the files put before formula-looking text.
    const shown = (table: Table) => [table.columns.map((c) => c.header), ...table.rows.map((row) => row.map((v, i) => neutralizeFormula(formatCell(table.columns[i].kind, v))))];

    const csv = await callRoute(csvLoader, { db, cookie, path: `/manage/appointments/export.csv${query}` });
    expect(parseCsv((csv.data as string).replace(/^\uFEFF/, ""))).toEqual(shown(page.table));

    const python = "/usr/bin/python3";
    try {
      execFileSync(python, ["-c", "import openpyxl"], { stdio: "ignore" });
    } catch {
      ctx.skip("openpyxl is not installed for /usr/bin/python3 (apt-get install python3-openpyxl)");
    }
    const { loader } = { loader: xlsxLoader };
    const args = { request: new Request(`http://localhost/manage/appointments/export.xlsx${query}`, { headers: { Cookie: cookie } }), params: {}, context: { db, clientAddress: "127.0.0.1", timeZone: TZ } };
    const response = (await loader(args as never)) as Response;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-board-")), "board.xlsx");
    fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const script = [
      "import json, sys, openpyxl",
      "wb = openpyxl.load_workbook(sys.argv[1])",
      "out = {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}",
      "formulas = [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == 'f']",
      "print(json.dumps({'sheets': out, 'formulas': formulas}, ensure_ascii=False))",
    ].join("\n");
    const read = JSON.parse(execFileSync(python, ["-c", script, file], { encoding: "utf8" })) as { sheets: Record<string, unknown[][]>; formulas: string[] };
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    expect(read.formulas).toEqual([]);
    expect(Object.keys(read.sheets)).toEqual(["任前事项", `${today().slice(0, 4)}年度统计`]);
    const asText = (rows: unknown[][]) => rows.map((r) => r.map((v) => String(v)));
    expect(asText(read.sheets["任前事项"])).toEqual(shown(page.table));
    expect(asText(read.sheets[`${today().slice(0, 4)}年度统计`])).toEqual(shown(page.yearTable));
    expect(read.sheets["任前事项"].some((r) => r[2] === "'=1+2 孙杉")).toBe(true);

    const exports = await db.selectFrom("audit_log").selectAll().where("action", "=", "appointment.export").where("actor_id", "=", bureau.eastOrganizer.id).execute();
    expect(exports.map((e) => JSON.parse(e.detail!).format)).toEqual(["csv", "xlsx"]);
  });
});
