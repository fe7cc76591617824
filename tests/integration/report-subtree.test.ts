/**
 * An exam owned by the bureau, seen by the organizers of two sibling branches: each sees only
 * the cadres assigned while in their own subtree, every number recomputed on that subset;
 * the bureau organizer sees everyone and can narrow to one branch.
 */
import type { DB } from "../../db/client";
import { listExamsInScope } from "~/models/exam-management.server";
import { createExam, publishExam } from "~/models/exams.server";
import { examLiveView } from "~/models/live-view.server";
import { scopeForOrg } from "~/models/orgs.server";
import { getExamReportView } from "~/models/report-scope.server";
import { loader as liveLoader } from "~/routes/manage.exams.$examId_.live";
import { loader as examCsvLoader } from "~/routes/manage.exams.$examId_.report[.]csv";
import { loader as examXlsxLoader } from "~/routes/manage.exams.$examId_.report[.]xlsx";
import { loader as examReportLoader } from "~/routes/manage.exams.$examId_.report";
import { parseCsv } from "~/utils/csv";

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

/**
 * The bureau's exam (full marks 90, pass 60) for everyone. East: A all right (90), B only the
 * single choices (50), C never starts, M all right while in east's second farm and then moved
 * to the west farm. West: D all right (90), E hands in nothing (0), F still writing.
 */
async function arrange() {
  const tag = uniqueSlug("sub");
  const root = await makeOrg(db, `林业局党委-${tag}`, null, "party_committee");
  const east = await makeOrg(db, `东林党总支-${tag}`, root.id, "general_branch");
  const farm1 = await makeOrg(db, `东林一场党支部-${tag}`, east.id);
  const farm2 = await makeOrg(db, `东林二场党支部-${tag}`, east.id);
  const west = await makeOrg(db, `西林党总支-${tag}`, root.id, "general_branch");
  const westFarm = await makeOrg(db, `西林一场党支部-${tag}`, west.id);
  // The organizers belong to an office outside the tree, so they are nobody's audience.
  const office = await makeOrg(db, `组织部-${tag}`, null, "department");
  const bureauOrganizer = await makeUser(db, { orgId: office.id, role: "organizer", scopeOrgId: root.id });
  const eastOrganizer = await makeUser(db, { orgId: office.id, role: "organizer", scopeOrgId: east.id });
  const westOrganizer = await makeUser(db, { orgId: office.id, role: "organizer", scopeOrgId: west.id });
  const c = {
    a: await makeUser(db, { orgId: farm1.id, name: "甲", employeeNo: `A-${tag}` }),
    b: await makeUser(db, { orgId: farm1.id, name: "乙", employeeNo: `B-${tag}` }),
    c: await makeUser(db, { orgId: farm2.id, name: "丙", employeeNo: `C-${tag}` }),
    m: await makeUser(db, { orgId: farm2.id, name: "调动干部", employeeNo: `M-${tag}` }),
    d: await makeUser(db, { orgId: westFarm.id, name: "丁", employeeNo: `D-${tag}` }),
    e: await makeUser(db, { orgId: westFarm.id, name: "戊", employeeNo: `E-${tag}` }),
    f: await makeUser(db, { orgId: westFarm.id, name: "己", employeeNo: `F-${tag}` }),
  };
  const slug = uniqueSlug("sub-bank");
  await importGeneratedBank(db, generatedBank(slug));
  const examId = await createExam(db, { definition: { ...examDefinition(slug), title: `局季度考试-${tag}` }, ownerOrgId: root.id, createdBy: bureauOrganizer.id, now: new Date() });
  const published = await publishExam(db, { examId, actorId: bureauOrganizer.id, ip: null, now: new Date() });
  if (!published.ok) throw new Error(published.problems.join("; "));
  const westOnly = await createExam(db, {
    definition: { ...examDefinition(slug), title: `西林专项考试-${tag}`, audience: { orgIds: [west.id], ranks: [], leadersOnly: false, partyMembersOnly: false, userIds: [] } },
    ownerOrgId: root.id,
    createdBy: bureauOrganizer.id,
    now: new Date(),
  });
  await publishExam(db, { examId: westOnly, actorId: bureauOrganizer.id, ip: null, now: new Date() });

  await takeExam(db, examId, c.a, (p) => rightAnswers(p));
  await takeExam(db, examId, c.b, (p) => rightAnswers(p, [0]));
  await takeExam(db, examId, c.m, (p) => rightAnswers(p));
  await db.updateTable("users").set({ org_id: westFarm.id }).where("id", "=", c.m.id).execute();
  await takeExam(db, examId, c.d, (p) => rightAnswers(p));
  await takeExam(db, examId, c.e, () => []);
  await takeExam(db, examId, c.f, (p) => rightAnswers(p), { open: true });
  return { root, east, farm1, farm2, west, westFarm, bureauOrganizer, eastOrganizer, westOrganizer, c, examId, westOnly };
}

