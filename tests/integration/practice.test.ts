/**
 * Practice and the wrong-answer book on a real database, through the route loaders and
 * actions as the server calls them (form posts, redirects, 404s).
 */
import type { DB } from "../../db/client";
import { questionAt } from "~/domain/exams/question-ref";
import { identityOf } from "~/domain/practice/wrong-book";
import { saveManualGrade } from "~/models/grading.server";
import { createExam, getExam, publishExam } from "~/models/exams.server";
import { getPracticeQuestion, isTakingExam, loadWrongBook } from "~/models/practice.server";
import { loadCadreReport, loadExamReport } from "~/models/reports.server";
import { loader as answerLoader } from "~/routes/practice.answers.$answerId";
import { action as questionAction, loader as questionLoader } from "~/routes/practice.question";
import { loader as bookLoader } from "~/routes/practice.wrong-book";
import type { ExamDefinition } from "~/schemas/exams.server";

import { rightAnswers, takeExam, wrongAnswers } from "../support/attempt-helpers";
import { uniqueSlug } from "../support/bank-fixtures";
import { examDefinition, generatedBank, importGeneratedBank } from "../support/exam-fixtures";
import { callRoute, sessionCookieFor } from "../support/route-calls";
import { createTestDatabase, makeOrg, makeUser } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;
let slug: string;
let orgId: number;
beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
  slug = uniqueSlug("practice-bank");
  await importGeneratedBank(db, generatedBank(slug));
  orgId = (await makeOrg(db, `练习测试党支部-${slug}`)).id;
});
afterAll(() => cleanup());

type QuestionPage = Awaited<ReturnType<typeof questionLoader>>;

async function cadre() {
  const user = await makeUser(db, { orgId });
  return { user, cookie: await sessionCookieFor(db, user.id) };
}

/** The single-choice row of the bank with key `key`, and its right and a wrong option (bank order). */
async function bankRow(key: string) {
  const row = await db
    .selectFrom("bank_questions")
    .innerJoin("bank_versions", "bank_versions.id", "bank_questions.version_id")
    .innerJoin("banks", "banks.id", "bank_versions.bank_id")
    .select(["bank_questions.id", "bank_questions.type"])
    .where("banks.slug", "=", slug)
    .where("bank_questions.question_key", "=", key)
    .executeTakeFirstOrThrow();
  return row;
}

async function showQuestion(cookie: string, query: string) {
  const shown = await callRoute(questionLoader, { db, cookie, path: `/practice/question?${query}` });
  return shown.data as QuestionPage;
}

/** Posts an answer to the shown question: `right` picks the key (single and judge questions of the generated bank). */
async function answer(cookie: string, query: string, rowId: number, form: Record<string, string>) {
  return callRoute(questionAction, { db, cookie, path: `/practice/question?${query}`, form: { row: String(rowId), ...form } });
}

async function exam(overrides: Partial<ExamDefinition>) {
  const examId = await createExam(db, { definition: { ...examDefinition(slug), ...overrides }, ownerOrgId: orgId, createdBy: null, now: new Date() });
  const published = await publishExam(db, { examId, actorId: null, ip: null, now: new Date() });
  if (!published.ok) throw new Error(published.problems.join("; "));
  return examId;
}

