/**
 * Loads what the year's statistics (/manage/statistics) compute from: the quarterly exams'
 * assignments and attempts, the leaders and their exams, practice times, and the counted
 * attempts' per-question rows (attempt_items, never the papers). Everything is restricted to
 * one organization subtree (the manager's scope, or narrower); the math is pure
 * (app/domain/statistics). Definitions: docs/decisions/0014-statistics-scope-and-definitions.md.
 */
import { sql } from "kysely";

import type { DB } from "../../db/client";
import { toAnswer } from "~/domain/exams/pool-question";
import { type CadreItems, itemAnalysis, type ItemStats } from "~/domain/statistics/item-analysis";
import { COUNTED_EXAM_KINDS, type LeaderFact, leaderCompliance, type TakenExam } from "~/domain/statistics/compliance";
import { type ItemAggregate, masteryByOrg, masteryByTag } from "~/domain/statistics/mastery";
import { changeStats, scorePairs } from "~/domain/statistics/paired-change";
import { quarterRange } from "~/domain/exams/attempt-time";
import { periodsOfYear, previousPeriod, yearRange } from "~/domain/statistics/periods";
import { type ExamAttemptFact, type QuarterAssignment, type QuarterResult, quarterResults, quarterlyTable, quarterTrend } from "~/domain/statistics/quarterly";
import { cadreOutcome } from "~/domain/statistics/outcomes";
import { toCents } from "~/domain/statistics/rounding";
import type { YearStatistics } from "~/domain/statistics/year-tables";
import { yieldToEventLoop } from "~/utils/event-loop";

import { finalizeExpiredAttempts } from "./attempt-finalize.server";
import { orgDepth, sortAsTree } from "./orgs.server";
import { attemptFact } from "./reports.server";

/** The subtree the numbers cover. */
export type StatisticsRoot = { orgId: number; path: string; name: string };

const CHUNK = 900;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const ATTEMPT_COLUMNS = [
  "attempts.id",
  "attempts.exam_id",
  "attempts.user_id",
  "attempts.attempt_no",
  "attempts.status",
  "attempts.score",
  "attempts.max_score",
  "attempts.passed",
  "attempts.pending_manual",
  "attempts.started_at",
  "attempts.finished_at",
] as const;

/** The ids of the organizations under the root (a set: filtering rows in memory is cheaper than a join per row). */
async function subtreeOrgIds(db: DB, root: StatisticsRoot): Promise<Set<number>> {
  const rows = await db.selectFrom("orgs").select("id").where("path", "like", `${root.path}%`).execute();
  return new Set(rows.map((r) => r.id));
}

/** Assignments to (and attempts at) the quarterly exams of `periods`, for cadres assigned within the subtree. */
async function loadQuarterFacts(db: DB, inSubtree: ReadonlySet<number>, periods: readonly string[]) {
  const exams = await db.selectFrom("exams").select(["id", "period"]).where("kind", "=", "quarterly").where("status", "!=", "draft").where("period", "in", [...periods]).execute();
  const assignments: QuarterAssignment[] = [];
  const attempts: ExamAttemptFact[] = [];
  for (const exam of exams) {
    const rows = await db.selectFrom("exam_audience").select(["user_id", "org_id"]).where("exam_id", "=", exam.id).execute();
    const members = new Set<number>();
    for (const r of rows) {
      if (!inSubtree.has(r.org_id)) continue;
      members.add(r.user_id);
      assignments.push({ userId: r.user_id, examId: exam.id, period: exam.period!, orgId: r.org_id });
    }
    const taken = await db.selectFrom("attempts").select(ATTEMPT_COLUMNS).where("attempts.exam_id", "=", exam.id).execute();
    for (const a of taken) if (members.has(a.user_id)) attempts.push({ ...attemptFact(a), examId: a.exam_id });
    await yieldToEventLoop();
  }
  return { assignments, attempts };
}

/** Organizations with cadres now or results this year, in tree order, under the root. */
async function loadOrgs(db: DB, root: StatisticsRoot) {
  const orgs = sortAsTree(await db.selectFrom("orgs").selectAll().where("path", "like", `${root.path}%`).execute());
  const withMembers = new Set(
    (await db.selectFrom("users").innerJoin("orgs", "orgs.id", "users.org_id").select("users.org_id").distinct().where("users.active", "=", 1).where("orgs.path", "like", `${root.path}%`).execute()).map(
      (r) => r.org_id,
    ),
  );
  return { all: orgs, withMembers };
}

