/**
 * The sections the exams and statistics area adds to the cadre's long-term file (个人学习档案):
 * 考试成绩 (every exam across the years, the best attempt counting), 年度合规 (quarters taken,
 * 年内必考), 知识点掌握 (by knowledge point, weakest first) and 练习. Each is plain data
 * (app/domain/cadre-record.ts) built with the same domain functions as the reports and the
 * statistics, so the file never disagrees with them. Registered in cadre-record.server.ts.
 */
import type { DB } from "../../db/client";
import type { RecordCell, RecordContext, RecordSection, RecordTable } from "~/domain/cadre-record";
import { quarterOf } from "~/domain/exams/attempt-time";
import { COUNTED_EXAM_KINDS } from "~/domain/statistics/compliance";
import { type Cell, formatCell, formatPercent, NO_VALUE } from "~/domain/statistics/format";
import { type ItemAggregate, masteryByTag } from "~/domain/statistics/mastery";
import { cadreOutcome } from "~/domain/statistics/outcomes";
import { inRange, periodsOfYear, quarterLabel, yearRange } from "~/domain/statistics/periods";
import { type QuarterResult, quarterResults } from "~/domain/statistics/quarterly";
import { cadreHistoryTable, type Table } from "~/domain/statistics/report-tables";
import { percentOf, toCents } from "~/domain/statistics/rounding";
import { formatDateTime } from "~/utils/time";

import { loadWrongBook } from "./practice.server";
import { attemptFact, loadCadreReport } from "./reports.server";
import { tagsOfRows } from "./statistics.server";

/** A report table as a record table: counts and scores stay numbers, percentages print with their unit. */
export function recordTableOf(table: Table, title?: string): RecordTable {
  return {
    title,
    columns: table.columns.map((c, i) => ({ key: `c${i}`, label: c.header, numeric: c.kind === "count" || c.kind === "score", key_column: i < 2 })),
    rows: table.rows.map((row) =>
      Object.fromEntries(row.map((v: Cell, i): [string, RecordCell] => [`c${i}`, v === null ? null : typeof v === "number" && (table.columns[i].kind === "count" || table.columns[i].kind === "score") ? v : formatCell(table.columns[i].kind, v)])),
    ),
  };
}

export async function examsSection(db: DB, context: RecordContext): Promise<RecordSection> {
  const report = await loadCadreReport(db, context.cadreId, context.now);
  const { totals } = report;
  return {
    key: "exams",
    title: "考试成绩",
    facts: [
      { label: "参考 / 应考（场）", value: `${totals.took} / ${totals.exams}` },
      { label: "及格 / 已评定（场）", value: `${totals.passed} / ${totals.graded}` },
      { label: "及格率", value: formatPercent(totals.passRate) },
    ],
    tables: report.rows.length ? [recordTableOf(cadreHistoryTable(report, (i) => formatDateTime(i, context.timeZone)))] : [],
    emptyText: report.rows.length ? null : "还没有考试记录。",
  };
}

const ATTEMPT_COLUMNS = ["attempts.id", "attempts.exam_id", "attempts.user_id", "attempts.attempt_no", "attempts.status", "attempts.score", "attempts.max_score", "attempts.passed", "attempts.pending_manual", "attempts.started_at", "attempts.finished_at"] as const;

/**
 * One quarter of the compliance table: the counted result, 待阅卷, 未参考, 待参加 while the
 * quarter's exam is still open, or — when no quarterly exam was assigned.
 */
function quarterText(result: QuarterResult | undefined, open: boolean): string {
  if (!result) return NO_VALUE;
  if (result.state === "final") return `${result.percent} 分 · ${result.passed ? "及格" : "不及格"}`;
  if (result.state === "pending") return "待阅卷";
  return open ? "待参加（考试进行中）" : "未参考";
}