describe("practising one question at a time", () => {
  test("a wrong answer is recorded with its feedback (key, explanation, article), enters the book, and two right answers take it out", async () => {
    const { user, cookie } = await cadre();
    const q = await bankRow("q001"); // 单选题 1: key B (index 1)
    const posted = await answer(cookie, `bank=${slug}`, q.id, { "q:0:0": "2" });
    expect(posted.status).toBe(302);
    const stored = await db.selectFrom("practice_answers").selectAll().where("user_id", "=", user.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ question_row_id: q.id, bank_slug: slug, question_key: "q001", mode: "bank", status: "wrong", correct: 0, response: JSON.stringify({ kind: "single", option: 2 }) });
    expect(Date.now() - Date.parse(stored[0].answered_at)).toBeLessThan(60_000);

    const feedback = await callRoute(answerLoader, { db, cookie, path: `/practice/answers/${stored[0].id}?bank=${slug}`, params: { answerId: String(stored[0].id) } });
    expect(feedback.data).toMatchObject({ correct: false, yourAnswer: "C", rightAnswer: "B", explanation: "单选解析 0", reference: `《测试题库 ${slug}》第一条`, book: "本题已加入错题本。" });

    const identity = identityOf(slug, "q001");
    expect((await loadWrongBook(db, user.id, new Date())).map((e) => e.identity)).toEqual([identity]);
    await answer(cookie, "book=1", q.id, { "q:0:0": "1" });
    const once = await loadWrongBook(db, user.id, new Date());
    expect(once.map((e) => [e.identity, e.rightSince])).toEqual([[identity, 1]]);
    await answer(cookie, "book=1", q.id, { "q:0:0": "1" });
    expect(await loadWrongBook(db, user.id, new Date())).toEqual([]);
    const last = await db.selectFrom("practice_answers").selectAll().where("user_id", "=", user.id).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(last).toMatchObject({ mode: "wrong_book", correct: 1 });
    const after = await callRoute(answerLoader, { db, cookie, path: `/practice/answers/${last.id}?book=1`, params: { answerId: String(last.id) } });
    expect(after.data).toMatchObject({ correct: true, book: "已连续答对 2 次，本题已移出错题本。" });
  });

  test("the question page shows no key or explanation, a knowledge point limits the questions, and a reload shows the same question", async () => {
    const { cookie } = await cadre();
    const page = await showQuestion(cookie, `bank=${slug}&tag=${encodeURIComponent("乙类")}`);
    expect(page.question).not.toBeNull();
    expect(page.question!.tags).toContain("乙类");
    expect(JSON.stringify(page)).not.toMatch(/解析|"answer"|第[一二三四五]条/);
    expect((await showQuestion(cookie, `bank=${slug}&tag=${encodeURIComponent("乙类")}`)).question).toEqual(page.question);
    const skipped = await showQuestion(cookie, `bank=${slug}&tag=${encodeURIComponent("乙类")}&after=${encodeURIComponent(identityOf(slug, "q000"))}`);
    expect(skipped.question).not.toBeNull();
  });

  test("bad input records nothing: no answer, an option that is not there, an essay, a row that does not exist, an unknown bank", async () => {
    const { user, cookie } = await cadre();
    const q = await bankRow("q001");
    expect((await answer(cookie, `bank=${slug}`, q.id, {})).data).toEqual({ error: "请先作答再提交" });
    expect((await answer(cookie, `bank=${slug}`, q.id, { "q:0:0": "7" })).status).toBe(400);
    const essay = await db.selectFrom("bank_questions").select("id").where("type", "=", "essay").executeTakeFirstOrThrow();
    expect(await getPracticeQuestion(db, essay.id)).toBeUndefined();
    expect((await answer(cookie, `bank=${slug}`, essay.id, { "q:0:0": "看法" })).status).toBe(404);
    expect((await answer(cookie, `bank=${slug}`, 999_999, { "q:0:0": "1" })).status).toBe(404);
    expect((await answer(cookie, `bank=${slug}`, q.id, { row: "abc" } as Record<string, string>)).status).toBe(400);
    expect((await callRoute(questionLoader, { db, cookie, path: "/practice/question?bank=no-such-bank" })).status).toBe(404);
    expect(await db.selectFrom("practice_answers").selectAll().where("user_id", "=", user.id).execute()).toEqual([]);
  });

  test("another cadre's practice answer is not found", async () => {
    const a = await cadre();
    const b = await cadre();
    const q = await bankRow("q001");
    await answer(a.cookie, `bank=${slug}`, q.id, { "q:0:0": "1" });
    const mine = await db.selectFrom("practice_answers").select("id").where("user_id", "=", a.user.id).executeTakeFirstOrThrow();
    expect((await callRoute(answerLoader, { db, cookie: b.cookie, path: `/practice/answers/${mine.id}`, params: { answerId: String(mine.id) } })).status).toBe(404);
  });

  test("practice pauses while the cadre has an exam open, so the banks cannot answer the paper in front of them", async () => {
    const { user, cookie } = await cadre();
    const examId = await exam({ title: "进行中的考试" });
    await takeExam(db, examId, user, () => [], { open: true });
    expect(await isTakingExam(db, user.id, new Date())).toBe(true);
    expect((await showQuestion(cookie, `bank=${slug}`)).paused).toBe("您有正在进行的考试，交卷后再来练习。");
    const q = await bankRow("q001");
    expect((await answer(cookie, `bank=${slug}`, q.id, { "q:0:0": "1" })).status).toBe(409);
    expect(await db.selectFrom("practice_answers").selectAll().where("user_id", "=", user.id).execute()).toEqual([]);
  });
});

