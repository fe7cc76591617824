/**
 * The year's statistics on a real database: a bureau with two sibling branches, three
 * quarters of exams taken through the real models, practice, a leader whose only exam falls
 * on New Year's night in Shanghai. Every figure is checked against a hand computation; the
 * .xlsx (read back with openpyxl) and the CSV equal the page.
 */
import type { DB } from "../../db/client";
import { quarterRange } from "~/domain/exams/attempt-time";
import type { FrozenPaper } from "~/domain/exams/types";
import { createExam, publishExam } from "~/models/exams.server";
import { recordPracticeAnswer } from "~/models/practice.server";
import { loadYearStatistics } from "~/models/statistics.server";
import { loader as statisticsCsvLoader } from "~/routes/manage.statistics[.]csv";
import { loader as statisticsXlsxLoader } from "~/routes/manage.statistics[.]xlsx";
import { loader as statisticsLoader } from "~/routes/manage.statistics._index";
import { loader as tagLoader } from "~/routes/manage.statistics.tag";
import type { ExamDefinition } from "~/schemas/exams.server";
import { neutralizeFormula, parseCsv } from "~/utils/csv";

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

const TZ = "Asia/Shanghai";
const DAY = 24 * 3600_000;
const inQuarter = (period: string, days: number) => new Date(quarterRange(period, TZ).start.getTime() + days * DAY);

/**
 * Full marks 90 (5 single × 10, 2 multiple × 10, 2 judge × 5, 2 fill × 5), pass 60. All right
 * = 90 (100 on the 100-point scale); the single choices only = 50 (55.56, a fail).
 *  Q1 (bureau): A 100, B 55.56, C 100, D absent.   Q2 (bureau): A 55.56, B 100, C 100, D absent.
 *  Q3 (east's own exam; west holds none): A 100, B absent.   Q4: nothing yet.
 * B practises 10 questions between Q1 and Q2. Leaders: B (east), D (west), E (east, joined
 * later; a knowledge test handed in at 00:30 on 1 January 2027 Shanghai time).
 */