async function loadLeaders(db: DB, root: StatisticsRoot): Promise<LeaderFact[]> {
  const rows = await db
    .selectFrom("users")
    .innerJoin("orgs", "orgs.id", "users.org_id")
    .select(["users.id", "users.employee_no", "users.name", "users.org_id", "orgs.name as orgName", "users.rank"])
    .where("users.is_leader", "=", 1)
    .where("users.active", "=", 1)
    .where("orgs.path", "like", `${root.path}%`)
    .execute();
  return rows.map((r) => ({ userId: r.id, employeeNo: r.employee_no, name: r.name, orgId: r.org_id, orgName: r.orgName, rank: r.rank }));
}

/** Handed-in attempts of counted exams by these cadres within the range (any owner: a leader's exam counts wherever it was held). */
async function loadTaken(db: DB, userIds: readonly number[], range: { start: Date; end: Date }): Promise<TakenExam[]> {
  const taken: TakenExam[] = [];
  for (const chunk of chunks(userIds)) {
    const rows = await db
      .selectFrom("attempts")
      .innerJoin("exams", "exams.id", "attempts.exam_id")
      .select(["attempts.user_id", "attempts.exam_id", "attempts.finished_at"])
      .where("attempts.user_id", "in", chunk)
      .where("attempts.status", "!=", "in_progress")
      .where("exams.kind", "in", [...COUNTED_EXAM_KINDS])
      .where("attempts.finished_at", ">=", range.start.toISOString())
      .where("attempts.finished_at", "<", range.end.toISOString())
      .execute();
    for (const r of rows) taken.push({ userId: r.user_id, examId: r.exam_id, finishedAt: r.finished_at! });
  }
  return taken;
}

/** Each cadre's practice answer times within the range, sorted (through the (user_id, answered_at) index). */
async function loadPracticeTimes(db: DB, userIds: ReadonlySet<number>, range: { start: Date; end: Date }): Promise<Map<number, string[]>> {
  const times = new Map<number, string[]>();
  for (const chunk of chunks([...userIds])) {
    const rows = await db
      .selectFrom("practice_answers")
      .select(["user_id", "answered_at"])
      .where("user_id", "in", chunk)
      .where("answered_at", ">=", range.start.toISOString())
      .where("answered_at", "<", range.end.toISOString())
      .execute();
    for (const r of rows) {
      const list = times.get(r.user_id);
      if (list) list.push(r.answered_at);
      else times.set(r.user_id, [r.answered_at]);
    }
  }
  for (const list of times.values()) list.sort();
  return times;
}

/**
 * The counted attempt of every cadre at every counted exam they handed in within the range,
 * started while in the subtree (attempts.org_id): the best graded one; none while an essay
 * waits (the exam report's rule). With the organization it was started in.
 */
export async function countedAttempts(db: DB, inSubtree: ReadonlySet<number>, range: { start: Date; end: Date }): Promise<Array<{ id: number; orgId: number }>> {
  const rows = await db
    .selectFrom("attempts")
    .innerJoin("exams", "exams.id", "attempts.exam_id")
    .select([...ATTEMPT_COLUMNS, "attempts.org_id"])
    .where("exams.kind", "in", [...COUNTED_EXAM_KINDS])
    .where("attempts.status", "!=", "in_progress")
    .where("attempts.finished_at", ">=", range.start.toISOString())
    .where("attempts.finished_at", "<", range.end.toISOString())
    .execute();
  const byCadreExam = new Map<string, ReturnType<typeof attemptFact>[]>();
  const orgOf = new Map<number, number>();
  for (const r of rows) {
    if (!inSubtree.has(r.org_id)) continue;
    orgOf.set(r.id, r.org_id);
    const key = `${r.user_id}|${r.exam_id}`;
    const list = byCadreExam.get(key);
    if (list) list.push(attemptFact(r));
    else byCadreExam.set(key, [attemptFact(r)]);
  }
  const counted: Array<{ id: number; orgId: number }> = [];
  for (const list of byCadreExam.values()) {
    const outcome = cadreOutcome(list);
    if (outcome.state === "final") counted.push({ id: outcome.best.id, orgId: orgOf.get(outcome.best.id)! });
  }
  return counted.sort((a, b) => a.id - b.id);
}