let t: Awaited<ReturnType<typeof arrange>>;
beforeAll(async () => {
  t = await arrange();
});

type ReportPage = Awaited<ReturnType<typeof examReportLoader>>;
const reportUrl = (suffix = "", query = "") => `/manage/exams/${t.examId}/report${suffix}${query ? `?${query}` : ""}`;
const as = async (userId: number, url: string, examId = t.examId) => loaderArgs(db, { userId, url, params: { examId: String(examId) } });
const page = async (userId: number, query = "") => (await examReportLoader(await as(userId, reportUrl("", query)))) as ReportPage;

describe("a branch organizer on the bureau's exam", () => {
  test("east sees only east's four cadres, with every figure computed by hand on them", async () => {
    const east = await page(t.eastOrganizer.id);
    // 应考 4 (A B C M); 实考 3; graded 90, 50, 90; passed 2 (50 < 60).
    expect(east.summary).toMatchObject({ assigned: 4, took: 3, pending: 0, graded: 3, passed: 2, participationRate: 75, passRate: 66.7, mean: 76.67, median: 90, max: 90, min: 50, maxScore: 90 });
    // Bins of 9 points: 50 lands in 45–54, both 90s in the last bin.
    expect(east.summary.histogram.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(east.byOrg.rows.map((r) => [String(r[0]).split("-")[0], ...r.slice(1, 3)])).toEqual([
      ["东林一场党支部", 2, 2],
      ["东林二场党支部", 2, 1],
      ["合计", 4, 3],
    ]);
    expect(east.absentees.rows.map((r) => r[2])).toEqual(["丙"]);
    // 3 graded cadres × 5 single choices, all right; of 6 multiple choices only A's and M's 4.
    const singles = east.items.filter((i) => i.type === "single");
    expect([singles.reduce((n, i) => n + i.respondents, 0), singles.reduce((n, i) => n + i.correct, 0)]).toEqual([15, 15]);
    const multiples = east.items.filter((i) => i.type === "multiple");
    expect([multiples.reduce((n, i) => n + i.respondents, 0), multiples.reduce((n, i) => n + i.correct, 0)]).toEqual([6, 4]);
    expect(east.scope).toMatchObject({ label: `${t.east.name}（含下级组织）`, partial: true });
  });

  test("west sees only west's three cadres; the moved cadre stays with east, where the result was earned", async () => {
    const west = await page(t.westOrganizer.id);
    expect(west.summary).toMatchObject({ assigned: 3, took: 2, graded: 2, passed: 1, participationRate: 66.7, passRate: 50, mean: 45, median: 45, max: 90, min: 0 });
    expect(west.absentees.rows.map((r) => [r[2], r[6]])).toEqual([["己", "作答中（未交卷）"]]);
    expect(west.byOrg.rows.map((r) => r[0])).toEqual([t.westFarm.name, "合计"]);
    const singles = west.items.filter((i) => i.type === "single");
    expect([singles.reduce((n, i) => n + i.respondents, 0), singles.reduce((n, i) => n + i.correct, 0)]).toEqual([10, 5]);
  });

  test("the bureau organizer sees all seven, and narrowed to east sees exactly what east's organizer sees", async () => {
    const all = await page(t.bureauOrganizer.id);
    expect(all.summary).toMatchObject({ assigned: 7, took: 5, graded: 5, passed: 3 });
    expect(all.scope).toMatchObject({ label: "全部参考人员", partial: false });
    expect(all.scope.choices.map((c) => c.id)).toEqual([t.root.id, t.east.id, t.farm1.id, t.farm2.id, t.west.id, t.westFarm.id]);

    const narrowed = await page(t.bureauOrganizer.id, `org=${t.east.id}`);
    const east = await page(t.eastOrganizer.id);
    expect(narrowed.summary).toEqual(east.summary);
    expect(narrowed.byOrg).toEqual(east.byOrg);
    expect(narrowed.absentees).toEqual(east.absentees);
    expect(narrowed.items).toEqual(east.items);
    expect(narrowed.scope).toMatchObject({ label: `${t.east.name}（含下级组织）`, partial: false });
  });

  test("east can narrow to one of its farms, and the numbers follow", async () => {
    const farm = await page(t.eastOrganizer.id, `org=${t.farm1.id}`);
    expect(farm.summary).toMatchObject({ assigned: 2, took: 2, graded: 2, passed: 1, mean: 70 });
    expect(farm.absentees.rows).toEqual([]);
  });

  test("the live view counts only the viewer's subtree", async () => {
    const eastLive = (await liveLoader(await as(t.eastOrganizer.id, `/manage/exams/${t.examId}/live`))) as Awaited<ReturnType<typeof liveLoader>>;
    expect(eastLive.counts).toMatchObject({ assigned: 4, notStarted: 1, inProgress: 0, submitted: 3, passed: 2 });
    expect(eastLive.cadres.map((c) => c.name).sort()).toEqual(["丙", "乙", "甲", "调动干部"].sort());
    expect(eastLive.scope.partial).toBe(true);
    const westView = await getExamReportView(db, await scopeForOrg(db, t.west.id), t.examId);
    const westLive = await examLiveView(db, t.examId, westView!.subtree);
    expect(westLive.counts).toMatchObject({ assigned: 3, notStarted: 0, inProgress: 1, submitted: 2, passed: 1 });
  });

  test("the exports hold only the subtree's cadres, with the page's numbers, and say whose part they are", async () => {
    const east = await page(t.eastOrganizer.id);
    const response = (await examXlsxLoader(await as(t.eastOrganizer.id, reportUrl(".xlsx")))) as Response;
    expect(decodeURIComponent(response.headers.get("Content-Disposition")!)).toContain(`-${t.east.name}-成绩报表.xlsx`);
    const bytes = await response.arrayBuffer();
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes);
    const rows = (name: string) => {
      const out: unknown[][] = [];
      workbook.getWorksheet(name)!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
      return out.slice(1);
    };
    expect(rows("成绩明细").map((r) => r[2]).sort()).toEqual(["乙", "甲", "调动干部"].sort());
    expect(rows("未参考名单").map((r) => r[2])).toEqual(["丙"]);
    expect(rows("单位汇总")).toEqual(east.byOrg.rows);
    if (hasOpenpyxl()) {
      const read = readWithOpenpyxl(bytes);
      expect(read.sheets["单位汇总"].at(-1)).toEqual(["合计", 4, 3, 75, 66.7, 76.67, 2, 0]);
      expect(read.formulas).toBe(0);
    }
    const csv = parseCsv(await ((await examCsvLoader(await as(t.westOrganizer.id, reportUrl(".csv")))) as Response).text());
    expect(csv.slice(1).map((r) => r[2]).sort()).toEqual(["丁", "戊"].sort());

    const log = await db.selectFrom("audit_log").selectAll().where("actor_id", "=", t.eastOrganizer.id).where("action", "=", "report.export").execute();
    expect(JSON.parse(log.at(-1)!.detail!)).toMatchObject({ format: "xlsx", rows: 3, orgId: t.east.id });
  });

  test("the exam list shows the bureau's exam to east with east's audience size, and not the exam for west alone", async () => {
    const listed = await listExamsInScope(db, await scopeForOrg(db, t.east.id), {}, new Date());
    const bureauExam = listed.find((e) => e.id === t.examId);
    expect(bureauExam).toMatchObject({ fromAbove: 1 });
    expect(Number(bureauExam!.audienceSize)).toBe(4);
    expect(listed.map((e) => e.id)).not.toContain(t.westOnly);
    const westListed = await listExamsInScope(db, await scopeForOrg(db, t.west.id), {}, new Date());
    expect(westListed.map((e) => e.id)).toEqual(expect.arrayContaining([t.examId, t.westOnly]));
  });
});

