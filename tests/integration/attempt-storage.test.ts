import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { Migrator, sql } from "kysely";

import { type DB, migrateToLatest, openDatabase } from "../../db/client";
import { migrationProvider } from "../../db/migrations/index";
import { CADRE_VIEW_FORMAT, cadreView } from "~/domain/attempt-view";
import { displayedAnswer } from "~/domain/exams/option-order";
import { paperRefs, questionAt } from "~/domain/exams/question-ref";
import type { Response } from "~/domain/exams/types";
import { backfillAttemptItems, loadPaper, loadResponses } from "~/models/attempt-storage.server";
import { saveResponses, startAttempt, submitAttempt } from "~/models/attempts.server";
import { loader as attemptLoader } from "~/routes/attempts.$attemptId._index";

import { arrangeExam } from "../support/exam-fixtures";
import { callRoute, sessionCookieFor } from "../support/route-calls";
import { createTestDatabase, makeOrg } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

async function takeAndSubmit(examId: number, userId: number) {
  const started = await startAttempt(db, { examId, userId, now: new Date(), seed: 11 });
  if (started.kind === "blocked") throw new Error(started.reasons.join(";"));
  const paper = await loadPaper(db, started.attemptId);
  // The first single-choice question answered right, the first multiple-choice one wrong.
  const answers: Array<{ ref: string; response: Response }> = [];
  const single = paperRefs(paper).find((ref) => questionAt(paper, ref)!.type === "single")!;
  const multiple = paperRefs(paper).find((ref) => questionAt(paper, ref)!.type === "multiple")!;
  answers.push({ ref: single, response: { kind: "single", option: displayedAnswer(questionAt(paper, single)!)[0] } });
  answers.push({ ref: multiple, response: { kind: "multiple", options: [displayedAnswer(questionAt(paper, multiple)!)[0]] } });
  const saved = await saveResponses(db, { attemptId: started.attemptId, userId, answers, seq: 1, now: new Date() });
  expect(saved.kind).toBe("saved");
  await submitAttempt(db, { attemptId: started.attemptId, userId, now: new Date() });
  return { attemptId: started.attemptId, paper, single, multiple };
}

describe("what a graded attempt stores", () => {
  test("each question gets a row with its bank question, marks and the chosen options in bank order", async () => {
    const { examId, cadres } = await arrangeExam(db);
    const { attemptId, paper, single, multiple } = await takeAndSubmit(examId, cadres[0].id);
    const items = await db.selectFrom("attempt_items").selectAll().where("attempt_id", "=", attemptId).execute();
    expect(items).toHaveLength(paperRefs(paper).length);
    const singleRow = items.find((i) => i.question_ref === single)!;
    expect(singleRow).toMatchObject({ status: "correct", type: "single", question_row_id: questionAt(paper, single)!.rowId, points: 10, max_points: 10 });
    // The bank's key for generated single questions is B (original index 1), whatever the shuffle showed.
    expect(JSON.parse(singleRow.chosen!)).toEqual([1]);
    const multipleRow = items.find((i) => i.question_ref === multiple)!;
    expect(multipleRow.status).toBe("wrong");
    expect(JSON.parse(multipleRow.chosen!)).toHaveLength(1);
    expect(items.filter((i) => i.status === "unanswered").length).toBe(items.length - 2);
  });

  test("the attempt keeps the organization the cadre started in after a transfer", async () => {
    const { examId, cadres, org } = await arrangeExam(db);
    const { attemptId } = await takeAndSubmit(examId, cadres[0].id);
    const elsewhere = await makeOrg(db, `调入单位-${attemptId}`);
    await db.updateTable("users").set({ org_id: elsewhere.id }).where("id", "=", cadres[0].id).execute();
    const attempt = await db.selectFrom("attempts").select("org_id").where("id", "=", attemptId).executeTakeFirstOrThrow();
    const audience = await db.selectFrom("exam_audience").select("org_id").where("exam_id", "=", examId).where("user_id", "=", cadres[0].id).executeTakeFirstOrThrow();
    expect(attempt.org_id).toBe(org.id);
    expect(audience.org_id).toBe(org.id);
  });
});

