import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import ExcelJS from "exceljs";

import type { DB } from "../../db/client";
import { seedDemoBureau } from "../../db/seed";
import { seedDemoLawStudy } from "../../db/seed-law-study";
import { completionTable, planTable } from "~/domain/law-study/completion";
import { questionAt } from "~/domain/exams/question-ref";
import { loadPaper } from "~/models/attempt-storage.server";
import { saveResponses, startAttempt, submitAttempt } from "~/models/attempts.server";
import { loadCadreRecord } from "~/models/cadre-record.server";
import { importBundledBanks } from "~/models/bank-transfer.server";
import { loadAttendeeFacts, loadYearPlan } from "~/models/law-completion.server";
import { createModule } from "~/models/law-modules.server";
import { listToStudy, recordOpen } from "~/models/law-reading.server";
import { importRegulationsDir, previewRegulationText } from "~/models/regulation-transfer.server";
import { saveRegulationText } from "~/models/regulations.server";
import { loader as attendeeLoader } from "~/routes/law-study.$meetingId";
import { action as readingAction } from "~/routes/law-study.$meetingId_.reading";
import { action as planAction, loader as planLoader } from "~/routes/manage.law-study._index";
import { action as meetingAction, loader as meetingLoader } from "~/routes/manage.law-study.meetings.$meetingId";
import { loader as meetingCsvLoader } from "~/routes/manage.law-study.meetings.$meetingId_.report[.]csv";
import { loader as meetingXlsxLoader } from "~/routes/manage.law-study.meetings.$meetingId_.report[.]xlsx";
import { loader as planXlsxLoader } from "~/routes/manage.law-study.plan[.]xlsx";
import { loader as homeLoader } from "~/routes/_index";
import { formatLocalDateTime } from "~/domain/local-datetime";
import { yearOf } from "~/domain/law-study/plan";

import { uniqueSlug } from "../support/bank-fixtures";
import { generatedBank, importGeneratedBank } from "../support/exam-fixtures";
import { callRoute, sessionCookieFor } from "../support/route-calls";
import { hasOfficialTexts, OFFICIAL_TEXTS, officialTextsNote } from "../support/official-texts";
import { createTestDatabase, makeOrg, makeUser } from "../support/test-db";

const TZ = "Asia/Shanghai";
const DAY = 24 * 3600_000;
const TEXT = ["某某林区管理办法", "第一章 总则", "第一条 甲。", "第二条 乙。", "第三条 丙。", "第二章 附则", "第四条 丁。", "第五条 戊。"].join("\n");

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(async () => cleanup());

type Call = { userId: number; path: string; params?: Record<string, string>; form?: Record<string, string> };
async function call(handler: Parameters<typeof callRoute>[0], input: Call) {
  return callRoute(handler, { db, cookie: await sessionCookieFor(db, input.userId), path: input.path, params: input.params, form: input.form });
}
async function download(handler: (args: never) => unknown, input: { userId: number; path: string; params?: Record<string, string> }): Promise<Response> {
  const request = new Request(`http://localhost${input.path}`, { headers: { Cookie: await sessionCookieFor(db, input.userId) } });
  return (await handler({ request, params: input.params ?? {}, context: { db, clientAddress: "127.0.0.1", timeZone: TZ } } as never)) as Response;
}

