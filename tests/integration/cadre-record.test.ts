/**
 * The cadre's long-term file (个人学习档案): the sections this area adds, the organizer's page
 * and its .xlsx (read back with openpyxl), the cadre's own 成绩档案 with the same sections,
 * and the scope: a sibling branch's organizer gets 404 and an audit entry.
 */
import type { DB } from "../../db/client";
import { quarterOf, quarterRange } from "~/domain/exams/attempt-time";
import { createExam, publishExam } from "~/models/exams.server";
import { recordPracticeAnswer } from "~/models/practice.server";
import { loader as historyXlsxLoader } from "~/routes/history[.]xlsx";
import { loader as historyLoader } from "~/routes/history";
import { loader as recordXlsxLoader } from "~/routes/manage.cadres.$cadreId_.record[.]xlsx";
import { loader as recordLoader } from "~/routes/manage.cadres.$cadreId_.record";

import { hasOpenpyxl, readWithOpenpyxl, rightAnswers, takeExam } from "../support/attempt-helpers";
import { uniqueSlug } from "../support/bank-fixtures";
import { examDefinition, generatedBank, importGeneratedBank } from "../support/exam-fixtures";
import { loaderArgs, thrownResponse } from "../support/report-fixtures";
import { createTestDatabase, makeOrg, makeUser } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

async function arrange() {
  const tag = uniqueSlug("rec");
  const root = await makeOrg(db, `档案局党委-${tag}`, null, "party_committee");
  const east = await makeOrg(db, `东林党支部-${tag}`, root.id);
  const west = await makeOrg(db, `西林党支部-${tag}`, root.id);
  const office = await makeOrg(db, `组织部-${tag}`, null, "department");
  const eastOrganizer = await makeUser(db, { orgId: office.id, role: "organizer", scopeOrgId: east.id });
  const westOrganizer = await makeUser(db, { orgId: office.id, role: "organizer", scopeOrgId: west.id });
  const cadre = await makeUser(db, { orgId: east.id, name: "王林", isLeader: true, rank: "section" });
  const slug = uniqueSlug("rec-bank");
  await importGeneratedBank(db, generatedBank(slug));
  const exams: number[] = [];
  for (const period of ["2025-Q4", "2026-Q1"]) {
    const range = quarterRange(period, "Asia/Shanghai");
    const examId = await createExam(db, { definition: { ...examDefinition(slug), title: `${period} 考试`, period, opensAt: range.start, closesAt: range.end }, ownerOrgId: root.id, createdBy: null, now: range.start });
    await publishExam(db, { examId, actorId: null, ip: null, now: range.start });
    exams.push(examId);
  }
  await takeExam(db, exams[0], cadre, (p) => rightAnswers(p, [0]), { now: new Date(quarterRange("2025-Q4").start.getTime() + 10 * 86400_000) });
  await takeExam(db, exams[1], cadre, (p) => rightAnswers(p), { now: new Date(quarterRange("2026-Q1").start.getTime() + 10 * 86400_000) });
  // This quarter's exam is open and not yet taken: 待参加, not 未参考.
  const current = quarterOf(new Date(), "Asia/Shanghai");
  const open = await createExam(db, { definition: { ...examDefinition(slug), title: `${current} 考试`, period: current }, ownerOrgId: root.id, createdBy: null, now: new Date() });
  await publishExam(db, { examId: open, actorId: null, ip: null, now: new Date() });
  const single = await db.selectFrom("bank_questions").select("id").where("type", "=", "single").where("question_key", "=", "q001").orderBy("id", "desc").executeTakeFirstOrThrow();
  for (const choice of ["1", "0", "1"]) {
    const form = new FormData();
    form.set("q:0:0", choice);
    await recordPracticeAnswer(db, { userId: cadre.id, rowId: single.id, mode: "bank", form, now: new Date("2026-02-20T02:00:00.000Z") });
  }
  return { east, west, eastOrganizer, westOrganizer, cadre };
}

let t: Awaited<ReturnType<typeof arrange>>;
beforeAll(async () => {
  t = await arrange();
});

const params = () => ({ cadreId: String(t.cadre.id) });
type RecordPage = Awaited<ReturnType<typeof recordLoader>>;

