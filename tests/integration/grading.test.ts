import type { DB } from "../../db/client";
import { getOwnAttempt, saveResponses, startAttempt, submitAttempt } from "~/models/attempts.server";
import { GradeError, gradeHistory, listGradingItems, saveManualGrade } from "~/models/grading.server";
import { examLiveView } from "~/models/live-view.server";
import { action as gradingAction, loader as gradingLoader } from "~/routes/manage.exams.$examId_.grading";
import { loader as liveLoader } from "~/routes/manage.exams.$examId_.live";

import { arrangeExam } from "../support/exam-fixtures";
import { callRoute, sessionCookieFor } from "../support/route-calls";
import { createTestDatabase, makeOrg, makeUser } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

/** An exam with one single-choice section (2 × 10) and one essay (20); the cadre answers both singles right and the essay. */
async function essayExam() {
  const arranged = await arrangeExam(db, {
    cadres: 2,
    overrides: (slug) => ({
      paper: {
        shuffleQuestions: false,
        shuffleOptions: false,
        sections: [
          { title: "一、单选题", type: "single", count: 2, points: 10, source: { kind: "draw", banks: [{ slug, version: 1 }] } },
          { title: "二、简答题", type: "essay", count: 1, points: 20, source: { kind: "draw", banks: [{ slug, version: 1 }] } },
        ],
      },
    }),
  });
  const cadre = arranged.cadres[0];
  const started = await startAttempt(db, { examId: arranged.examId, userId: cadre.id, now: new Date(), seed: 1 });
  if (started.kind === "blocked") throw new Error("blocked");
  await saveResponses(db, {
    attemptId: started.attemptId,
    userId: cadre.id,
    answers: [
      { ref: "0:0", response: { kind: "single", option: 1 } },
      { ref: "0:1", response: { kind: "single", option: 1 } },
      { ref: "1:0", response: { kind: "essay", text: "坚持党要管党、全面从严治党。" } },
    ],
    seq: 1,
    now: new Date(),
  });
  await submitAttempt(db, { attemptId: started.attemptId, userId: cadre.id, now: new Date() });
  const organizer = await makeUser(db, { orgId: arranged.org.id, role: "organizer", scopeOrgId: arranged.org.id });
  return { ...arranged, cadre, attemptId: started.attemptId, organizer };
}