/** A bureau with two branches, leaders and staff in each, a regulation text, a bank citing it, and a module with a fixed quiz. */
async function arrange() {
  const tag = uniqueSlug("law");
  const root = await makeOrg(db, `学法测试林业局-${tag}`);
  const east = await makeOrg(db, `学法东支部-${tag}`, root.id);
  const west = await makeOrg(db, `学法西支部-${tag}`, root.id);
  const organizer = await makeUser(db, { orgId: east.id, role: "organizer", scopeOrgId: east.id });
  const westOrganizer = await makeUser(db, { orgId: west.id, role: "organizer", scopeOrgId: west.id });
  const leaderA = await makeUser(db, { orgId: east.id, isLeader: true, name: "东甲" });
  const leaderB = await makeUser(db, { orgId: east.id, isLeader: true, name: "东乙" });
  const staff = await makeUser(db, { orgId: east.id, name: "东丙" });
  const westLeader = await makeUser(db, { orgId: west.id, isLeader: true, name: "西甲" });
  const preview = previewRegulationText(TEXT, "办法");
  if (!preview.ok) throw new Error("text");
  const saved = await saveRegulationText(db, { slug: tag, facts: { ...preview.facts, title: `林区管理办法-${tag}` }, updateFacts: false, structure: preview.structure, fileName: null, origin: "cli", actorId: null, ip: null, now: new Date() });
  const version = await db.selectFrom("regulation_versions").select("id").where("regulation_id", "=", saved.regulationId).executeTakeFirstOrThrow();
  const bank = generatedBank(uniqueSlug("lawbank"), 1, 4);
  await importGeneratedBank(db, bank);
  const quiz = bank.questions.filter((q) => q.type === "single" || q.type === "judge").slice(0, 4).map((q) => `${bank.bank}@1#${q.id}`);
  const module = await createModule(db, {
    form: { title: `测试模块-${tag}`, source: `v:${version.id}`, focus: "第二条、第三条", keyPoints: "乙的要点（第二条）\n丙的要点（第三条）", quizKind: "fixed", quizBank: "", quizSingle: 0, quizJudge: 0, quizFixed: quiz.join("\n"), passMark: 60 },
    ownerOrgId: east.id,
    actorId: organizer.id,
    ip: null,
    now: new Date(),
  });
  if (!module.ok) throw new Error(JSON.stringify(module.errors));
  return { tag, root, east, west, organizer, westOrganizer, leaderA, leaderB, staff, westLeader, regulationId: saved.regulationId, moduleId: module.moduleId };
}

async function planMeeting(a: Awaited<ReturnType<typeof arrange>>, startsAt: Date, type = "party_committee") {
  const year = yearOf(startsAt.toISOString(), TZ);
  const result = await call(planAction, {
    userId: a.organizer.id,
    path: `/manage/law-study?year=${year}&org=${a.east.id}`,
    form: { type, title: `学法会议-${a.tag}`, startsAt: formatLocalDateTime(startsAt, TZ), lecturer: "书记", moduleId: String(a.moduleId) },
  });
  expect(result.status).toBe(302);
  const meeting = await db.selectFrom("law_meetings").selectAll().where("title", "=", `学法会议-${a.tag}`).orderBy("id", "desc").executeTakeFirstOrThrow();
  return meeting;
}

async function schedule(a: Awaited<ReturnType<typeof arrange>>, meetingId: number, form: Record<string, string> = { "audience.leadersOnly": "on" }) {
  return call(meetingAction, { userId: a.organizer.id, path: `/manage/law-study/meetings/${meetingId}`, params: { meetingId: String(meetingId) }, form: { intent: "schedule", ...form } });
}

async function passQuiz(examId: number, userId: number) {
  const started = await startAttempt(db, { examId, userId, now: new Date(), seed: 7 });
  if (started.kind === "blocked") throw new Error("blocked");
  const paper = await loadPaper(db, started.attemptId);
  const answers = paper.sections.flatMap((s, si) =>
    s.questions.map((_, qi) => {
      const q = questionAt(paper, `${si}:${qi}`)!;
      const response = q.answer.kind === "single" ? { kind: "single" as const, option: q.optionOrder.indexOf(q.answer.option) } : { kind: "judge" as const, value: q.answer.kind === "judge" ? q.answer.value : true };
      return { ref: `${si}:${qi}`, response };
    }),
  );
  await saveResponses(db, { attemptId: started.attemptId, userId, answers, seq: 1, now: new Date() });
  await submitAttempt(db, { attemptId: started.attemptId, userId, now: new Date() });
}