describe("the wrong-answer book and exams", () => {
  test("never a question from an exam whose review is not allowed: never, after close while open, pending an essay", async () => {
    const { user } = await cadre();
    const never = await exam({ title: "不公布答案", reviewPolicy: "never" });
    const afterClose = await exam({ title: "截止后公布", reviewPolicy: "after_close" });
    const withEssay = await exam({
      title: "有简答题",
      reviewPolicy: "after_submit",
      paper: { ...examDefinition(slug).paper, sections: [...examDefinition(slug).paper.sections, { title: "五、简答题", type: "essay", count: 1, points: 10, source: { kind: "draw", banks: [{ slug, version: 1 }] } }] },
    });
    const open = await exam({ title: "交卷后公布", reviewPolicy: "after_submit" });
    await takeExam(db, never, user, wrongAnswers);
    const closing = await takeExam(db, afterClose, user, wrongAnswers);
    const essay = await takeExam(db, withEssay, user, (p) => [
      ...wrongAnswers(p),
      ...p.sections.flatMap((s, i) => (s.type === "essay" ? [{ ref: `${i}:0`, response: { kind: "essay" as const, text: "答案" } }] : [])),
    ]);
    const now = new Date();
    expect(await loadWrongBook(db, user.id, now)).toEqual([]);

    const shown = await takeExam(db, open, user, (p) => wrongAnswers(p).slice(0, 3));
    const expected = shown.paper.sections.flatMap((s) => s.questions).map((q) => identityOf(q.bankSlug, q.key));
    const book = await loadWrongBook(db, user.id, now);
    // Every question of the paper: 3 answered wrong, the rest left blank; none from the other exams.
    expect(new Set(book.map((e) => e.identity))).toEqual(new Set(expected));

    // After the close the after-close exam's wrong answers join; once the essay is graded, that exam's too.
    const later = new Date(Date.parse((await getExam(db, afterClose))!.closes_at) + 1000);
    const closedIn = (await loadWrongBook(db, user.id, later)).map((e) => e.identity);
    expect(closedIn).toEqual(expect.arrayContaining(closing.paper.sections.flatMap((s) => s.questions).map((q) => identityOf(q.bankSlug, q.key))));
    const essayRef = essay.paper.sections.findIndex((s) => s.type === "essay");
    expect(questionAt(essay.paper, `${essayRef}:0`)!.type).toBe("essay");
    const grader = await makeUser(db, { orgId, role: "organizer", scopeOrgId: orgId });
    await saveManualGrade(db, { examId: withEssay, attemptId: essay.attemptId, ref: `${essayRef}:0`, points: 5, comment: null, reason: null, actorId: grader.id, ip: null, now });
    const graded = new Set((await loadWrongBook(db, user.id, now)).map((e) => e.identity));
    for (const q of essay.paper.sections.filter((s) => s.type !== "essay").flatMap((s) => s.questions)) expect(graded.has(identityOf(q.bankSlug, q.key))).toBe(true);
  });

  test("the book page groups what the cadre got wrong by bank and knowledge point", async () => {
    const { user, cookie } = await cadre();
    const examId = await exam({ title: "交卷后公布（分组）", reviewPolicy: "after_submit" });
    const { paper } = await takeExam(db, examId, user, (p) => [...rightAnswers(p).slice(1)]);
    const page = (await callRoute(bookLoader, { db, cookie, path: "/practice/wrong-book" })).data as Awaited<ReturnType<typeof bookLoader>>;
    const first = paper.sections[0].questions[0];
    expect(page.total).toBe(1);
    expect(page.groups).toMatchObject([{ bankSlug: slug, count: 1, tags: [{ items: [{ identity: identityOf(first.bankSlug, first.key), fromExam: true, toLeave: 2 }] }] }]);
  });
});

describe("practice never counts as an exam result", () => {
  test("many practice answers leave the exam report and the cadre's record exactly as they were", async () => {
    const { user, cookie } = await cadre();
    const examId = await exam({ title: "练习前后对比" });
    await takeExam(db, examId, user, (p) => rightAnswers(p, [0]));
    const theExam = (await getExam(db, examId))!;
    const reportBefore = await loadExamReport(db, theExam, new Date());
    const recordBefore = await loadCadreReport(db, user.id, new Date());
    const attemptsBefore = await db.selectFrom("attempts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    for (const key of ["q001", "q005", "q009", "q013"]) {
      const q = await bankRow(key);
      await answer(cookie, `bank=${slug}`, q.id, { "q:0:0": "1" });
      await answer(cookie, `bank=${slug}`, q.id, { "q:0:0": "0" });
    }
    expect(await db.selectFrom("practice_answers").selectAll().where("user_id", "=", user.id).execute()).toHaveLength(8);
    expect(await loadExamReport(db, theExam, new Date())).toEqual(reportBefore);
    expect(await loadCadreReport(db, user.id, new Date())).toEqual(recordBefore);
    expect(await db.selectFrom("attempts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).toEqual(attemptsBefore);
  });
});