describe("a database made before the papers moved to their own table", () => {
  test("keeps every paper and answer, and its finished attempts get their question rows", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-old-"));
    const old = openDatabase(path.join(dir, "old.db"));
    try {
      // The schema as it was at migration 0004, with one finished attempt written the old way.
      const migrator = new Migrator({ db: old, provider: migrationProvider });
      const result = await migrator.migrateTo("0004-manual-grades");
      expect(result.error).toBeUndefined();
      const now = new Date().toISOString();
      await sql`insert into orgs (id, parent_id, name, kind, path, sort_order, created_at) values (1, null, '旧党委', 'party_committee', '/1/', 0, ${now})`.execute(old);
      await sql`insert into users (id, employee_no, name, org_id, rank, is_leader, is_party_member, role, scope_org_id, password_hash, must_change_password, active, created_at, updated_at)
                values (1, 'OLD1', '老干部', 1, 'staff', 0, 1, 'cadre', null, 'x', 0, 1, ${now}, ${now})`.execute(old);
      await sql`insert into banks (id, slug, created_at) values (1, 'old-bank', ${now})`.execute(old);
      await sql`insert into bank_versions (id, bank_id, version, title, regulation, source, description, content_hash, question_count, origin, file_name, imported_by, imported_at)
                values (1, 1, 1, '旧题库', '旧法规', null, '', 'h', 1, 'cli', null, null, ${now})`.execute(old);
      await sql`insert into bank_questions (id, version_id, question_key, position, type, stem, options, answer, explanation, reference, tags, difficulty, content_hash)
                values (1, 1, 'q001', 0, 'single', '旧题', '["甲","乙"]', '"B"', '解析', '第一条', '["旧"]', 1, 'h')`.execute(old);
      await sql`insert into exams (id, kind, title, owner_org_id, status, opens_at, closes_at, pass_mark, review_policy, multiple_policy, audience, paper_spec, created_at, updated_at)
                values (1, 'quarterly', '旧考试', 1, 'closed', ${now}, ${now}, 1, 'after_submit', 'all_or_nothing', '{}', '{}', ${now}, ${now})`.execute(old);
      const paper = {
        seed: 1,
        sections: [{ title: "一、单选题", type: "single", points: 2, minScore: null, questions: [{ rowId: 1, bankSlug: "old-bank", bankVersion: 1, key: "q001", type: "single", stem: "旧题", points: 2, optionOrder: [1, 0], options: ["乙", "甲"], answer: { kind: "single", option: 1 }, blanks: 0 }] }],
      };
      const rules = { multiplePolicy: "all_or_nothing", passMark: 1, sectionMinimums: false };
      await sql`insert into attempts (id, exam_id, user_id, attempt_no, status, paper, grading_rules, started_at, deadline_at, finished_at, last_seq, left_page_count, score, max_score, passed, pending_manual, grade_detail, graded_at)
                values (1, 1, 1, 1, 'submitted', ${JSON.stringify(paper)}, ${JSON.stringify(rules)}, ${now}, ${now}, ${now}, 1, 0, 2, 2, 1, 0, null, ${now})`.execute(old);
      await sql`insert into attempt_responses (attempt_id, question_ref, response, seq, saved_at) values (1, '0:0', '{"kind":"single","option":0}', 1, ${now})`.execute(old);

      await migrateToLatest(old);
      expect(await backfillAttemptItems(old)).toBe(1);
      expect(await backfillAttemptItems(old)).toBe(0);

      const moved = await old.selectFrom("attempt_papers").selectAll().where("attempt_id", "=", 1).executeTakeFirstOrThrow();
      expect(JSON.parse(moved.paper)).toEqual(paper);
      const attempt = await old.selectFrom("attempts").selectAll().where("id", "=", 1).executeTakeFirstOrThrow();
      expect(attempt).toMatchObject({ org_id: 1, score: 2, last_seq: 1 });
      const response = await old.selectFrom("attempt_responses").select("response").executeTakeFirstOrThrow();
      expect(JSON.parse(response.response)).toEqual({ kind: "single", option: 0 });
      // Displayed option 0 is original option 1 (乙, the key).
      const item = await old.selectFrom("attempt_items").selectAll().where("attempt_id", "=", 1).executeTakeFirstOrThrow();
      expect(item).toMatchObject({ question_row_id: 1, status: "correct", points: 2, chosen: "[1]" });
    } finally {
      await old.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the attempt page's copy of an open attempt's paper", () => {
  async function started() {
    const { examId, cadres } = await arrangeExam(db);
    const userId = cadres[0].id;
    const start = await startAttempt(db, { examId, userId, now: new Date(), seed: 5 });
    if (start.kind === "blocked") throw new Error(start.reasons.join(";"));
    const attemptId = start.attemptId;
    const page = () => callRoute(attemptLoader, { db, cookie, path: `/attempts/${attemptId}`, params: { attemptId: String(attemptId) } });
    const cookie = await sessionCookieFor(db, userId);
    return { attemptId, userId, page, view: () => db.selectFrom("attempt_views").selectAll().where("attempt_id", "=", attemptId).executeTakeFirst() };
  }

  test("is stored when the paper is frozen: the cadre view, with no answer key in it", async () => {
    const { attemptId, view } = await started();
    const row = await view();
    const paper = await loadPaper(db, attemptId);
    expect(row).toMatchObject({ format: CADRE_VIEW_FORMAT, sections: JSON.stringify(cadreView(paper)) });
    expect(row!.sections).not.toMatch(/"answer"|"explanation"|"optionOrder"|"rowId"|"blanks":\[\[/);
    expect(JSON.parse(row!.sections)).toHaveLength(paper.sections.length);
  });

  test("is what the page sends, and a copy in another format is rebuilt from the paper", async () => {
    const { attemptId, page } = await started();
    const marked = JSON.stringify([{ title: "存储的副本", type: "single", points: 1, questions: [] }]);
    await db.updateTable("attempt_views").set({ sections: marked }).where("attempt_id", "=", attemptId).execute();
    expect(((await page()).data as { sectionsJson: string }).sectionsJson).toBe(marked);

    await db.updateTable("attempt_views").set({ format: CADRE_VIEW_FORMAT - 1 }).where("attempt_id", "=", attemptId).execute();
    expect(((await page()).data as { sectionsJson: string }).sectionsJson).toBe(JSON.stringify(cadreView(await loadPaper(db, attemptId))));
    await db.deleteFrom("attempt_views").where("attempt_id", "=", attemptId).execute();
    expect(((await page()).data as { sectionsJson: string }).sectionsJson).toBe(JSON.stringify(cadreView(await loadPaper(db, attemptId))));
  });

  test("is dropped when the attempt ends; the paper stays", async () => {
    const { attemptId, userId, view } = await started();
    await submitAttempt(db, { attemptId, userId, now: new Date() });
    expect(await view()).toBeUndefined();
    expect((await loadPaper(db, attemptId)).sections.length).toBeGreaterThan(0);
  });
});

describe("the attempt page's saved answers", () => {
  test("are the stored answers as one JSON object, with the time of the latest save", async () => {
    const { examId, cadres } = await arrangeExam(db);
    const userId = cadres[0].id;
    const start = await startAttempt(db, { examId, userId, now: new Date(), seed: 7 });
    if (start.kind === "blocked") throw new Error(start.reasons.join(";"));
    const { attemptId } = start;
    const cookie = await sessionCookieFor(db, userId);
    const page = async () => (await callRoute(attemptLoader, { db, cookie, path: `/attempts/${attemptId}`, params: { attemptId: String(attemptId) } })).data as { responsesJson: string; lastSavedAt: string | null };

    expect(await page()).toMatchObject({ responsesJson: "{}", lastSavedAt: null });

    const paper = await loadPaper(db, attemptId);
    const [first, second] = paperRefs(paper);
    // Text a cadre might type: quotes, a backslash, a line break and markup survive the round trip.
    const answerOf = (ref: string, text: string): Response => {
      const q = questionAt(paper, ref)!;
      if (q.type === "single") return { kind: "single", option: 0 };
      if (q.type === "multiple") return { kind: "multiple", options: [0, 1] };
      if (q.type === "judge") return { kind: "judge", value: false };
      if (q.type === "fill") return { kind: "fill", blanks: Array.from({ length: q.blanks }, () => text) };
      return { kind: "essay", text };
    };
    const t1 = new Date("2026-03-02T01:00:05Z");
    const t2 = new Date("2026-03-02T01:07:09Z");
    expect((await saveResponses(db, { attemptId, userId, answers: [{ ref: first, response: answerOf(first, '他说"是"\\否\n</script>') }], seq: 1, now: t1 })).kind).toBe("saved");
    expect((await saveResponses(db, { attemptId, userId, answers: [{ ref: second, response: answerOf(second, "第二") }], seq: 2, now: t2 })).kind).toBe("saved");

    const loaded = await page();
    expect(JSON.parse(loaded.responsesJson)).toEqual((await loadResponses(db, attemptId)).responses);
    expect(Object.keys(JSON.parse(loaded.responsesJson))).toEqual(expect.arrayContaining([first, second]));
    // Shown in the exam's time zone (Asia/Shanghai in tests): the later of the two saves.
    expect(loaded.lastSavedAt).toBe("09:07:09");
  });
});
