/**
 * attempt_items keeps only its primary key (attempt, question): the index on question_row_id
 * was dropped because nothing used it and every graded attempt paid for it (migration 0013).
 * This holds the reason true: every query the app sends to attempt_items, read from a real
 * run of the reports, statistics, cadre record and wrong book, searches it by attempt.
 */
import type { Statement } from "better-sqlite3";

import { type DB, driverOf } from "../../db/client";
import { loadCadreRecord } from "~/models/cadre-record.server";
import { startAttempt, submitAttempt } from "~/models/attempts.server";
import { loadWrongBook, wrongBookStanding } from "~/models/practice.server";
import { loadCadreReport, loadExamReport } from "~/models/reports.server";
import { loadTagItemAnalysis, loadYearStatistics } from "~/models/statistics.server";

import { arrangeExam } from "../support/exam-fixtures";
import { createTestDatabase } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

const TZ = "Asia/Shanghai";

/** The SQL texts run on either connection while `work` runs. */
async function sqlRunDuring(work: () => Promise<unknown>): Promise<string[]> {
  const driver = driverOf(db);
  const seen = new Set<string>();
  const spies = [driver.reader, driver.writer].map((connection) => {
    const prepare = connection.prepare.bind(connection);
    return vi.spyOn(connection, "prepare").mockImplementation((sql: string) => {
      seen.add(sql);
      return prepare(sql) as Statement;
    });
  });
  const cached = [vi.spyOn(driver, "readerStatement"), vi.spyOn(driver, "writerStatement")];
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
    for (const spy of cached) {
      for (const [sql] of spy.mock.calls) seen.add(sql);
      spy.mockRestore();
    }
  }
  return [...seen];
}

test("every read of attempt_items by the reports, statistics, cadre record and wrong book searches it by attempt", async () => {
  const { examId, cadres, org, slug } = await arrangeExam(db, { cadres: 2 });
  const attemptIds: number[] = [];
  for (const [i, cadre] of cadres.entries()) {
    const started = await startAttempt(db, { examId, userId: cadre.id, now: new Date(), seed: i + 1 });
    if (started.kind === "blocked") throw new Error(started.reasons.join());
    await submitAttempt(db, { attemptId: started.attemptId, userId: cadre.id, now: new Date() });
    attemptIds.push(started.attemptId);
  }
  const exam = await db.selectFrom("exams").selectAll().where("id", "=", examId).executeTakeFirstOrThrow();
  const item = await db.selectFrom("attempt_items").innerJoin("bank_questions", "bank_questions.id", "attempt_items.question_row_id").select("bank_questions.question_key").where("attempt_id", "=", attemptIds[0]).executeTakeFirstOrThrow();
  const root = { orgId: org.id, path: org.path, name: org.name };
  const now = new Date();
  const year = Number(new Intl.DateTimeFormat("en", { year: "numeric", timeZone: TZ }).format(now));

  const sqls = await sqlRunDuring(async () => {
    await loadExamReport(db, exam, now);
    await loadCadreReport(db, cadres[0].id, now);
    await loadYearStatistics(db, { root, year, timeZone: TZ, now });
    await loadTagItemAnalysis(db, { root, year, tag: "甲类", timeZone: TZ, now });
    await loadCadreRecord(db, { cadreId: cadres[0].id, now, timeZone: TZ });
    await loadWrongBook(db, cadres[0].id, now);
    await wrongBookStanding(db, { userId: cadres[0].id, answer: { id: 0, bank_slug: slug, question_key: item.question_key }, now });
  });

  const reads = sqls.filter((sql) => /\battempt_items\b/.test(sql) && /^\s*select\b/i.test(sql));
  // The report, the statistics (two), the tag analysis, the record's mastery and the wrong book at least.
  expect(reads.length).toBeGreaterThanOrEqual(5);
  for (const sql of reads) {
    // Planned, not run: any value serves for the parameters.
    const parameters = Array.from(sql.matchAll(/\?/g), () => null);
    const plan = (driverOf(db).reader.prepare(`explain query plan ${sql}`).all(parameters) as Array<{ detail: string }>).map((row) => row.detail);
    const onItems = plan.filter((detail) => /^(SCAN|SEARCH) (attempt_items|i)\b/.test(detail));
    expect(onItems.length, sql).toBeGreaterThan(0);
    for (const detail of onItems) expect(detail, sql).toMatch(/^SEARCH .*\(attempt_id=\?/);
  }
});
