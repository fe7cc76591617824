import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import ExcelJS from "exceljs";

import type { DB } from "../../db/client";
import type { User } from "../../db/schema";
import { displayedAnswer } from "~/domain/exams/option-order";
import { paperRefs, questionAt } from "~/domain/exams/question-ref";
import type { FrozenPaper, Response as Answer } from "~/domain/exams/types";
import { loadPaper } from "~/models/attempt-storage.server";
import { saveResponses, startAttempt, submitAttempt } from "~/models/attempts.server";
import { createExam, getExam, publishExam } from "~/models/exams.server";
import { loadExamReport } from "~/models/reports.server";
import { loader as cadreCsvLoader } from "~/routes/manage.cadres.$cadreId_.report[.]csv";
import { loader as cadreXlsxLoader } from "~/routes/manage.cadres.$cadreId_.report[.]xlsx";
import { loader as cadreReportLoader } from "~/routes/manage.cadres.$cadreId_.report";
import { loader as examCsvLoader } from "~/routes/manage.exams.$examId_.report[.]csv";
import { loader as examXlsxLoader } from "~/routes/manage.exams.$examId_.report[.]xlsx";
import { loader as examReportLoader } from "~/routes/manage.exams.$examId_.report";
import { parseCsv } from "~/utils/csv";

import { uniqueSlug } from "../support/bank-fixtures";
import { examDefinition, generatedBank, importGeneratedBank } from "../support/exam-fixtures";
import { insertFinishedCadres, loaderArgs, thrownResponse } from "../support/report-fixtures";
import { createTestDatabase, makeOrg, makeUser } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

/** The right response to every objective question of a paper (displayed positions); `only` limits it to some sections. */
function rightAnswers(paper: FrozenPaper, only?: number[]): Array<{ ref: string; response: Answer }> {
  return paperRefs(paper).flatMap((ref) => {
    if (only && !only.includes(Number(ref.split(":")[0]))) return [];
    const q = questionAt(paper, ref)!;
    switch (q.answer.kind) {
      case "single":
        return [{ ref, response: { kind: "single", option: displayedAnswer(q)[0] } as Answer }];
      case "multiple":
        return [{ ref, response: { kind: "multiple", options: displayedAnswer(q) } as Answer }];
      case "judge":
        return [{ ref, response: { kind: "judge", value: q.answer.value } as Answer }];
      case "fill":
        return [{ ref, response: { kind: "fill", blanks: q.answer.blanks.map((b) => b[0]) } as Answer }];
      default:
        return [];
    }
  });
}

let seed = 100;
/** One attempt through the real models: start, save `answers(paper)`, and (unless `open`) submit. */
async function take(examId: number, user: User, answers: (paper: FrozenPaper) => Array<{ ref: string; response: Answer }>, open = false) {
  const started = await startAttempt(db, { examId, userId: user.id, now: new Date(), seed: seed++ });
  if (started.kind === "blocked") throw new Error(started.reasons.join("; "));
  const paper = await loadPaper(db, started.attemptId);
  const given = answers(paper);
  if (given.length > 0) await saveResponses(db, { attemptId: started.attemptId, userId: user.id, answers: given, seq: 1, now: new Date() });
  if (!open) await submitAttempt(db, { attemptId: started.attemptId, userId: user.id, now: new Date() });
  return paper;
}

async function xlsxSheets(bytes: ArrayBuffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  return workbook;
}