async function arrange() {
  const tag = uniqueSlug("stat");
  const root = await makeOrg(db, `统计局党委-${tag}`, null, "party_committee");
  const east = await makeOrg(db, `东林党总支-${tag}`, root.id, "general_branch");
  const eastFarm = await makeOrg(db, `东林一场党支部-${tag}`, east.id);
  const west = await makeOrg(db, `西林党总支-${tag}`, root.id, "general_branch");
  const westFarm = await makeOrg(db, `西林一场党支部-${tag}`, west.id);
  const office = await makeOrg(db, `组织部-${tag}`, null, "department");
  const bureauOrganizer = await makeUser(db, { orgId: office.id, role: "organizer", scopeOrgId: root.id });
  const eastOrganizer = await makeUser(db, { orgId: office.id, role: "organizer", scopeOrgId: east.id });
  const westOrganizer = await makeUser(db, { orgId: office.id, role: "organizer", scopeOrgId: west.id });
  const a = await makeUser(db, { orgId: eastFarm.id, name: "=甲", employeeNo: `A-${tag}` });
  const b = await makeUser(db, { orgId: eastFarm.id, name: "乙", employeeNo: `B-${tag}`, isLeader: true, rank: "section" });
  const c = await makeUser(db, { orgId: westFarm.id, name: "丙", employeeNo: `C-${tag}` });
  const d = await makeUser(db, { orgId: westFarm.id, name: "+丁", employeeNo: `D-${tag}`, isLeader: true, rank: "section" });

  const slug = uniqueSlug("stat-bank");
  await importGeneratedBank(db, generatedBank(slug));
  const quarterly = async (period: string, owner: number): Promise<number> => {
    const range = quarterRange(period, TZ);
    const definition: ExamDefinition = { ...examDefinition(slug), title: `${period} 季度考试-${tag}`, period, opensAt: range.start, closesAt: range.end };
    const examId = await createExam(db, { definition, ownerOrgId: owner, createdBy: null, now: range.start });
    const published = await publishExam(db, { examId, actorId: null, ip: null, now: range.start });
    if (!published.ok) throw new Error(published.problems.join("; "));
    return examId;
  };
  const q1 = await quarterly("2026-Q1", root.id);
  const q2 = await quarterly("2026-Q2", root.id);
  const q3 = await quarterly("2026-Q3", east.id);
  const papers: FrozenPaper[] = [];
  const take = async (examId: number, user: { id: number }, all: boolean, at: Date) => {
    const { paper } = await takeExam(db, examId, user, (p) => (all ? rightAnswers(p) : rightAnswers(p, [0])), { now: at });
    papers.push(all ? paper : { ...paper, sections: [paper.sections[0], ...paper.sections.slice(1).map((s) => ({ ...s, questions: s.questions.map((q) => ({ ...q, key: `blank:${q.key}` })) }))] });
  };
  await take(q1, a, true, inQuarter("2026-Q1", 20));
  await take(q1, b, false, inQuarter("2026-Q1", 21));
  await take(q1, c, true, inQuarter("2026-Q1", 22));
  const single = await db
    .selectFrom("bank_questions")
    .innerJoin("bank_versions", "bank_versions.id", "bank_questions.version_id")
    .innerJoin("banks", "banks.id", "bank_versions.bank_id")
    .select("bank_questions.id")
    .where("banks.slug", "=", slug)
    .where("bank_questions.question_key", "=", "q001")
    .executeTakeFirstOrThrow();
  for (let i = 0; i < 10; i++) {
    const form = new FormData();
    form.set("q:0:0", String(i % 2));
    await recordPracticeAnswer(db, { userId: b.id, rowId: single.id, mode: "bank", form, now: inQuarter("2026-Q1", 60 + i) });
  }
  await take(q2, a, false, inQuarter("2026-Q2", 20));
  await take(q2, b, true, inQuarter("2026-Q2", 21));
  await take(q2, c, true, inQuarter("2026-Q2", 22));
  await take(q3, a, true, inQuarter("2026-Q3", 20));

  const e = await makeUser(db, { orgId: eastFarm.id, name: "戊", employeeNo: `E-${tag}`, isLeader: true, rank: "section" });
  const testRange = { opensAt: new Date("2026-12-01T00:00:00.000Z"), closesAt: new Date("2027-01-31T00:00:00.000Z") };
  const knowledge = await createExam(db, {
    definition: { ...examDefinition(slug), kind: "knowledge_test", period: null, title: `岁末知识测试-${tag}`, ...testRange, audience: { orgIds: [eastFarm.id], ranks: [], leadersOnly: true, partyMembersOnly: false, userIds: [] } },
    ownerOrgId: root.id,
    createdBy: null,
    now: testRange.opensAt,
  });
  await publishExam(db, { examId: knowledge, actorId: null, ip: null, now: testRange.opensAt });
  // Started 00:28, handed in 00:30 on 1 January 2027 in Shanghai (16:30 UTC on 31 December).
  await takeExam(db, knowledge, e, (p) => rightAnswers(p), { now: new Date("2026-12-31T16:28:00.000Z") });
  return { tag, root, east, eastFarm, west, westFarm, bureauOrganizer, eastOrganizer, westOrganizer, a, b, c, d, e, papers, slug };
}

let t: Awaited<ReturnType<typeof arrange>>;
beforeAll(async () => {
  t = await arrange();
}, 60_000);

type Page = Awaited<ReturnType<typeof statisticsLoader>>;
const url = (path: string, query: string) => `${path}?${query}`;
const as = (userId: number, path: string) => loaderArgs(db, { userId, url: path, params: {} });
const page = async (userId: number, query = "year=2026") => (await statisticsLoader(await as(userId, url("/manage/statistics", query)))) as Page;
const NOT_HELD = ["未组织", null, null, null, null];