describe("the organizer's view of a cadre's long-term file", () => {
  test("the exam, compliance, mastery, practice and law-study sections, with the cadre's figures", async () => {
    const page = (await recordLoader(await loaderArgs(db, { userId: t.eastOrganizer.id, url: `/manage/cadres/${t.cadre.id}/record`, params: params() }))) as RecordPage;
    expect(page.sections.map((s) => s.key)).toEqual(["exams", "compliance", "mastery", "practice", "appointments", "law_study"]);
    const [exams, compliance, mastery, practice] = page.sections;
    // (Whether an exam still open counts in 应考 is the cadre report's rule; the graded figures are not in question.)
    expect(exams.facts.slice(1)).toEqual([
      { label: "及格 / 已评定（场）", value: "1 / 2" },
      { label: "及格率", value: "50.0%" },
    ]);
    // Newest exam first: this quarter's, not taken yet; 90 of 90; then the single choices only, 50 (a fail).
    expect(exams.tables[0].rows.map((r) => [r.c3, r.c4, r.c6])).toEqual([[quarterOf(new Date(), "Asia/Shanghai"), null, "—"], ["2026-Q1", 90, "是"], ["2025-Q4", 50, "否"]]);
    const years = compliance.tables[0].rows;
    expect(years.find((r) => r.year === "2026 年")).toMatchObject({ q1: "100 分 · 及格", q2: "—", exams: 1, required: "已完成" });
    expect(years.find((r) => r.year === "2025 年")).toMatchObject({ q4: "55.56 分 · 不及格", exams: 1, required: "已完成" });
    const [year, q] = quarterOf(new Date(), "Asia/Shanghai").split("-Q");
    expect(years.find((r) => r.year === `${year} 年`)![`q${q}`]).toBe("待参加（考试进行中）");
    expect(mastery.tables[0].rows.length).toBeGreaterThan(0);
    expect(mastery.facts[0].label).toBe("最薄弱的知识点");
    expect(practice.facts[0]).toEqual({ label: "累计练习", value: "3 题，答对 2 题（66.7%）" });
    expect(practice.tables[0].rows).toMatchObject([{ n: 3, right: 2, rate: "66.7%" }]);
  });

  test("the .xlsx has a sheet per section with the page's facts and rows (openpyxl), and the export is audited", async (ctx) => {
    if (!hasOpenpyxl()) ctx.skip("openpyxl is not installed for /usr/bin/python3");
    const args = await loaderArgs(db, { userId: t.eastOrganizer.id, url: `/manage/cadres/${t.cadre.id}/record.xlsx`, params: params() });
    const page = (await recordLoader(await loaderArgs(db, { userId: t.eastOrganizer.id, url: `/manage/cadres/${t.cadre.id}/record`, params: params() }))) as RecordPage;
    const read = readWithOpenpyxl(await ((await recordXlsxLoader(args)) as Response).arrayBuffer());
    expect(read.order).toEqual(["考试成绩", "年度合规", "知识点掌握", "练习", "任前", "学法"]);
    expect(read.formulas).toBe(0);
    for (const section of page.sections) {
      const rows = read.sheets[section.title];
      for (const fact of section.facts) expect(rows).toContainEqual([fact.label, fact.value, ...Array(rows[0].length - 2).fill(null)].slice(0, rows[0].length));
      for (const table of section.tables) {
        const header = table.columns.map((c) => c.label);
        const at = rows.findIndex((r) => r[0] === header[0] && r[1] === header[1]);
        expect(at, section.title).toBeGreaterThan(-1);
        const body = rows.slice(at + 1, at + 1 + table.rows.length).map((r) => r.slice(0, header.length));
        expect(body).toEqual(table.rows.map((row) => table.columns.map((c) => row[c.key] ?? "—")));
      }
    }
    const log = await db.selectFrom("audit_log").selectAll().where("actor_id", "=", t.eastOrganizer.id).where("action", "=", "report.export").execute();
    expect(log.map((e) => e.target)).toContain(`cadre-record:${t.cadre.id}`);
  });

  test("an organizer of a sibling branch gets 404 for the page and the file, and both are audited", async () => {
    for (const [loader, url] of [
      [recordLoader, `/manage/cadres/${t.cadre.id}/record`],
      [recordXlsxLoader, `/manage/cadres/${t.cadre.id}/record.xlsx`],
    ] as const) {
      const refused = await thrownResponse(async () => loader(await loaderArgs(db, { userId: t.westOrganizer.id, url, params: params() })));
      expect(refused.status).toBe(404);
    }
    const denied = await db.selectFrom("audit_log").select("target").where("actor_id", "=", t.westOrganizer.id).where("action", "=", "access.denied").execute();
    expect(denied.map((d) => d.target)).toEqual([`/manage/cadres/${t.cadre.id}/record`, `/manage/cadres/${t.cadre.id}/record.xlsx`]);
  });
});

describe("the cadre's own 成绩档案", () => {
  test("shows the same sections as the organizer sees, and exports them", async () => {
    const own = (await historyLoader(await loaderArgs(db, { userId: t.cadre.id, url: "/history", params: {} }))) as Awaited<ReturnType<typeof historyLoader>>;
    const organizer = (await recordLoader(await loaderArgs(db, { userId: t.eastOrganizer.id, url: `/manage/cadres/${t.cadre.id}/record`, params: params() }))) as RecordPage;
    expect(own.sections).toEqual(organizer.sections);
    const response = (await historyXlsxLoader(await loaderArgs(db, { userId: t.cadre.id, url: "/history.xlsx", params: {} }))) as Response;
    expect(response.headers.get("Content-Type")).toContain("spreadsheetml");
    expect(decodeURIComponent(response.headers.get("Content-Disposition")!)).toContain("个人学习档案.xlsx");
  });
});