/** Row values of a sheet, 1-based columns dropped to 0-based, header included. */
function sheetRows(workbook: ExcelJS.Workbook, name: string): unknown[][] {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const rows: unknown[][] = [];
  sheet.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

const FORMULA_NAMES = {
  a: '=HYPERLINK("http://evil.example","点我")',
  b: "+86 张三",
  c: "-李四",
  d: "@王五",
  e: "\t赵六",
};

/**
 * An east branch (two farms) and a west branch. The east exam (pass 60, full marks 100, the
 * best of two attempts counts): A all right (90, essay blank), B only the single choices (50),
 * C hands in nothing (0), D never starts, E all right with an essay (pending), F 0 then 90,
 * G still writing.
 */
async function arrangeBureau() {
  const tag = uniqueSlug("r");
  const root = await makeOrg(db, `报表局党委-${tag}`, null, "party_committee");
  const east = await makeOrg(db, `东林党总支-${tag}`, root.id, "general_branch");
  const farm1 = await makeOrg(db, `东林一场党支部-${tag}`, east.id);
  const farm2 = await makeOrg(db, `东林二场党支部-${tag}`, east.id);
  const west = await makeOrg(db, `西林党总支-${tag}`, root.id, "general_branch");
  const westFarm = await makeOrg(db, `西林一场党支部-${tag}`, west.id);
  const eastOrganizer = await makeUser(db, { orgId: root.id, role: "organizer", scopeOrgId: east.id, name: "东林组织者" });
  const westOrganizer = await makeUser(db, { orgId: root.id, role: "organizer", scopeOrgId: west.id, name: "西林组织者" });
  const cadres = {
    a: await makeUser(db, { orgId: farm1.id, name: FORMULA_NAMES.a, employeeNo: `A-${tag}` }),
    b: await makeUser(db, { orgId: farm1.id, name: FORMULA_NAMES.b, employeeNo: `B-${tag}`, rank: "section", isLeader: true }),
    c: await makeUser(db, { orgId: farm1.id, name: FORMULA_NAMES.c, employeeNo: `C-${tag}` }),
    d: await makeUser(db, { orgId: farm1.id, name: FORMULA_NAMES.d, employeeNo: `D-${tag}` }),
    e: await makeUser(db, { orgId: farm2.id, name: FORMULA_NAMES.e, employeeNo: `E-${tag}` }),
    f: await makeUser(db, { orgId: farm2.id, name: "钱七", employeeNo: `F-${tag}` }),
    g: await makeUser(db, { orgId: farm2.id, name: "孙八", employeeNo: `G-${tag}` }),
  };
  const westCadre = await makeUser(db, { orgId: westFarm.id, name: "西林干部", employeeNo: `W-${tag}` });

  const slug = uniqueSlug("report-bank");
  await importGeneratedBank(db, generatedBank(slug));
  const base = examDefinition(slug);
  const draw = { kind: "draw" as const, banks: [{ slug, version: 1 }] };
  const examId = await createExam(db, {
    definition: {
      ...base,
      title: `2026年第四季度党纪法规考试-${tag}`,
      attemptsAllowed: 2,
      paper: { ...base.paper, sections: [...base.paper.sections, { title: "五、简答题", type: "essay", count: 1, points: 10, source: draw }] },
    },
    ownerOrgId: east.id,
    createdBy: eastOrganizer.id,
    now: new Date(),
  });
  const published = await publishExam(db, { examId, actorId: eastOrganizer.id, ip: null, now: new Date() });
  if (!published.ok) throw new Error(published.problems.join("; "));

  const essay = (paper: FrozenPaper) => paperRefs(paper).filter((ref) => questionAt(paper, ref)!.type === "essay").map((ref) => ({ ref, response: { kind: "essay", text: "依纪依法，从严管理。" } as Answer }));
  await take(examId, cadres.a, (p) => rightAnswers(p));
  await take(examId, cadres.b, (p) => rightAnswers(p, [0]));
  await take(examId, cadres.c, () => []);
  await take(examId, cadres.e, (p) => [...rightAnswers(p), ...essay(p)]);
  await take(examId, cadres.f, () => []);
  await take(examId, cadres.f, (p) => rightAnswers(p));
  await take(examId, cadres.g, (p) => rightAnswers(p), true);
  return { root, east, farm1, farm2, west, westFarm, eastOrganizer, westOrganizer, cadres, westCadre, examId };
}

let bureau: Awaited<ReturnType<typeof arrangeBureau>>;
beforeAll(async () => {
  bureau = await arrangeBureau();
});

const examUrl = (suffix = "") => `/manage/exams/${bureau.examId}/report${suffix}`;
const asEast = (url: string, params: Record<string, string> = { examId: String(bureau.examId) }) => loaderArgs(db, { userId: bureau.eastOrganizer.id, url, params });

describe("the exam report's numbers", () => {
  test("the summary and the table by organization, checked by hand", async () => {
    const exam = (await getExam(db, bureau.examId))!;
    const report = await loadExamReport(db, exam, new Date());
    // 应考 7 (A–G); 实考 5 (A B C E F); E pending; graded A 90, B 50, C 0, F 90 (best of 0 and 90).
    expect(report.summary).toMatchObject({ assigned: 7, took: 5, pending: 1, graded: 4, passed: 2, participationRate: 71.4, passRate: 50, mean: 57.5, median: 70, max: 90, min: 0, sd: 37, maxScore: 100 });
    expect(report.summary.histogram.map((b) => b.count)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(report.byOrg.map((o) => [o.orgName.split("-")[0], o.assigned, o.took, o.participationRate, o.passRate, o.mean])).toEqual([
      ["东林一场党支部", 4, 3, 75, 33.3, 46.67],
      ["东林二场党支部", 3, 2, 66.7, 100, 90],
    ]);
    expect(report.absentees.map((a) => [a.name, a.state])).toEqual([
      [FORMULA_NAMES.d, "absent"],
      ["孙八", "in_progress"],
    ]);
    // Each of the 4 graded cadres drew 5 single-choice questions; every one of A's and F's is right.
    const singles = report.items.filter((i) => i.type === "single");
    expect(singles.reduce((n, i) => n + i.respondents, 0)).toBe(20);
    expect(singles.reduce((n, i) => n + i.correct, 0)).toBe(15); // A, B and F right, C blank
  });

  test("the page shows the same numbers as the computation", async () => {
    const exam = (await getExam(db, bureau.examId))!;
    const report = await loadExamReport(db, exam, new Date());
    const page = (await examReportLoader(await asEast(examUrl()))) as Awaited<ReturnType<typeof examReportLoader>>;
    expect(page.summary).toEqual(report.summary);
    expect(page.items).toEqual(report.items);
    expect(page.byOrg.rows.at(-1)).toEqual(["合计", 7, 5, 71.4, 50, 57.5, 2, 1]);
  });

  test("the .xlsx has the four sheets with exactly the computed numbers", async () => {
    const exam = (await getExam(db, bureau.examId))!;
    const report = await loadExamReport(db, exam, new Date());
    const response = (await examXlsxLoader(await asEast(examUrl(".xlsx")))) as Response;
    expect(response.headers.get("Content-Type")).toContain("spreadsheetml");
    expect(decodeURIComponent(response.headers.get("Content-Disposition")!)).toContain(`${exam.title}-成绩报表.xlsx`);
    const workbook = await xlsxSheets(await response.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["成绩明细", "单位汇总", "未参考名单", "试题分析"]);

    const orgs = sheetRows(workbook, "单位汇总");
    expect(orgs[0]).toEqual(["单位", "应考", "实考", "参考率", "及格率", "平均分", "及格人数", "待阅卷"]);
    expect(orgs.slice(1)).toEqual([
      ...report.byOrg.map((o) => [o.orgName, o.assigned, o.took, o.participationRate, o.passRate, o.mean, o.passed, o.pending]),
      ["合计", 7, 5, 71.4, 50, 57.5, 2, 1],
    ]);

    const detail = sheetRows(workbook, "成绩明细");
    expect(detail).toHaveLength(1 + report.participants.length);
    const byNo = new Map(detail.slice(1).map((r) => [r[1], r]));
    expect(byNo.get(bureau.cadres.f.employee_no)!.slice(6, 8)).toEqual([90, "是"]);
    expect(byNo.get(bureau.cadres.f.employee_no)![11]).toBe(2);
    expect(byNo.get(bureau.cadres.b.employee_no)!.slice(4, 8)).toEqual(["科级", "是", 50, "否"]);
    expect(byNo.get(bureau.cadres.e.employee_no)!.slice(6, 8)).toEqual(["待阅卷", "待阅卷"]);

    const items = sheetRows(workbook, "试题分析");
    expect(items.slice(1).map((r) => [r[0], r[7], r[8], r[10]])).toEqual(report.items.map((i) => [i.no, i.respondents, i.facility, i.discrimination ?? "—"]));
    expect(sheetRows(workbook, "未参考名单").slice(1).map((r) => r[6])).toEqual(["未参考", "作答中（未交卷）"]);
  });

  test("the CSV (UTF-8 with BOM) has the same 成绩明细 as the .xlsx", async () => {
    const response = (await examCsvLoader(await asEast(examUrl(".csv")))) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder().decode(bytes));
    expect(rows[0]).toEqual(["序号", "工号", "姓名", "单位", "职级", "是否领导干部", "得分", "是否及格", "用时", "交卷时间", "状态", "作答次数"]);
    const xlsx = sheetRows(await xlsxSheets(await ((await examXlsxLoader(await asEast(examUrl(".xlsx")))) as Response).arrayBuffer()), "成绩明细");
    expect(rows.slice(1)).toEqual(xlsx.slice(1).map((r) => r.map(String)));
    const f = rows.find((r) => r[1] === bureau.cadres.f.employee_no)!;
    expect(f.slice(6, 8)).toEqual(["90", "是"]);
  });
});

describe("formula-looking text is neutralized", () => {
  test("CSV: names beginning with = + - @ or a tab get a leading apostrophe", async () => {
    const response = (await examCsvLoader(await asEast(examUrl(".csv")))) as Response;
    const names = parseCsv(await response.text()).map((r) => r[2]);
    expect(names).toEqual(expect.arrayContaining([`'${FORMULA_NAMES.a}`, `'${FORMULA_NAMES.b}`, `'${FORMULA_NAMES.c}`, `'${FORMULA_NAMES.e}`]));
    expect(names.filter((n) => /^[=+\-@\t\r]/.test(n))).toEqual([]);
  });

  test(".xlsx read by an independent reader (openpyxl): plain text cells, no formula anywhere", async (ctx) => {
    const python = "/usr/bin/python3";
    try {
      execFileSync(python, ["-c", "import openpyxl"], { stdio: "ignore" });
    } catch {
      ctx.skip("openpyxl is not installed for /usr/bin/python3 (apt-get install python3-openpyxl): skipping the independent .xlsx check");
    }
    const response = (await examXlsxLoader(await asEast(examUrl(".xlsx")))) as Response;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-report-")), "report.xlsx");
    fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const script = [
      "import json, sys, openpyxl",
      "wb = openpyxl.load_workbook(sys.argv[1])",
      "cells = [(ws.title, c.coordinate, c.data_type, c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]",
      "print(json.dumps(cells, ensure_ascii=False))",
    ].join("\n");
    const cells = JSON.parse(execFileSync(python, ["-c", script, file], { encoding: "utf8" })) as Array<[string, string, string, unknown]>;
    fs.rmSync(path.dirname(file), { recursive: true, force: true });

    expect(cells.filter(([, , type]) => type === "f")).toEqual([]);
    expect(cells.filter(([, , , v]) => typeof v === "string" && /^[=+\-@\t\r]/.test(v))).toEqual([]);
    const nameCells = cells.filter(([sheet, coord]) => ["成绩明细", "未参考名单"].includes(sheet) && coord.startsWith("C"));
    for (const name of [FORMULA_NAMES.a, FORMULA_NAMES.b, FORMULA_NAMES.c, FORMULA_NAMES.d, FORMULA_NAMES.e]) {
      const cell = nameCells.find(([, , , v]) => v === `'${name}`);
      expect(cell, `cell for ${JSON.stringify(name)}`).toBeDefined();
      expect(cell![2]).toBe("s");
    }
  });
});

describe("scope and audit", () => {
  test("an organizer of a sibling branch can neither open nor export the report or the cadre report: 404, logged", async () => {
    const asWest = (url: string, params: Record<string, string>) => loaderArgs(db, { userId: bureau.westOrganizer.id, url, params });
    const exam = { examId: String(bureau.examId) };
    const cadre = { cadreId: String(bureau.cadres.f.id) };
    const attempts = [
      [examReportLoader, examUrl(), exam],
      [examXlsxLoader, examUrl(".xlsx"), exam],
      [examCsvLoader, examUrl(".csv"), exam],
      [cadreReportLoader, `/manage/cadres/${bureau.cadres.f.id}/report`, cadre],
      [cadreXlsxLoader, `/manage/cadres/${bureau.cadres.f.id}/report.xlsx`, cadre],
      [cadreCsvLoader, `/manage/cadres/${bureau.cadres.f.id}/report.csv`, cadre],
    ] as const;
    for (const [loader, url, params] of attempts) {
      const refused = await thrownResponse(async () => loader(await asWest(url, params)));
      expect(refused.status, url).toBe(404);
    }
    const log = await db.selectFrom("audit_log").selectAll().where("actor_id", "=", bureau.westOrganizer.id).orderBy("id").execute();
    const denied = log.filter((e) => e.action === "access.denied");
    expect(denied.map((e) => e.target)).toEqual(attempts.map(([, url]) => url));
    expect(denied.every((e) => e.ip === "192.0.2.10")).toBe(true);
    expect(log.filter((e) => e.action.startsWith("report."))).toEqual([]);
  });

  test("a cadre gets 403 for a report, and that is logged too", async () => {
    const args = await loaderArgs(db, { userId: bureau.cadres.a.id, url: examUrl(".xlsx"), params: { examId: String(bureau.examId) } });
    expect((await thrownResponse(() => examXlsxLoader(args))).status).toBe(403);
    const denied = await db.selectFrom("audit_log").select("target").where("actor_id", "=", bureau.cadres.a.id).where("action", "=", "access.denied").execute();
    expect(denied.map((d) => d.target)).toEqual([examUrl(".xlsx")]);
  });

  test("every view and export is audited with its format and row count", async () => {
    const before = await db.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow();
    await examReportLoader(await asEast(examUrl()));
    await ((await examXlsxLoader(await asEast(examUrl(".xlsx")))) as Response).arrayBuffer();
    await ((await examCsvLoader(await asEast(examUrl(".csv")))) as Response).arrayBuffer();
    const log = await db.selectFrom("audit_log").selectAll().where("id", ">", Number(before.id)).where("actor_id", "=", bureau.eastOrganizer.id).orderBy("id").execute();
    expect(log.map((e) => [e.action, e.target])).toEqual([
      ["report.view", `exam:${bureau.examId}`],
      ["report.export", `exam:${bureau.examId}`],
      ["report.export", `exam:${bureau.examId}`],
    ]);
    expect(JSON.parse(log[1].detail!)).toMatchObject({ format: "xlsx", rows: 5 });
    expect(JSON.parse(log[2].detail!)).toMatchObject({ format: "csv", rows: 5 });
  });
});

describe("the per-cadre report", () => {
  test("F's record: best of two attempts, passed; the exports carry the same row", async () => {
    const params = { cadreId: String(bureau.cadres.f.id) };
    const url = `/manage/cadres/${bureau.cadres.f.id}/report`;
    const page = (await cadreReportLoader(await asEast(url, params))) as Awaited<ReturnType<typeof cadreReportLoader>>;
    const row = page.history.rows[0];
    expect(row.slice(1, 8)).toEqual([expect.stringContaining("2026年第四季度党纪法规考试"), "季度考试", "2026-Q4", 90, 100, "是", 2]);
    expect(page.totals).toEqual({ exams: 1, took: 1, graded: 1, passed: 1, passRate: 100, open: 0 });
    expect(page.trend).toEqual([{ period: "2026-Q4", percent: 90, passed: true }]);

    const workbook = await xlsxSheets(await ((await cadreXlsxLoader(await asEast(`${url}.xlsx`, params))) as Response).arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["考试记录", "季度趋势"]);
    expect(sheetRows(workbook, "考试记录")[1]).toEqual(row);
    expect(sheetRows(workbook, "季度趋势")[1]).toEqual(["2026-Q4", 90]);
    const csv = parseCsv(await ((await cadreCsvLoader(await asEast(`${url}.csv`, params))) as Response).text());
    expect(csv[1]).toEqual(row.map((v) => String(v)));
  });
});

describe("a large exam (10,000 cadres)", () => {
  test("the export streams: answer saves made meanwhile finish while the report is computed and while the file is sent", { timeout: 180_000 }, async () => {
    const big = await makeOrg(db, `大型考试党支部-${uniqueSlug("big")}`, bureau.root.id);
    const organizer = await makeUser(db, { orgId: bureau.root.id, role: "organizer", scopeOrgId: big.id });
    const template = await makeUser(db, { orgId: big.id, name: "样卷干部" });
    const writer = await makeUser(db, { orgId: big.id, name: "正在作答的干部" });
    const slug = uniqueSlug("big-bank");
    await importGeneratedBank(db, generatedBank(slug));
    const examId = await createExam(db, { definition: { ...examDefinition(slug), title: "万人考试" }, ownerOrgId: big.id, createdBy: organizer.id, now: new Date() });
    const published = await publishExam(db, { examId, actorId: organizer.id, ip: null, now: new Date() });
    if (!published.ok) throw new Error(published.problems.join("; "));
    await take(examId, template, (p) => rightAnswers(p));
    const templateAttempt = await db.selectFrom("attempts").selectAll().where("exam_id", "=", examId).where("user_id", "=", template.id).executeTakeFirstOrThrow();
    await insertFinishedCadres(db, { examId, orgId: big.id, count: 10_000, template: templateAttempt, passMark: 60, prefix: `BIG${examId}-` });
    const open = await startAttempt(db, { examId, userId: writer.id, now: new Date(), seed: 1 });
    if (open.kind === "blocked") throw new Error(open.reasons.join("; "));

    const events: string[] = [];
    let seq = 0;
    /** A cadre's answer saves, each arriving as a new request would (after a turn of the event loop). */
    const saves = async (count: number, label: string) => {
      for (let i = 0; i < count; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        const saved = await saveResponses(db, { attemptId: open.attemptId, userId: writer.id, answers: [{ ref: "0:0", response: { kind: "single", option: i % 4 } }], seq: ++seq, now: new Date() });
        expect(saved.kind).toBe("saved");
      }
      events.push(label);
    };

    const args = await loaderArgs(db, { userId: organizer.id, url: `/manage/exams/${examId}/report.xlsx`, params: { examId: String(examId) } });
    let streamingSaves: Promise<void> | undefined;
    const exporting = (async () => {
      const response = (await examXlsxLoader(args)) as Response;
      events.push("response");
      const reader = response.body!.getReader();
      const chunks: Uint8Array[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (chunks.length === 0) {
          events.push("first bytes");
          streamingSaves = saves(3, "saves while sending");
        }
        chunks.push(value);
      }
      events.push("export done");
      return Buffer.concat(chunks);
    })();
    await saves(5, "saves while computing");
    const file = await exporting;
    await streamingSaves;

    expect(events).toEqual(["saves while computing", "response", "first bytes", "saves while sending", "export done"]);

    const exam = (await getExam(db, examId))!;
    const report = await loadExamReport(db, exam, new Date());
    expect(report.summary).toMatchObject({ assigned: 10_002, took: 10_001 });
    const workbook = await xlsxSheets(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
    expect(workbook.getWorksheet("成绩明细")!.rowCount).toBe(1 + 10_001);
    const s = report.summary;
    expect(sheetRows(workbook, "单位汇总").at(-1)).toEqual(["合计", s.assigned, s.took, s.participationRate, s.passRate, s.mean, s.passed, s.pending]);

    const csv = parseCsv(await ((await examCsvLoader(await loaderArgs(db, { userId: organizer.id, url: `/manage/exams/${examId}/report.csv`, params: { examId: String(examId) } }))) as Response).text());
    expect(csv).toHaveLength(1 + 10_001);
  });
});