describe("the bureau's year", () => {
  test("每季一考: each organization and quarter as computed by hand, west marked for the quarter it held no exam", async () => {
    const stats = await page(t.bureauOrganizer.id);
    expect(stats.tables.quarterly.rows).toEqual([
      [t.eastFarm.name, 2, 2, 100, 50, 77.78, 2, 2, 100, 50, 77.78, 2, 1, 50, 100, 100, ...NOT_HELD],
      [t.westFarm.name, 2, 1, 50, 100, 100, 2, 1, 50, 100, 100, ...NOT_HELD, ...NOT_HELD],
      ["合计", 4, 3, 75, 66.7, 85.19, 4, 3, 75, 66.7, 85.19, 2, 1, 50, 100, 100, ...NOT_HELD],
    ]);
    expect(stats.trend).toEqual([
      { period: "2025-Q4", participationRate: null, passRate: null },
      { period: "2026-Q1", participationRate: 75, passRate: 66.7 },
      { period: "2026-Q2", participationRate: 75, passRate: 66.7 },
      { period: "2026-Q3", participationRate: 50, passRate: 100 },
      { period: "2026-Q4", participationRate: null, passRate: null },
    ]);
    expect(stats.scope.label).toBe(`${t.root.name}（含下级组织）`);
  });

  test("年内必考 across the year boundary in Shanghai: E's exam at 00:30 on 1 January counts for 2027, not 2026", async () => {
    const y2026 = await page(t.bureauOrganizer.id);
    expect(y2026.tables.leaders.rows.map((r) => [r[2], r[3], r[5], r[6]])).toEqual([
      ["戊", t.eastFarm.name, 0, "未完成"],
      ["+丁", t.westFarm.name, 0, "未完成"],
      ["乙", t.eastFarm.name, 2, "已完成"],
    ]);
    expect(y2026.leaderSummary).toEqual({ leaders: 3, met: 1, notMet: 2 });
    const y2027 = await page(t.bureauOrganizer.id, "year=2027");
    expect(y2027.tables.leaders.rows.map((r) => [r[2], r[5], r[6], r[7]])).toEqual([
      ["乙", 0, "未完成", "—"],
      ["+丁", 0, "未完成", "—"],
      ["戊", 1, "已完成", "2027-01-01 00:30"],
    ]);
  });

  test("以考促学: four pairs (A −44.44 and +44.44, B +44.44 having practised, C 0), said plainly to be too few", async () => {
    const stats = await page(t.bureauOrganizer.id);
    expect(stats.paired.total).toEqual({ pairs: 4, meanChange: 11.11, medianChange: 22.22, improved: 2, improvedShare: 50, tooFew: true });
    expect(stats.paired.practised).toMatchObject({ pairs: 1, meanChange: 44.44, improvedShare: 100 });
    expect(stats.paired.notPractised).toMatchObject({ pairs: 3, meanChange: 0, medianChange: 0, improved: 1 });
    expect(stats.tables["paired-org"].rows).toEqual([
      [t.eastFarm.name, 3, 14.81, 44.44, 2, 66.7, "样本不足（少于 10 对），不能说明问题"],
      [t.westFarm.name, 1, 0, 0, 0, 0, "样本不足（少于 10 对），不能说明问题"],
      ["合计", 4, 11.11, 22.22, 2, 50, "样本不足（少于 10 对），不能说明问题"],
    ]);
  });

  test("mastery: per knowledge point, the answers and right answers of the counted papers, counted by hand from the papers", async () => {
    const stats = await page(t.bureauOrganizer.id);
    // The generated bank: singles alternate 乙类/甲类, multiple and fill are 甲类, judge 乙类. Blank questions are wrong.
    const expected = new Map<string, { answers: number; correct: number }>();
    for (const paper of t.papers) {
      for (const q of paper.sections.flatMap((s) => s.questions)) {
        const blank = q.key.startsWith("blank:");
        const key = blank ? q.key.slice(6) : q.key;
        const n = Number(key.slice(1)) - 1;
        const tagOf = q.type === "single" ? ((n / 4) % 2 ? "甲类" : "乙类") : q.type === "judge" ? "乙类" : "甲类";
        const e = expected.get(tagOf) ?? { answers: 0, correct: 0 };
        e.answers++;
        if (!blank) e.correct++;
        expected.set(tagOf, e);
      }
    }
    const rows = new Map(stats.tables.mastery.rows.map((r) => [r[1], { answers: r[3], correct: r[4] }]));
    expect(rows).toEqual(expected);
    const facilities = stats.tables.mastery.rows.map((r) => r[5] as number);
    expect([...facilities].sort((x, y) => x - y)).toEqual(facilities);
  });

  test("a knowledge point links to the item analysis of its questions over the same attempts", async () => {
    const stats = await page(t.bureauOrganizer.id);
    const [, tag, , answers] = stats.tables.mastery.rows[0];
    const analysis = (await tagLoader(await as(t.bureauOrganizer.id, url("/manage/statistics/tag", `year=2026&tag=${encodeURIComponent(String(tag))}`)))) as Awaited<ReturnType<typeof tagLoader>>;
    expect(analysis.items.length).toBeGreaterThan(0);
    expect(analysis.items.every((i) => i.tags.includes(String(tag)))).toBe(true);
    expect(analysis.items.reduce((n, i) => n + i.respondents, 0)).toBe(answers);
  });
});