describe("manual grading", () => {
  test("the essay waits in the queue; grading it sets the final score the cadre then sees", async () => {
    const { examId, attemptId, cadre, organizer } = await essayExam();
    const before = (await getOwnAttempt(db, { attemptId, userId: cadre.id }))!;
    expect(before).toMatchObject({ pending_manual: 1, passed: null, score: 20 });
    const queue = await listGradingItems(db, examId, { graderId: organizer.id });
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ attemptId, ref: "1:0", answer: "坚持党要管党、全面从严治党。", current: null, maxPoints: 20 });

    await saveManualGrade(db, { examId, attemptId, ref: "1:0", points: 15, comment: "要点基本齐全", reason: null, actorId: organizer.id, ip: null, now: new Date() });
    const after = (await getOwnAttempt(db, { attemptId, userId: cadre.id }))!;
    expect(after).toMatchObject({ pending_manual: 0, score: 35, passed: 0 });
  });

  test("changing a grade without a reason is refused; with one it keeps the earlier value", async () => {
    const { examId, attemptId, cadre, organizer } = await essayExam();
    const grade = (points: number, reason: string | null) =>
      saveManualGrade(db, { examId, attemptId, ref: "1:0", points, comment: null, reason, actorId: organizer.id, ip: "10.0.0.9", now: new Date() });
    await grade(10, null);
    await expect(grade(18, null)).rejects.toThrow(GradeError);
    await expect(grade(18, "   ")).rejects.toThrow("修改已评定的分数须填写原因");
    expect((await getOwnAttempt(db, { attemptId, userId: cadre.id }))!.score).toBe(30);

    await grade(18, "复核后认为要点齐全");
    const history = await gradeHistory(db, { attemptId, ref: "1:0" });
    expect(history.map((h) => [h.points, h.reason])).toEqual([
      [10, null],
      [18, "复核后认为要点齐全"],
    ]);
    expect((await getOwnAttempt(db, { attemptId, userId: cadre.id }))!).toMatchObject({ score: 38, passed: 0 });
    const log = await db.selectFrom("audit_log").selectAll().where("action", "=", "grade.change").where("target", "=", `attempt:${attemptId}:1:0`).execute();
    expect(JSON.parse(log[0].detail!)).toEqual({ from: 10, to: 18, reason: "复核后认为要点齐全" });
  });

  test("points outside 0..max, or a question that is not an essay, are refused", async () => {
    const { examId, attemptId, organizer } = await essayExam();
    const grade = (ref: string, points: number) =>
      saveManualGrade(db, { examId, attemptId, ref, points, comment: null, reason: null, actorId: organizer.id, ip: null, now: new Date() });
    await expect(grade("1:0", 21)).rejects.toThrow("得分须在 0 到 20 分之间");
    await expect(grade("1:0", -1)).rejects.toThrow(GradeError);
    await expect(grade("0:0", 5)).rejects.toThrow("不是需要人工阅卷");
    expect(await gradeHistory(db, { attemptId, ref: "1:0" })).toEqual([]);
  });

  test("the live view counts assigned, in progress, submitted and pending", async () => {
    const { examId, cadres } = await essayExam();
    await startAttempt(db, { examId, userId: cadres[1].id, now: new Date(), seed: 2 });
    const live = await examLiveView(db, examId);
    expect(live.counts).toEqual({ assigned: 2, notStarted: 0, inProgress: 1, submitted: 1, passed: 0, pendingGrading: 1 });
    expect(live.byOrg).toHaveLength(1);
  });

  test("an organizer of a sibling branch can neither open nor grade the exam (404, logged)", async () => {
    const { examId, attemptId, organizer } = await essayExam();
    const sibling = await makeOrg(db, `兄弟党支部-${examId}`);
    const outsider = await makeUser(db, { orgId: sibling.id, role: "organizer", scopeOrgId: sibling.id });
    const cookie = await sessionCookieFor(db, outsider.id);
    const params = { examId: String(examId) };
    expect((await callRoute(liveLoader, { db, cookie, path: `/manage/exams/${examId}/live`, params })).status).toBe(404);
    expect((await callRoute(gradingLoader, { db, cookie, path: `/manage/exams/${examId}/grading`, params })).status).toBe(404);
    const posted = await callRoute(gradingAction, { db, cookie, path: `/manage/exams/${examId}/grading`, params, form: { attemptId: String(attemptId), ref: "1:0", points: "20" } });
    expect(posted.status).toBe(404);
    expect(await gradeHistory(db, { attemptId, ref: "1:0" })).toEqual([]);
    const denied = await db.selectFrom("audit_log").selectAll().where("action", "=", "access.denied").where("actor_id", "=", outsider.id).execute();
    expect(denied.length).toBe(3);

    // The exam's own organizer can.
    const own = await sessionCookieFor(db, organizer.id);
    expect((await callRoute(liveLoader, { db, cookie: own, path: `/manage/exams/${examId}/live`, params })).status).toBe(200);
    const graded = await callRoute(gradingAction, { db, cookie: own, path: `/manage/exams/${examId}/grading`, params, form: { attemptId: String(attemptId), ref: "1:0", points: "12" } });
    expect(graded.status).toBe(302);
    expect((await gradeHistory(db, { attemptId, ref: "1:0" })).map((h) => h.points)).toEqual([12]);
  });

  test("a cadre cannot open the grading page at all (403)", async () => {
    const { examId, cadre } = await essayExam();
    const cookie = await sessionCookieFor(db, cadre.id);
    expect((await callRoute(gradingLoader, { db, cookie, path: `/manage/exams/${examId}/grading`, params: { examId: String(examId) } })).status).toBe(403);
  });
});