describe("what a branch organizer may not see", () => {
  test("an exam above them with none of their cadres, another branch's part, or a tampered org: 404, audited", async () => {
    const refused = [
      reportUrl("", `org=${t.west.id}`),
      reportUrl(".xlsx", `org=${t.westFarm.id}`),
      reportUrl("", `org=${t.root.id}`),
      reportUrl("", "org=abc"),
      `/manage/exams/${t.westOnly}/report`,
    ];
    for (const url of refused) {
      const examId = url.includes(`/${t.westOnly}/`) ? t.westOnly : t.examId;
      const loader = url.includes(".xlsx") ? examXlsxLoader : examReportLoader;
      const response = await thrownResponse(async () => loader(await as(t.eastOrganizer.id, url, examId)));
      expect(response.status, url).toBe(404);
    }
    const denied = await db.selectFrom("audit_log").select("target").where("actor_id", "=", t.eastOrganizer.id).where("action", "=", "access.denied").execute();
    expect(denied.map((d) => d.target)).toEqual(refused.map((u) => u.split("?")[0]));
  });

  test("a branch organizer cannot grade or manage the bureau's exam: the owner's pages stay 404", async () => {
    const { loader: examPage } = await import("~/routes/manage.exams.$examId._index");
    const { loader: gradingPage } = await import("~/routes/manage.exams.$examId_.grading");
    for (const [loader, url] of [
      [examPage, `/manage/exams/${t.examId}`],
      [gradingPage, `/manage/exams/${t.examId}/grading`],
    ] as const) {
      expect((await thrownResponse(async () => loader(await as(t.westOrganizer.id, url)))).status).toBe(404);
    }
  });
});