describe("a meeting from plan to completion", () => {
  test("the attendees are the exam audience spec's cadres, and the quiz is a real law_study exam published to exactly them", async () => {
    const a = await arrange();
    const meeting = await planMeeting(a, new Date(Date.now() + 2 * DAY));
    expect(meeting.status).toBe("planned");
    const scheduled = await schedule(a, meeting.id);
    expect(scheduled.status).toBe(302);
    const attendees = await db.selectFrom("law_attendees").select("user_id").where("meeting_id", "=", meeting.id).execute();
    expect(attendees.map((r) => r.user_id).sort()).toEqual([a.leaderA.id, a.leaderB.id].sort());
    const after = await db.selectFrom("law_meetings").selectAll().where("id", "=", meeting.id).executeTakeFirstOrThrow();
    const exam = await db.selectFrom("exams").selectAll().where("id", "=", after.quiz_exam_id!).executeTakeFirstOrThrow();
    expect([exam.kind, exam.status, exam.pass_mark]).toEqual(["law_study", "published", 60]);
    const audience = await db.selectFrom("exam_audience").select("user_id").where("exam_id", "=", exam.id).execute();
    expect(audience.map((r) => r.user_id).sort()).toEqual([a.leaderA.id, a.leaderB.id].sort());
  });

  test("the outline opens 3 days before the meeting: before that the attendee sees only when, then the key points and 待学习 on the home page", async () => {
    const a = await arrange();
    const later = await planMeeting(a, new Date(Date.now() + 5 * DAY));
    await schedule(a, later.id);
    const locked = await call(attendeeLoader, { userId: a.leaderA.id, path: `/law-study/${later.id}`, params: { meetingId: String(later.id) } });
    expect(locked.data).toMatchObject({ locked: true });
    expect(JSON.stringify(locked.data)).not.toContain("乙的要点");
    const home = (await call(homeLoader, { userId: a.leaderA.id, path: "/" })).data as { toStudy: Array<{ id: number }> };
    expect(home.toStudy.map((m) => m.id)).not.toContain(later.id);

    await db.updateTable("law_meetings").set({ starts_at: new Date(Date.now() + 3 * DAY - 60_000).toISOString() }).where("id", "=", later.id).execute();
    const open = await call(attendeeLoader, { userId: a.leaderA.id, path: `/law-study/${later.id}`, params: { meetingId: String(later.id) } });
    expect(open.data).toMatchObject({ locked: false, module: { focus: ["第二条", "第三条"], keyPoints: [{ text: "乙的要点（第二条）" }, { text: "丙的要点（第三条）" }] } });
    expect((open.data as { focusArticles: Array<{ number: string }> }).focusArticles.map((x) => x.number)).toEqual(["第二条", "第三条"]);
    const row = await db.selectFrom("law_attendees").selectAll().where("meeting_id", "=", later.id).where("user_id", "=", a.leaderA.id).executeTakeFirstOrThrow();
    expect(row.opened_at).not.toBeNull();
    const homeNow = (await call(homeLoader, { userId: a.leaderA.id, path: "/" })).data as { toStudy: Array<{ id: number }> };
    expect(homeNow.toStudy.map((m) => m.id)).toContain(later.id);
  });

  test("a forged reading time is capped by the server's clock; a malformed one adds nothing", async () => {
    const a = await arrange();
    const meeting = await planMeeting(a, new Date(Date.now() + DAY));
    await schedule(a, meeting.id);
    const opened = new Date(Date.now() - 20_000);
    await recordOpen(db, { meetingId: meeting.id, userId: a.leaderA.id, now: opened });
    const report = (form: Record<string, string>) => call(readingAction, { userId: a.leaderA.id, path: `/law-study/${meeting.id}/reading`, params: { meetingId: String(meeting.id) }, form });
    const forged = await report({ seconds: "3600", reachedEnd: "0" });
    expect(forged.status).toBe(200);
    const total = (forged.data as { activeSeconds: number }).activeSeconds;
    expect(total).toBeGreaterThanOrEqual(19);
    expect(total).toBeLessThanOrEqual(21);
    const replay = await report({ seconds: "3600", reachedEnd: "0" });
    expect((replay.data as { activeSeconds: number }).activeSeconds).toBeLessThanOrEqual(total + 1);
    const junk = await report({ seconds: "lots", reachedEnd: "1" });
    expect(junk.status).toBe(200);
    const row = await db.selectFrom("law_attendees").selectAll().where("meeting_id", "=", meeting.id).where("user_id", "=", a.leaderA.id).executeTakeFirstOrThrow();
    expect(row.active_seconds).toBeLessThanOrEqual(total + 1);
    expect(row.reached_end_at).toBeNull();
  });

  test("a reading report for someone else's meeting answers 404, changes nothing and is audited", async () => {
    const a = await arrange();
    const meeting = await planMeeting(a, new Date(Date.now() + DAY));
    await schedule(a, meeting.id);
    const result = await call(readingAction, { userId: a.staff.id, path: `/law-study/${meeting.id}/reading`, params: { meetingId: String(meeting.id) }, form: { seconds: "30", reachedEnd: "1" } });
    expect(result.status).toBe(404);
    expect(await db.selectFrom("law_attendees").select("user_id").where("meeting_id", "=", meeting.id).where("user_id", "=", a.staff.id).execute()).toEqual([]);
    const denied = await db.selectFrom("audit_log").select("target").where("action", "=", "access.denied").where("actor_id", "=", a.staff.id).execute();
    expect(denied.map((d) => d.target)).toContain(`/law-study/${meeting.id}/reading`);
    const page = await call(attendeeLoader, { userId: a.staff.id, path: `/law-study/${meeting.id}`, params: { meetingId: String(meeting.id) } });
    expect(page.status).toBe(404);
  });

  test("attendance, completion per meeting and the year's count; the exports say what the page says", async () => {
    const a = await arrange();
    const meeting = await planMeeting(a, new Date(Date.now() + DAY));
    await schedule(a, meeting.id);
    const params = { meetingId: String(meeting.id) };
    const path = `/manage/law-study/meetings/${meeting.id}`;
    const early = await call(meetingAction, { userId: a.organizer.id, path, params, form: { intent: "attendance", [`attendance.${a.leaderA.id}`]: "present" } });
    expect(early.status).toBe(422);
    expect(JSON.stringify(early.data)).toContain("会议开始后才能记录出勤");

    await db.updateTable("law_meetings").set({ starts_at: new Date(Date.now() - 3600_000).toISOString() }).where("id", "=", meeting.id).execute();
    const quizExamId = (await db.selectFrom("law_meetings").select("quiz_exam_id").where("id", "=", meeting.id).executeTakeFirstOrThrow()).quiz_exam_id!;
    await passQuiz(quizExamId, a.leaderA.id);
    await call(readingAction, { userId: a.leaderA.id, path: `${path}/reading`, params, form: { intent: "finish" } });

    const year = yearOf(new Date().toISOString(), TZ);
    const planPath = `/manage/law-study?year=${year}&org=${a.east.id}`;
    const countOf = async () => ((await call(planLoader, { userId: a.organizer.id, path: planPath })).data as { count: { regulations: number } }).count.regulations;
    expect(await countOf()).toBe(0);

    const noReason = await call(meetingAction, { userId: a.organizer.id, path, params, form: { intent: "attendance", [`attendance.${a.leaderA.id}`]: "present", [`attendance.${a.leaderB.id}`]: "absent" } });
    expect(noReason.status).toBe(422);
    expect(JSON.stringify(noReason.data)).toContain("缺席须填写原因");
    // A tampered row for someone who is not an attendee (a cadre of another branch) is ignored.
    const saved = await call(meetingAction, {
      userId: a.organizer.id,
      path,
      params,
      form: { intent: "attendance", [`attendance.${a.leaderA.id}`]: "present", [`attendance.${a.leaderB.id}`]: "absent", [`reason.${a.leaderB.id}`]: "出差", [`attendance.${a.westLeader.id}`]: "present" },
    });
    expect(saved.status).toBe(302);
    expect(await db.selectFrom("law_attendees").select("user_id").where("user_id", "=", a.westLeader.id).execute()).toEqual([]);

    const page = (await call(meetingLoader, { userId: a.organizer.id, path, params })).data as { phase: string; summary: Record<string, number>; table: { rows: unknown[][] } };
    expect(page.phase).toBe("complete");
    expect(page.summary).toMatchObject({ attendees: 2, present: 1, absent: 1, finished: 1, quizPassed: 1 });
    expect(await countOf()).toBe(1);

    const facts = await loadAttendeeFacts(db, { id: meeting.id, quiz_exam_id: quizExamId });
    const expected = completionTable(facts, (i) => i);
    expect(page.table.rows.map((r) => r.slice(0, 7))).toEqual(expected.rows.map((r) => r.slice(0, 7)));
    const byName = Object.fromEntries(page.table.rows.map((r) => [r[2], r]));
    // 已学完 without JavaScript adds no time: only measured, visible seconds count.
    expect(byName["东甲"].slice(4, 7)).toEqual(["出席", "已读完", "0 分钟"]);
    expect(byName["东甲"][8]).toBe("通过");
    expect(byName["东乙"][4]).toBe("缺席（出差）");

    const xlsx = await download(meetingXlsxLoader as never, { userId: a.organizer.id, path: `${path}/report.xlsx`, params });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet("学习情况")!;
    const fileRows: unknown[][] = [];
    sheet.eachRow((row, n) => n > 1 && fileRows.push((row.values as unknown[]).slice(1)));
    expect(fileRows.map((r) => r.map((v) => (v === undefined ? null : v)))).toEqual(page.table.rows.map((r) => r.map((v) => (v === null ? "—" : v))));

    const csv = await (await download(meetingCsvLoader as never, { userId: a.organizer.id, path: `${path}/report.csv`, params })).text();
    const lines = csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0].split(",")).toEqual(expected.columns.map((c) => c.header));
    expect(lines).toHaveLength(3);
    expect(csv).toContain("缺席（出差）");

    const planXlsx = await download(planXlsxLoader as never, { userId: a.organizer.id, path: `/manage/law-study/plan.xlsx?year=${year}&org=${a.east.id}` });
    const planBook = new ExcelJS.Workbook();
    await planBook.xlsx.load(Buffer.from(await planXlsx.arrayBuffer()) as never);
    const planPage = (await call(planLoader, { userId: a.organizer.id, path: planPath })).data as { table: ReturnType<typeof planTable> };
    const planRows: unknown[][] = [];
    planBook.getWorksheet("学法计划")!.eachRow((row, n) => n > 1 && planRows.push((row.values as unknown[]).slice(1)));
    expect(planRows).toEqual(planPage.table.rows);
    const countRows: unknown[][] = [];
    planBook.getWorksheet("年度统计")!.eachRow((row) => countRows.push((row.values as unknown[]).slice(1)));
    expect(countRows[1]).toEqual([`${year}年 ${a.east.name}：会前学法（部）`, 1]);
    const exports = await db.selectFrom("audit_log").select("detail").where("action", "=", "law.export").where("actor_id", "=", a.organizer.id).execute();
    expect(exports.map((e) => JSON.parse(e.detail!).format).sort()).toEqual(["csv", "xlsx", "xlsx"]);

    const python = "/usr/bin/python3";
    let hasOpenpyxl = true;
    try {
      execFileSync(python, ["-c", "import openpyxl"], { stdio: "ignore" });
    } catch {
      hasOpenpyxl = false;
    }
    if (hasOpenpyxl) {
      const again = await download(meetingXlsxLoader as never, { userId: a.organizer.id, path: `${path}/report.xlsx`, params });
      const file = path_join(await again.arrayBuffer());
      const names = JSON.parse(execFileSync(python, ["-c", "import json,sys,openpyxl; ws=openpyxl.load_workbook(sys.argv[1])['学习情况']; print(json.dumps([c.value for c in ws['C']][1:], ensure_ascii=False))", file], { encoding: "utf8" }));
      expect(names.sort()).toEqual(["东乙", "东甲"].sort());
    }

    const record = await loadCadreRecord(db, { cadreId: a.leaderA.id, now: new Date(), timeZone: TZ });
    const section = record.find((s) => s.key === "law_study")!;
    expect(section.title).toBe("学法");
    expect(section.tables[0].rows[0]).toMatchObject({ meeting: `学法会议-${a.tag}`, attendance: "出席", reading: "已读完", quiz: "通过" });
  });
});