describe("a branch organizer's statistics", () => {
  test("east sees only east; the bureau narrowed to east sees the same", async () => {
    const east = await page(t.eastOrganizer.id);
    expect(east.tables.quarterly.rows.map((r) => r[0])).toEqual([t.eastFarm.name, "合计"]);
    expect(east.tables.quarterly.rows[1].slice(1, 6)).toEqual([2, 2, 100, 50, 77.78]);
    expect(east.tables.leaders.rows.map((r) => r[2])).toEqual(["戊", "乙"]);
    const narrowed = await page(t.bureauOrganizer.id, `year=2026&org=${t.east.id}`);
    expect(narrowed.tables).toEqual(east.tables);
    expect(narrowed.scope.label).toBe(`${t.east.name}（含下级组织）`);
  });

  test("another branch, the bureau itself, or a tampered org: 404, audited", async () => {
    for (const query of [`year=2026&org=${t.west.id}`, `year=2026&org=${t.root.id}`, "year=2026&org=x"]) {
      const refused = await thrownResponse(async () => statisticsLoader(await as(t.eastOrganizer.id, url("/manage/statistics", query))));
      expect(refused.status, query).toBe(404);
    }
    const refusedCsv = await thrownResponse(async () => statisticsCsvLoader(await as(t.westOrganizer.id, url("/manage/statistics.csv", `year=2026&org=${t.eastFarm.id}&table=leaders`))));
    expect(refusedCsv.status).toBe(404);
    const denied = await db.selectFrom("audit_log").select("target").where("actor_id", "in", [t.eastOrganizer.id, t.westOrganizer.id]).where("action", "=", "access.denied").execute();
    expect(denied.map((d) => d.target)).toEqual(["/manage/statistics", "/manage/statistics", "/manage/statistics", "/manage/statistics.csv"]);
  });
});

