import YAML from "yaml";

import type { DB } from "../../db/client";
import { displayedAnswer } from "~/domain/exams/option-order";
import { gradeAttempt } from "~/domain/exams/grade-attempt";
import { questionAt, paperRefs } from "~/domain/exams/question-ref";
import type { FrozenPaper, Response } from "~/domain/exams/types";
import { finalizeExpiredAttempts } from "~/models/attempt-finalize.server";
import { loadPaper, loadResponses } from "~/models/attempt-storage.server";
import { getOwnAttempt, saveResponses, startAttempt, submitAttempt } from "~/models/attempts.server";
import { importBankFile } from "~/models/bank-transfer.server";

import { arrangeExam, generatedBank } from "../support/exam-fixtures";
import { createTestDatabase } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

const start = (examId: number, userId: number, now = new Date(), seed = 7) => startAttempt(db, { examId, userId, now, seed });

async function started(examId: number, userId: number, now = new Date()) {
  const result = await start(examId, userId, now);
  if (result.kind === "blocked") throw new Error(result.reasons.join(";"));
  const attempt = (await getOwnAttempt(db, { attemptId: result.attemptId, userId }))!;
  return { attemptId: result.attemptId, attempt, paper: await loadPaper(db, attempt.id) };
}

/** The right response to every question of a paper (displayed positions), essays left out. */
function rightAnswers(paper: FrozenPaper): Array<{ ref: string; response: Response }> {
  return paperRefs(paper).flatMap((ref) => {
    const q = questionAt(paper, ref)!;
    switch (q.answer.kind) {
      case "single":
        return [{ ref, response: { kind: "single", option: displayedAnswer(q)[0] } as Response }];
      case "multiple":
        return [{ ref, response: { kind: "multiple", options: displayedAnswer(q) } as Response }];
      case "judge":
        return [{ ref, response: { kind: "judge", value: q.answer.value } as Response }];
      case "fill":
        return [{ ref, response: { kind: "fill", blanks: q.answer.blanks.map((b) => b[0]) } as Response }];
      default:
        return [];
    }
  });
}

async function attemptCount(examId: number, userId: number) {
  const rows = await db.selectFrom("attempts").select("id").where("exam_id", "=", examId).where("user_id", "=", userId).execute();
  return rows.length;
}

describe("starting an attempt", () => {
  test("pressing start twice gives one attempt; reopening continues it", async () => {
    const { examId, cadres } = await arrangeExam(db);
    const first = await start(examId, cadres[0].id);
    const second = await start(examId, cadres[0].id);
    expect(first.kind).toBe("started");
    expect(second).toEqual({ kind: "resumed", attemptId: (first as { attemptId: number }).attemptId });
    expect(await attemptCount(examId, cadres[0].id)).toBe(1);
  });

  test("twenty parallel start requests create exactly one attempt", async () => {
    const { examId, cadres } = await arrangeExam(db);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => start(examId, cadres[0].id, new Date(), i)));
    const ids = new Set(results.map((r) => (r.kind === "blocked" ? -1 : r.attemptId)));
    expect(ids.size).toBe(1);
    expect(await attemptCount(examId, cadres[0].id)).toBe(1);
  });

  test("the paper is frozen with the attempt: exact counts and points, no answers changed by later imports", async () => {
    const { examId, cadres, slug } = await arrangeExam(db);
    const { attemptId, paper } = await started(examId, cadres[0].id);
    expect(paper.sections.map((s) => s.questions.length)).toEqual([5, 2, 2, 2]);

    // A new bank version with every single-choice answer changed, imported mid-exam.
    const v2 = generatedBank(slug, 2);
    for (const q of v2.questions) if (q.type === "single") q.answer = "D";
    const outcome = await importBankFile(db, { fileName: `${slug}.yaml`, bytes: new TextEncoder().encode(YAML.stringify(v2)), origin: "cli", actorId: null, ip: null, now: new Date() });
    expect(outcome.status).toBe("created");
    // And the exam itself edited in the database.
    await db.updateTable("exams").set({ pass_mark: 99, multiple_policy: "partial_half" }).where("id", "=", examId).execute();

    const after = await loadPaper(db, attemptId);
    expect(after).toEqual(paper);
    await saveResponses(db, { attemptId, userId: cadres[0].id, answers: rightAnswers(paper), seq: 1, now: new Date() });
    const result = await submitAttempt(db, { attemptId, userId: cadres[0].id, now: new Date() });
    if (result.kind !== "finished") throw new Error("not finished");
    // Graded against the frozen answers and the rules frozen at start (pass mark 60).
    expect(result.attempt).toMatchObject({ score: 90, max_score: 90 });
    expect(result.attempt.passed).toBe(1);
  });
});