function path_join(bytes: ArrayBuffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-law-")), "meeting.xlsx");
  fs.writeFileSync(file, Buffer.from(bytes));
  return file;
}

describe("scope", () => {
  test("an organizer of a sibling branch cannot open, schedule or export the meeting: 404, audited", async () => {
    const a = await arrange();
    const meeting = await planMeeting(a, new Date(Date.now() + 2 * DAY));
    const params = { meetingId: String(meeting.id) };
    const page = await call(meetingLoader, { userId: a.westOrganizer.id, path: `/manage/law-study/meetings/${meeting.id}`, params });
    expect(page.status).toBe(404);
    const post = await call(meetingAction, { userId: a.westOrganizer.id, path: `/manage/law-study/meetings/${meeting.id}`, params, form: { intent: "schedule", "audience.leadersOnly": "on" } });
    expect(post.status).toBe(404);
    const file = await call(meetingXlsxLoader as never, { userId: a.westOrganizer.id, path: `/manage/law-study/meetings/${meeting.id}/report.xlsx`, params });
    expect(file.status).toBe(404);
    const plan = await call(planLoader, { userId: a.westOrganizer.id, path: `/manage/law-study?org=${a.east.id}` });
    expect(plan.status).toBe(404);
    expect((await db.selectFrom("law_meetings").select("status").where("id", "=", meeting.id).executeTakeFirstOrThrow()).status).toBe("planned");
    const denied = await db.selectFrom("audit_log").select("target").where("action", "=", "access.denied").where("actor_id", "=", a.westOrganizer.id).execute();
    expect(denied.length).toBe(4);
  });

  test("an attendee list naming a cadre or an organization outside the meeting's organization is refused, changes nothing, and is audited", async () => {
    const a = await arrange();
    const meeting = await planMeeting(a, new Date(Date.now() + 2 * DAY));
    const outsider = await schedule(a, meeting.id, { "audience.leadersOnly": "on", "audience.userIds": String(a.westLeader.id) });
    expect(outsider.status).toBe(422);
    expect(JSON.stringify(outsider.data)).toContain("不在本会议所属组织的范围内");
    const otherOrg = await schedule(a, meeting.id, { "audience.orgIds": String(a.west.id) });
    expect(otherOrg.status).toBe(422);
    expect((await db.selectFrom("law_meetings").select(["status", "quiz_exam_id"]).where("id", "=", meeting.id).executeTakeFirstOrThrow())).toEqual({ status: "planned", quiz_exam_id: null });
    expect(await db.selectFrom("law_attendees").select("user_id").where("meeting_id", "=", meeting.id).execute()).toEqual([]);
    const denied = await db.selectFrom("audit_log").select("detail").where("action", "=", "access.denied").where("actor_id", "=", a.organizer.id).execute();
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });

  test("a plan item for a module of a superseded text is allowed, with a warning on the plan page", async () => {
    const a = await arrange();
    await planMeeting(a, new Date(Date.now() + 2 * DAY));
    await db.updateTable("regulations").set({ status: "revised" }).where("id", "=", a.regulationId).execute();
    const year = yearOf(new Date(Date.now() + 2 * DAY).toISOString(), TZ);
    const page = (await call(planLoader, { userId: a.organizer.id, path: `/manage/law-study?year=${year}&org=${a.east.id}` })).data as { warnings: string[] };
    expect(page.warnings.some((w) => w.includes("已被修订或废止"))).toBe(true);
    expect(page.warnings.some((w) => w.includes("少于 12 次"))).toBe(true);
  });
});