describe("the downloads equal the page", () => {
  /** As the writer puts them: null as —, text that looks like a formula behind an apostrophe. */
  const asCells = (rows: unknown[][]) => rows.map((r) => r.map((v) => (v === null ? "—" : typeof v === "string" ? neutralizeFormula(v) : v)));

  test("the .xlsx, read back with openpyxl: one sheet per table, the page's numbers, no formula, the formula-looking name neutralized; audited", async (ctx) => {
    if (!hasOpenpyxl()) ctx.skip("openpyxl is not installed for /usr/bin/python3 (apt-get install python3-openpyxl)");
    const stats = await page(t.bureauOrganizer.id);
    const response = (await statisticsXlsxLoader(await as(t.bureauOrganizer.id, url("/manage/statistics.xlsx", "year=2026")))) as Response;
    expect(decodeURIComponent(response.headers.get("Content-Disposition")!)).toContain(`2026年以考促学统计-${t.root.name}-统计.xlsx`);
    const read = readWithOpenpyxl(await response.arrayBuffer());
    const tables = Object.values(stats.tables);
    expect(read.order).toEqual(tables.map((x) => x.name));
    for (const table of tables) {
      expect(read.sheets[table.name][0], table.name).toEqual(table.columns.map((c) => c.header));
      expect(read.sheets[table.name].slice(1), table.name).toEqual(asCells(table.rows));
    }
    expect(read.formulas).toBe(0);
    expect(read.sheets["领导干部年内必考"].map((r) => r[2])).toContain("'+丁");
    const log = await db.selectFrom("audit_log").selectAll().where("actor_id", "=", t.bureauOrganizer.id).where("action", "=", "statistics.export").execute();
    expect(JSON.parse(log.at(-1)!.detail!)).toMatchObject({ format: "xlsx", tables: tables.map((x) => x.name) });
  });

  test("each CSV holds one table as the page prints it", async () => {
    const stats = await page(t.bureauOrganizer.id, `year=2026&org=${t.east.id}`);
    const csv = parseCsv(await ((await statisticsCsvLoader(await as(t.bureauOrganizer.id, url("/manage/statistics.csv", `year=2026&org=${t.east.id}&table=quarterly`)))) as Response).text());
    expect(csv[0]).toEqual(stats.tables.quarterly.columns.map((c) => c.header));
    expect(csv.slice(1)).toEqual(
      stats.tables.quarterly.rows.map((r) => r.map((v, i) => (v === null ? "—" : stats.tables.quarterly.columns[i].kind === "percent" ? `${(v as number).toFixed(1)}%` : String(v)))),
    );
    const unknown = await thrownResponse(async () => statisticsCsvLoader(await as(t.bureauOrganizer.id, url("/manage/statistics.csv", "year=2026&table=nope"))));
    expect(unknown.status).toBe(404);
  });
});

describe("practice never changes exam statistics", () => {
  test("a hundred practice answers leave every exam figure as it was (only the practised split can move)", async () => {
    const before = await loadYearStatistics(db, { root: { orgId: t.root.id, path: t.root.path, name: t.root.name }, year: 2026, timeZone: TZ, now: new Date() });
    const single = await db.selectFrom("bank_questions").select("id").where("type", "=", "single").executeTakeFirstOrThrow();
    for (const [i, user] of [t.a, t.c, t.d].entries()) {
      for (let n = 0; n < 34; n++) {
        const form = new FormData();
        form.set("q:0:0", String(n % 3));
        await recordPracticeAnswer(db, { userId: user.id, rowId: single.id, mode: "bank", form, now: inQuarter("2026-Q1", 40 + i + n / 100) });
      }
    }
    const after = await loadYearStatistics(db, { root: { orgId: t.root.id, path: t.root.path, name: t.root.name }, year: 2026, timeZone: TZ, now: new Date() });
    expect(after.quarterly).toEqual(before.quarterly);
    expect(after.trend).toEqual(before.trend);
    expect(after.leaders).toEqual(before.leaders);
    expect(after.mastery).toEqual(before.mastery);
    expect(after.paired.total).toEqual(before.paired.total);
    expect(after.paired.byOrg).toEqual(before.paired.byOrg);
    // A and C practised 34 times between Q1 and Q2: those two pairs move to the practised side.
    expect(after.paired.practised.pairs).toBe(before.paired.practised.pairs + 2);
  });
});