/** Answers per question and organization over those attempts (pending essays left out); one grouped read per organization, no join. */
async function loadItemAggregates(db: DB, attempts: ReadonlyArray<{ id: number; orgId: number }>): Promise<ItemAggregate[]> {
  const byOrg = new Map<number, number[]>();
  for (const a of attempts) byOrg.set(a.orgId, [...(byOrg.get(a.orgId) ?? []), a.id]);
  const out: ItemAggregate[] = [];
  for (const [orgId, ids] of byOrg) {
    for (const chunk of chunks(ids)) {
      const rows = await db
        .selectFrom("attempt_items")
        .select([
          "question_row_id",
          (eb) => eb.fn.countAll<number>().as("answers"),
          (eb) => eb.fn.sum<number>(eb.case().when("status", "=", "correct").then(1).else(0).end()).as("correct"),
          (eb) => eb.fn.sum<number>("points").as("points"),
          (eb) => eb.fn.sum<number>("max_points").as("maxPoints"),
        ])
        .where("attempt_id", "in", chunk)
        .where("status", "!=", "pending")
        .groupBy("question_row_id")
        .execute();
      for (const r of rows) {
        out.push({ rowId: r.question_row_id, orgId, answers: Number(r.answers), correct: Number(r.correct), pointsCents: toCents(Number(r.points)), maxCents: toCents(Number(r.maxPoints)) });
      }
      await yieldToEventLoop();
    }
  }
  return out;
}

export async function tagsOfRows(db: DB, rowIds: readonly number[]): Promise<Map<number, string[]>> {
  const tags = new Map<number, string[]>();
  for (const chunk of chunks(rowIds)) {
    const rows = await db.selectFrom("bank_questions").select(["id", "tags"]).where("id", "in", chunk).execute();
    for (const r of rows) tags.set(r.id, JSON.parse(r.tags) as string[]);
  }
  return tags;
}

/** The year's statistics for everything under `root`. Expired open attempts are finalized first. */
export async function loadYearStatistics(db: DB, input: { root: StatisticsRoot; year: number; timeZone: string; now: Date }): Promise<YearStatistics> {
  const { root, year, timeZone } = input;
  await finalizeExpiredAttempts(db, input.now);
  const periods = periodsOfYear(year);
  // The year's quarters and the one before them (the first quarter's pairs start there), which the chart shows too.
  const chartPeriods = [previousPeriod(periods[0]), ...periods];
  const range = yearRange(year, timeZone);

  const orgs = await loadOrgs(db, root);
  const inSubtree = new Set(orgs.all.map((o) => o.id));
  const facts = await loadQuarterFacts(db, inSubtree, chartPeriods);
  const results = quarterResults(facts.assignments, facts.attempts);
  const inYear = results.filter((r) => periods.includes(r.period));
  const withResults = new Set(inYear.map((r) => r.orgId));
  const rowOrgs = orgs.all.filter((o) => orgs.withMembers.has(o.id) || withResults.has(o.id)).map((o) => ({ id: o.id, name: o.name }));
  const orgOrder = new Map(orgs.all.map((o, i) => [o.id, i]));

  const leaders = await loadLeaders(db, root);
  const leaderRows = leaderCompliance(leaders, await loadTaken(db, leaders.map((l) => l.userId), range), range, orgOrder);

  const pairCadres = new Set(inYear.filter((r) => r.state === "final").map((r) => r.userId));
  const practiceRange = { start: quarterRange(chartPeriods[0], timeZone).start, end: range.end };
  const pairs = scorePairs(results, periods, await loadPracticeTimes(db, pairCadres, practiceRange));

  const aggregates = await loadItemAggregates(db, await countedAttempts(db, inSubtree, range));
  const tags = await tagsOfRows(db, [...new Set(aggregates.map((a) => a.rowId))]);
  const masteryOrgs = orgs.all.map((o) => ({ id: o.id, name: o.name }));

  const open = await db
    .selectFrom("exams")
    .select("period")
    .distinct()
    .where("kind", "=", "quarterly")
    .where("status", "=", "published")
    .where("closes_at", ">", input.now.toISOString())
    .where("period", "in", chartPeriods)
    .execute();
  return {
    year,
    periods,
    openPeriods: open.map((o) => o.period!).sort(),
    quarterly: quarterlyTable(inYear, rowOrgs, periods),
    trend: quarterTrend(results, chartPeriods),
    leaders: leaderRows,
    paired: {
      byOrg: rowOrgs.flatMap((o) => {
        const mine = pairs.filter((p) => p.orgId === o.id);
        return mine.length ? [{ orgId: o.id, orgName: o.name, stats: changeStats(mine) }] : [];
      }),
      total: changeStats(pairs),
      practised: changeStats(pairs.filter((p) => p.practised)),
      notPractised: changeStats(pairs.filter((p) => !p.practised)),
    },
    mastery: { tags: masteryByTag(aggregates, tags), byOrg: masteryByOrg(aggregates, tags, masteryOrgs) },
  };
}