describe("the demo", () => {
  test("this year's plan has twelve 会前学法 items and meetings in every state; C0001 can read the one due in two days", async () => {
    const { db: demo, cleanup: done } = await createTestDatabase();
    try {
      const now = new Date("2026-07-15T02:00:00.000Z");
      await importBundledBanks(demo, undefined, now, { log: () => {}, error: () => {} });
      const bureau = await seedDemoBureau(demo, now);
      await seedDemoLawStudy(demo, { now, timeZone: TZ, ownerOrgId: bureau.rootOrgId, organizerId: bureau.organizerId });
      const plan = await loadYearPlan(demo, { orgId: bureau.rootOrgId, year: 2026, timeZone: TZ, now });
      const pre = plan.rows.filter((r) => r.type !== "study_group");
      expect(pre.map((r) => r.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(plan.warnings).toEqual([]);
      expect(new Set(plan.rows.map((r) => r.phase))).toEqual(new Set(["complete", "awaiting_attendance", "outline_open", "scheduled", "planned"]));
      expect(plan.count.regulations).toBeGreaterThanOrEqual(3);
      const heldSessions = plan.rows.filter((r) => r.type === "study_group" && r.phase === "complete").length;
      expect(heldSessions).toBeGreaterThanOrEqual(1);
      expect(plan.count.studyGroupSessions).toBe(heldSessions);
      const cadre = await demo.selectFrom("users").select("id").where("employee_no", "=", "C0001").executeTakeFirstOrThrow();
      const toStudy = await listToStudy(demo, cadre.id, now);
      expect(toStudy).toHaveLength(1);
      expect(Date.parse(toStudy[0].starts_at) - now.getTime()).toBeLessThan(3 * DAY);
      // Without KAOXUE_REGULATIONS_DIR the modules carry their key points, each citing an article.
      const modules = await demo.selectFrom("law_modules").select(["key_points", "regulation_version_id"]).execute();
      expect(modules.length).toBe(8);
      for (const m of modules) {
        expect(m.regulation_version_id).toBeNull();
        for (const point of JSON.parse(m.key_points) as Array<{ articles: string[] }>) expect(point.articles.length).toBeGreaterThan(0);
      }
    } finally {
      await done();
    }
  }, 120_000);

  test.skipIf(!hasOfficialTexts)(`with the official texts imported, every demo module pins its text and every cited article is in it${officialTextsNote}`, async () => {
    const { db: demo, cleanup: done } = await createTestDatabase();
    try {
      const now = new Date("2026-07-15T02:00:00.000Z");
      await importBundledBanks(demo, undefined, now, { log: () => {}, error: () => {} });
      await importRegulationsDir(demo, OFFICIAL_TEXTS, now, { log: () => {}, error: () => {} });
      const bureau = await seedDemoBureau(demo, now);
      await seedDemoLawStudy(demo, { now, timeZone: TZ, ownerOrgId: bureau.rootOrgId, organizerId: bureau.organizerId });
      const modules = await demo.selectFrom("law_modules").select(["title", "key_points", "focus_articles", "regulation_version_id"]).execute();
      for (const m of modules) {
        expect(m.regulation_version_id, m.title).not.toBeNull();
        const numbers = new Set((await demo.selectFrom("regulation_articles").select("number").where("version_id", "=", m.regulation_version_id!).execute()).map((r) => r.number));
        const cited = [...(JSON.parse(m.focus_articles) as string[]), ...(JSON.parse(m.key_points) as Array<{ articles: string[] }>).flatMap((p) => p.articles)];
        expect(cited.filter((a) => !numbers.has(a)), m.title).toEqual([]);
      }
    } finally {
      await done();
    }
  }, 120_000);
});