export async function complianceSection(db: DB, context: RecordContext): Promise<RecordSection> {
  const { cadreId, timeZone } = context;
  const cadre = await db.selectFrom("users").select(["is_leader"]).where("id", "=", cadreId).executeTakeFirstOrThrow();
  const assigned = await db
    .selectFrom("exam_audience")
    .innerJoin("exams", "exams.id", "exam_audience.exam_id")
    .select(["exam_audience.exam_id", "exam_audience.org_id", "exams.period", "exams.status", "exams.closes_at"])
    .where("exam_audience.user_id", "=", cadreId)
    .where("exams.kind", "=", "quarterly")
    .where("exams.status", "!=", "draft")
    .where("exams.period", "is not", null)
    .execute();
  const attempts = await db
    .selectFrom("attempts")
    .innerJoin("exams", "exams.id", "attempts.exam_id")
    .select([...ATTEMPT_COLUMNS, "exams.kind"])
    .where("attempts.user_id", "=", cadreId)
    .execute();
  const results = quarterResults(
    assigned.map((a) => ({ userId: cadreId, examId: a.exam_id, period: a.period!, orgId: a.org_id })),
    attempts.filter((a) => a.kind === "quarterly").map((a) => ({ ...attemptFact(a), examId: a.exam_id })),
  );
  const byPeriod = new Map(results.map((r) => [r.period, r]));
  const openPeriods = new Set(assigned.filter((a) => a.status === "published" && Date.parse(a.closes_at) > context.now.getTime()).map((a) => a.period!));
  const handedIn = attempts.filter((a) => a.status !== "in_progress" && a.finished_at && COUNTED_EXAM_KINDS.includes(a.kind));
  const currentYear = Number(quarterOf(context.now, timeZone).slice(0, 4));
  const years = new Set<number>([currentYear]);
  for (const r of results) years.add(Number(r.period.slice(0, 4)));
  for (const a of handedIn) years.add(Number(quarterOf(new Date(a.finished_at!), timeZone).slice(0, 4)));
  const rows = [...years]
    .sort((a, b) => b - a)
    .map((year) => {
      const range = yearRange(year, timeZone);
      const exams = new Set(handedIn.filter((a) => inRange(a.finished_at!, range)).map((a) => a.exam_id)).size;
      const quarters = periodsOfYear(year).map((p) => quarterText(byPeriod.get(p), openPeriods.has(p)));
      return { year, exams, quarters, met: exams > 0 };
    });
  const thisYear = rows.find((r) => r.year === currentYear)!;
  const requirement = (met: boolean) => (cadre.is_leader ? (met ? "已完成" : "未完成") : "不适用（非领导干部）");
  return {
    key: "compliance",
    title: "年度合规",
    facts: [
      { label: `${currentYear} 年季度考试`, value: `${thisYear.quarters.filter((q) => q.includes("分 ·") || q === "待阅卷").length} / ${thisYear.quarters.filter((q) => q !== NO_VALUE).length} 个季度已参加` },
      { label: `${currentYear} 年参加考试`, value: `${thisYear.exams} 场` },
      { label: "领导干部年内必考", value: requirement(thisYear.met) },
    ],
    tables: [
      {
        columns: [
          { key: "year", label: "年度", key_column: true },
          ...periodsOfYear(currentYear).map((p, i) => ({ key: `q${i + 1}`, label: quarterLabel(p) })),
          { key: "exams", label: "参加考试（场）", numeric: true },
          { key: "required", label: "年内必考", key_column: true },
        ],
        rows: rows.map((r) => ({ year: `${r.year} 年`, q1: r.quarters[0], q2: r.quarters[1], q3: r.quarters[2], q4: r.quarters[3], exams: r.exams, required: requirement(r.met) })),
      },
    ],
    emptyText: null,
  };
}