describe("saving answers", () => {
  test("an older save arriving after a newer one is refused with 409 state and changes nothing", async () => {
    const { examId, cadres } = await arrangeExam(db);
    const { attemptId } = await started(examId, cadres[0].id);
    const userId = cadres[0].id;
    const newer = await saveResponses(db, { attemptId, userId, answers: [{ ref: "0:0", response: { kind: "single", option: 2 } }], seq: 5, now: new Date() });
    expect(newer.kind).toBe("saved");
    const stale = await saveResponses(db, { attemptId, userId, answers: [{ ref: "0:0", response: { kind: "single", option: 1 } }], seq: 4, now: new Date() });
    expect(stale).toMatchObject({ kind: "conflict", lastSeq: 5, responses: { "0:0": { kind: "single", option: 2 } } });
    const replay = await saveResponses(db, { attemptId, userId, answers: [{ ref: "0:0", response: { kind: "single", option: 3 } }], seq: 5, now: new Date() });
    expect(replay.kind).toBe("conflict");
    expect((await loadResponses(db, attemptId)).responses["0:0"]).toEqual({ kind: "single", option: 2 });
  });

  test("a save after deadline + grace is refused, nothing is written, and the attempt is finalized", async () => {
    const { examId, cadres } = await arrangeExam(db, { overrides: () => ({ durationMinutes: 10 }) });
    const userId = cadres[0].id;
    const t0 = new Date();
    const { attemptId } = await started(examId, userId, t0);
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    // Within the grace period (deadline + 30 s): accepted.
    expect((await saveResponses(db, { attemptId, userId, answers: [{ ref: "0:0", response: { kind: "single", option: 1 } }], seq: 1, now: at(600 + 30) })).kind).toBe("saved");
    const late = await saveResponses(db, { attemptId, userId, answers: [{ ref: "0:1", response: { kind: "single", option: 1 } }], seq: 2, now: at(600 + 31) });
    expect(late.kind).toBe("closed");
    const { responses } = await loadResponses(db, attemptId);
    expect(Object.keys(responses)).toEqual(["0:0"]);
    const row = (await getOwnAttempt(db, { attemptId, userId }))!;
    expect(row.status).toBe("expired");
    expect(row.finished_at).toBe(at(600).toISOString());
  });

  test("tampered input gets a reason and changes nothing", async () => {
    const { examId, cadres } = await arrangeExam(db);
    const userId = cadres[0].id;
    const { attemptId } = await started(examId, userId);
    const save = (answers: Array<{ ref: string; response: unknown }>, seq: number) => saveResponses(db, { attemptId, userId, answers, seq, now: new Date() });
    expect(await save([{ ref: "9:9", response: { kind: "single", option: 0 } }], 1)).toMatchObject({ kind: "invalid" });
    expect(await save([{ ref: "0:0", response: { kind: "single", option: 7 } }], 2)).toMatchObject({ kind: "invalid", message: "所选选项不在本题选项之内" });
    expect(await save([{ ref: "0:0", response: { kind: "judge", value: true } }], 3)).toMatchObject({ kind: "invalid" });
    // A valid answer together with a bad one: the whole batch is refused.
    expect(await save([{ ref: "0:1", response: { kind: "single", option: 0 } }, { ref: "0:2", response: { kind: "single", option: -1 } }], 4)).toMatchObject({ kind: "invalid" });
    expect((await loadResponses(db, attemptId)).responses).toEqual({});
    const row = (await getOwnAttempt(db, { attemptId, userId }))!;
    expect(row.last_seq).toBe(0);
  });

  test("a cadre cannot read, save to or submit another cadre's attempt", async () => {
    const { examId, cadres } = await arrangeExam(db);
    const [a, b] = cadres;
    const { attemptId } = await started(examId, a.id);
    expect(await getOwnAttempt(db, { attemptId, userId: b.id })).toBeUndefined();
    expect(await saveResponses(db, { attemptId, userId: b.id, answers: [{ ref: "0:0", response: { kind: "single", option: 1 } }], seq: 1, now: new Date() })).toEqual({ kind: "not_found" });
    expect(await submitAttempt(db, { attemptId, userId: b.id, now: new Date() })).toEqual({ kind: "not_found" });
    const row = (await getOwnAttempt(db, { attemptId, userId: a.id }))!;
    expect(row).toMatchObject({ status: "in_progress", last_seq: 0 });
  });

  test("one attempt flooding saves is limited; another cadre's saves still go through", async () => {
    const { examId, cadres } = await arrangeExam(db);
    const [a, b] = cadres;
    const flood = await started(examId, a.id);
    const other = await started(examId, b.id);
    const now = new Date();
    const outcomes = [];
    for (let i = 1; i <= 60; i++) {
      outcomes.push((await saveResponses(db, { attemptId: flood.attemptId, userId: a.id, answers: [{ ref: "0:0", response: { kind: "single", option: i % 4 } }], seq: i, now })).kind);
    }
    expect(outcomes).toContain("rate_limited");
    expect((await saveResponses(db, { attemptId: other.attemptId, userId: b.id, answers: [{ ref: "0:0", response: { kind: "single", option: 1 } }], seq: 1, now })).kind).toBe("saved");
  });
});