/** Years that have quarterly exams, and the current one, newest first. */
export async function statisticsYears(db: DB, currentYear: number): Promise<number[]> {
  const rows = await db.selectFrom("exams").select("period").distinct().where("kind", "=", "quarterly").where("period", "is not", null).execute();
  const years = new Set<number>([currentYear]);
  for (const r of rows) years.add(Number(r.period!.slice(0, 4)));
  return [...years].sort((a, b) => b - a);
}

/** The organizations a manager may narrow the statistics to: their root first, in tree order. */
export async function statisticsChoices(db: DB, root: StatisticsRoot) {
  const orgs = sortAsTree(await db.selectFrom("orgs").selectAll().where("path", "like", `${root.path}%`).execute());
  const base = orgs.length ? orgDepth(orgs[0]) : 0;
  return orgs.map((o) => ({ id: o.id, name: o.name, depth: orgDepth(o) - base }));
}

export type { QuarterResult, YearStatistics };

/**
 * Item analysis of the questions with one knowledge point, over the same counted attempts as
 * the mastery table (the year, the subtree), from the per-question rows: the link from a
 * weak knowledge point to the questions behind it.
 */
export async function loadTagItemAnalysis(db: DB, input: { root: StatisticsRoot; year: number; tag: string; timeZone: string; now: Date }): Promise<ItemStats[]> {
  await finalizeExpiredAttempts(db, input.now);
  const tagged = await db
    .selectFrom("bank_questions")
    .innerJoin("bank_versions", "bank_versions.id", "bank_questions.version_id")
    .innerJoin("banks", "banks.id", "bank_versions.bank_id")
    .select(["bank_questions.id", "bank_questions.question_key", "bank_questions.type", "bank_questions.stem", "bank_questions.options", "bank_questions.answer", "bank_questions.tags", "bank_questions.position", "banks.slug"])
    .where(sql<boolean>`bank_questions.tags like ${`%${JSON.stringify(input.tag).replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`)
    .execute();
  const rows = new Map(tagged.filter((r) => (JSON.parse(r.tags) as string[]).includes(input.tag)).map((r) => [r.id, r]));
  if (rows.size === 0) return [];
  const cadres: CadreItems[] = [];
  const counted = await countedAttempts(db, await subtreeOrgIds(db, input.root), yearRange(input.year, input.timeZone));
  for (const chunk of chunks(counted.map((a) => a.id))) {
    const items = await db
      .selectFrom("attempt_items")
      .innerJoin("attempts", "attempts.id", "attempt_items.attempt_id")
      .select(["attempt_items.attempt_id", "attempt_items.question_row_id", "attempt_items.status", "attempt_items.points", "attempt_items.max_points", "attempt_items.chosen", "attempts.score"])
      .where("attempt_items.attempt_id", "in", chunk)
      .where("attempt_items.question_row_id", "in", [...rows.keys()])
      .where("attempt_items.status", "!=", "pending")
      .execute();
    const byAttempt = new Map<number, CadreItems>();
    for (const item of items) {
      const q = rows.get(item.question_row_id)!;
      const cadre = byAttempt.get(item.attempt_id) ?? { total: item.score ?? 0, items: [] };
      cadre.items.push({
        identity: `${q.slug}#${q.question_key}`,
        bankSlug: q.slug,
        key: q.question_key,
        rowId: q.id,
        sectionIndex: 0,
        type: q.type,
        stem: q.stem,
        bankOptions: q.options ? (JSON.parse(q.options) as string[]) : [],
        answer: toAnswer(q.type, JSON.parse(q.answer)),
        status: item.status,
        points: item.points,
        maxPoints: item.max_points,
        chosen: item.chosen ? (JSON.parse(item.chosen) as number[]) : [],
      });
      byAttempt.set(item.attempt_id, cadre);
    }
    cadres.push(...byAttempt.values());
    await yieldToEventLoop();
  }
  return itemAnalysis(cadres, new Map([...rows.values()].map((r) => [r.id, { tags: JSON.parse(r.tags) as string[], position: r.position }])));
}