export async function masterySection(db: DB, context: RecordContext): Promise<RecordSection> {
  const attempts = await db
    .selectFrom("attempts")
    .innerJoin("exams", "exams.id", "attempts.exam_id")
    .select(ATTEMPT_COLUMNS)
    .where("attempts.user_id", "=", context.cadreId)
    .where("attempts.status", "!=", "in_progress")
    .where("exams.kind", "in", [...COUNTED_EXAM_KINDS])
    .execute();
  const byExam = new Map<number, ReturnType<typeof attemptFact>[]>();
  for (const a of attempts) byExam.set(a.exam_id, [...(byExam.get(a.exam_id) ?? []), attemptFact(a)]);
  const counted = [...byExam.values()].flatMap((list) => {
    const outcome = cadreOutcome(list);
    return outcome.state === "final" ? [outcome.best.id] : [];
  });
  const aggregates: ItemAggregate[] = [];
  for (let i = 0; i < counted.length; i += 500) {
    const rows = await db
      .selectFrom("attempt_items")
      .select(["question_row_id", "status", "points", "max_points"])
      .where("attempt_id", "in", counted.slice(i, i + 500))
      .where("status", "!=", "pending")
      .execute();
    for (const r of rows) aggregates.push({ rowId: r.question_row_id, orgId: 0, answers: 1, correct: r.status === "correct" ? 1 : 0, pointsCents: toCents(r.points), maxCents: toCents(r.max_points) });
  }
  const tags = masteryByTag(aggregates, await tagsOfRows(db, [...new Set(aggregates.map((a) => a.rowId))]));
  return {
    key: "mastery",
    title: "知识点掌握",
    facts: tags.length ? [{ label: "最薄弱的知识点", value: `${tags[0].tag}（正确率 ${formatPercent(tags[0].facility)}）` }] : [],
    tables: tags.length
      ? [
          {
            columns: [
              { key: "tag", label: "知识点", key_column: true },
              { key: "answers", label: "作答题次", numeric: true },
              { key: "correct", label: "答对", numeric: true },
              { key: "facility", label: "正确率", key_column: true },
            ],
            rows: tags.map((t) => ({ tag: t.tag, answers: t.answers, correct: t.correct, facility: formatPercent(t.facility) })),
          },
        ]
      : [],
    emptyText: tags.length ? null : "还没有已评定的考试，暂无知识点统计。",
  };
}

export async function practiceSection(db: DB, context: RecordContext): Promise<RecordSection> {
  const rows = await db
    .selectFrom("practice_answers")
    .innerJoin("bank_questions", "bank_questions.id", "practice_answers.question_row_id")
    .innerJoin("bank_versions", "bank_versions.id", "bank_questions.version_id")
    .select(["practice_answers.bank_slug", "bank_versions.title", (eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.sum<number>("practice_answers.correct").as("right"), (eb) => eb.fn.max("practice_answers.answered_at").as("last")])
    .where("practice_answers.user_id", "=", context.cadreId)
    .groupBy(["practice_answers.bank_slug", "bank_versions.title"])
    .execute();
  // One line per bank (a bank's versions share its slug): the newest title.
  const banks = new Map<string, { title: string; n: number; right: number; last: string }>();
  for (const r of rows) {
    const b = banks.get(r.bank_slug) ?? { title: r.title, n: 0, right: 0, last: "" };
    b.n += Number(r.n);
    b.right += Number(r.right ?? 0);
    if (String(r.last) > b.last) {
      b.last = String(r.last);
      b.title = r.title;
    }
    banks.set(r.bank_slug, b);
  }
  const list = [...banks.values()].sort((a, b) => b.n - a.n);
  const total = list.reduce((n, b) => n + b.n, 0);
  const right = list.reduce((n, b) => n + b.right, 0);
  const last = list.reduce((m, b) => (b.last > m ? b.last : m), "");
  const book = await loadWrongBook(db, context.cadreId, context.now);
  return {
    key: "practice",
    title: "练习",
    facts: [
      { label: "累计练习", value: `${total} 题，答对 ${right} 题（${formatPercent(percentOf(right, total))}）` },
      { label: "错题本", value: `${book.length} 题` },
      { label: "最近练习", value: last ? formatDateTime(last, context.timeZone) : NO_VALUE },
    ],
    tables: list.length
      ? [
          {
            columns: [
              { key: "bank", label: "题库", key_column: true },
              { key: "n", label: "练习题次", numeric: true },
              { key: "right", label: "答对", numeric: true },
              { key: "rate", label: "正确率", key_column: true },
              { key: "last", label: "最近练习" },
            ],
            rows: list.map((b) => ({ bank: b.title, n: b.n, right: b.right, rate: formatPercent(percentOf(b.right, b.n)), last: formatDateTime(b.last, context.timeZone) })),
          },
        ]
      : [],
    emptyText: total ? null : "还没有练习记录。",
  };
}