describe("submitting and finalizing", () => {
  test("submitting twice gives one graded result; later saves are refused", async () => {
    const { examId, cadres } = await arrangeExam(db);
    const userId = cadres[0].id;
    const { attemptId, paper } = await started(examId, userId);
    await saveResponses(db, { attemptId, userId, answers: rightAnswers(paper).slice(0, 5), seq: 1, now: new Date() });
    const [one, two] = await Promise.all([
      submitAttempt(db, { attemptId, userId, now: new Date() }),
      submitAttempt(db, { attemptId, userId, now: new Date() }),
    ]);
    const three = await submitAttempt(db, { attemptId, userId, now: new Date(Date.now() + 5000) });
    if (one.kind !== "finished" || two.kind !== "finished" || three.kind !== "finished") throw new Error("not finished");
    expect(one.attempt.score).toBe(50);
    expect(two.attempt).toEqual(one.attempt);
    expect(three.attempt).toEqual(one.attempt);
    expect((await saveResponses(db, { attemptId, userId, answers: [{ ref: "0:0", response: { kind: "single", option: 0 } }], seq: 9, now: new Date() })).kind).toBe("closed");
  });

  test("the sweep finalizes expired attempts and grades them with the saved answers", async () => {
    const { examId, cadres } = await arrangeExam(db, { overrides: () => ({ durationMinutes: 5 }) });
    const userId = cadres[0].id;
    const t0 = new Date();
    const { attemptId, paper } = await started(examId, userId, t0);
    const right = rightAnswers(paper);
    await saveResponses(db, { attemptId, userId, answers: right.slice(0, 3), seq: 1, now: new Date(t0.getTime() + 60_000) });

    expect(await finalizeExpiredAttempts(db, new Date(t0.getTime() + 5 * 60_000 + 20_000))).toBe(0);
    const swept = await finalizeExpiredAttempts(db, new Date(t0.getTime() + 5 * 60_000 + 31_000));
    expect(swept).toBeGreaterThanOrEqual(1);
    const row = (await getOwnAttempt(db, { attemptId, userId }))!;
    expect(row.status).toBe("expired");
    expect(row.score).toBe(30);
    expect(row.passed).toBe(0);

    // Regrading from the stored responses gives the same score (invariant 7).
    const { responses } = await loadResponses(db, attemptId);
    expect(gradeAttempt(paper, responses, "all_or_nothing", { passMark: 60, sectionMinimums: false }).score).toBe(row.score);
  });

  test("attempts allowed is enforced; the best counts on the record", async () => {
    const { examId, cadres } = await arrangeExam(db);
    const userId = cadres[0].id;
    const { attemptId } = await started(examId, userId);
    await submitAttempt(db, { attemptId, userId, now: new Date() });
    const again = await start(examId, userId);
    expect(again).toEqual({ kind: "blocked", reasons: ["作答次数已用完（共 1 次）"] });
  });

  test("an essay waits for manual grading: the attempt is pending with its objective part", async () => {
    const { examId, cadres } = await arrangeExam(db, {
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
    const userId = cadres[0].id;
    const { attemptId, paper } = await started(examId, userId);
    await saveResponses(db, {
      attemptId,
      userId,
      answers: [...rightAnswers(paper), { ref: "1:0", response: { kind: "essay", text: "我的回答" } }],
      seq: 1,
      now: new Date(),
    });
    const result = await submitAttempt(db, { attemptId, userId, now: new Date() });
    if (result.kind !== "finished") throw new Error("not finished");
    expect(result.attempt).toMatchObject({ pending_manual: 1, passed: null, score: 20, max_score: 40 });
  });
});
