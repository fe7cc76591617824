/**
 * Issue 14 on the models and a real database file: a retried save whose reply was lost,
 * closing early, reopening, the session cap during an exam, a full disk.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { sql } from "kysely";

import { type DB, migrateToLatest, openDatabase } from "../../db/client";
import { loadResponses } from "~/models/attempt-storage.server";
import { saveResponses, startAttempt, submitAttempt } from "~/models/attempts.server";
import { reopenAttempt } from "~/models/exam-adjustments.server";
import { closeExam } from "~/models/exams.server";
import { examLiveView } from "~/models/live-view.server";
import { createSession, getSessionUser, hashToken, SESSION_MAX_MS } from "~/models/sessions.server";
import { answerSaveRequest, answerSubmitRequest } from "~/utils/attempt-endpoints.server";
import { SESSION_COOKIE } from "~/utils/session.server";

import { arrangeExam } from "../support/exam-fixtures";
import { countCommits, createTestDatabase, makeUser } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

async function openAttempt(examId: number, userId: number) {
  const started = await startAttempt(db, { examId, userId, now: new Date(), seed: 5 });
  if (started.kind === "blocked") throw new Error(started.reasons.join());
  return started.attemptId;
}

const single = (option: number) => ({ kind: "single" as const, option });

describe("a save whose reply was lost", () => {
  test("sent again as it was is answered saved, not stale; the next save goes on from it", async () => {
    const { examId, cadres } = await arrangeExam(db);
    const attemptId = await openAttempt(examId, cadres[0].id);
    const first = { attemptId, userId: cadres[0].id, answers: [{ ref: "0:0", response: single(1) }], seq: 1, saveId: "save-aaaaaaaa", now: new Date() };
    expect((await saveResponses(db, first)).kind).toBe("saved");
    // The reply never arrived; the page sends the very same request again.
    expect(await saveResponses(db, first)).toMatchObject({ kind: "saved", seq: 1 });
    // Then the answer changed meanwhile goes in the next request.
    const next = await saveResponses(db, { ...first, answers: [{ ref: "0:1", response: single(2) }], seq: 2, saveId: "save-bbbbbbbb" });
    expect(next.kind).toBe("saved");
    const { responses } = await loadResponses(db, attemptId);
    expect(responses).toEqual({ "0:0": single(1), "0:1": single(2) });
  });

  test("the same sequence from another tab (another save id) is still stale", async () => {
    const { examId, cadres } = await arrangeExam(db);
    const attemptId = await openAttempt(examId, cadres[0].id);
    const base = { attemptId, userId: cadres[0].id, seq: 1, now: new Date() };
    expect((await saveResponses(db, { ...base, answers: [{ ref: "0:0", response: single(1) }], saveId: "tab-one-1111" })).kind).toBe("saved");
    const other = await saveResponses(db, { ...base, answers: [{ ref: "0:0", response: single(3) }], saveId: "tab-two-2222" });
    expect(other).toMatchObject({ kind: "conflict", lastSeq: 1, responses: { "0:0": single(1) } });
  });

  test("saves of many cadres arriving together are all committed, each in its own attempt", async () => {
    const { examId, cadres } = await arrangeExam(db, { cadres: 30 });
    const attempts = await Promise.all(cadres.map((c) => openAttempt(examId, c.id)));
    const outcomes = await Promise.all(
      attempts.map((attemptId, i) => saveResponses(db, { attemptId, userId: cadres[i].id, answers: [{ ref: "0:0", response: single(i % 4) }], seq: 1, saveId: `group-${i}-commit`, now: new Date() })),
    );
    expect(outcomes.every((o) => o.kind === "saved")).toBe(true);
    for (const [i, attemptId] of attempts.entries()) {
      expect((await loadResponses(db, attemptId)).responses["0:0"]).toEqual(single(i % 4));
    }
  });
});

describe("closing an exam early", () => {
  test("finalizes every open attempt with what was saved; later saves get the closed message and the live view shows nobody answering", async () => {
    const { examId, cadres } = await arrangeExam(db, { cadres: 3 });
    const attemptIds = [await openAttempt(examId, cadres[0].id), await openAttempt(examId, cadres[1].id)];
    await saveResponses(db, { attemptId: attemptIds[0], userId: cadres[0].id, answers: [{ ref: "0:0", response: single(1) }], seq: 1, now: new Date() });

    const closed = await closeExam(db, { examId, actorId: null, ip: null, now: new Date() });
    expect(closed.finalized).toBe(2);
    const rows = await db.selectFrom("attempts").select(["status", "score", "graded_at"]).where("exam_id", "=", examId).execute();
    expect(rows.every((r) => r.status === "expired" && r.score !== null && r.graded_at !== null)).toBe(true);

    const late = await saveResponses(db, { attemptId: attemptIds[1], userId: cadres[1].id, answers: [{ ref: "0:0", response: single(2) }], seq: 1, now: new Date() });
    expect(late).toEqual({ kind: "closed", message: "考试已由组织者提前结束，答案已按最后一次保存的内容交卷" });
    expect(await loadResponses(db, attemptIds[1])).toMatchObject({ responses: {} });
    // A submit after the close changes nothing: the attempt is already finished.
    const submitted = await submitAttempt(db, { attemptId: attemptIds[1], userId: cadres[1].id, now: new Date() });
    expect(submitted).toMatchObject({ kind: "finished", attempt: { status: "expired" } });

    const live = await examLiveView(db, examId);
    expect(live.counts).toMatchObject({ assigned: 3, inProgress: 0, submitted: 2, notStarted: 1 });
  });
});

describe("reopening an attempt closed by mistake", () => {
  async function closedAttempt() {
    const arranged = await arrangeExam(db, { cadres: 1 });
    const organizer = await makeUser(db, { orgId: arranged.org.id, role: "organizer", scopeOrgId: arranged.org.id });
    const attemptId = await openAttempt(arranged.examId, arranged.cadres[0].id);
    await saveResponses(db, { attemptId, userId: arranged.cadres[0].id, answers: [{ ref: "0:0", response: single(1) }], seq: 1, now: new Date() });
    await closeExam(db, { examId: arranged.examId, actorId: organizer.id, ip: null, now: new Date() });
    const scope = { kind: "subtree" as const, orgId: arranged.org.id, path: arranged.org.path };
    return { ...arranged, organizer, attemptId, scope };
  }

  test("needs a reason, then opens it again for the minutes given with every answer kept, audited", async () => {
    const { examId, cadres, organizer, attemptId, scope } = await closedAttempt();
    const base = { examId, employeeNo: cadres[0].employee_no, actorId: organizer.id, ip: "192.0.2.9", minutes: 20 };
    expect(await reopenAttempt(db, scope, { ...base, reason: "  ", now: new Date() })).toMatchObject({ kind: "refused", field: "reason" });

    const now = new Date();
    expect(await reopenAttempt(db, scope, { ...base, reason: "误点了提前结束", now })).toMatchObject({ kind: "done" });
    const attempt = await db.selectFrom("attempts").selectAll().where("id", "=", attemptId).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ status: "in_progress", score: null, finished_at: null, deadline_at: new Date(now.getTime() + 20 * 60_000).toISOString() });
    expect((await loadResponses(db, attemptId)).responses).toEqual({ "0:0": single(1) });
    // The cadre goes on answering, then submits; the attempt is graded again.
    const saved = await saveResponses(db, { attemptId, userId: cadres[0].id, answers: [{ ref: "0:1", response: single(1) }], seq: 2, now: new Date() });
    expect(saved.kind).toBe("saved");
    const done = await submitAttempt(db, { attemptId, userId: cadres[0].id, now: new Date() });
    expect(done).toMatchObject({ kind: "finished", attempt: { status: "submitted" } });

    const audit = await db.selectFrom("audit_log").selectAll().where("action", "=", "attempt.reopen").where("target", "=", `attempt:${attemptId}`).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: organizer.id, ip: "192.0.2.9" });
    expect(JSON.parse(audit.detail!)).toMatchObject({ reason: "误点了提前结束", minutes: 20, was: { status: "expired" } });
  });

  test("an attempt already graded by hand, or one still open, is not reopened", async () => {
    const { examId, cadres, organizer, attemptId, scope } = await closedAttempt();
    await db.insertInto("manual_grades").values({ attempt_id: attemptId, question_ref: "0:0", points: 1, comment: null, reason: null, graded_by: organizer.id, graded_at: new Date().toISOString() }).execute();
    const refused = await reopenAttempt(db, scope, { examId, employeeNo: cadres[0].employee_no, reason: "误结束", minutes: 10, actorId: organizer.id, ip: null, now: new Date() });
    expect(refused).toMatchObject({ kind: "refused" });
    expect((await db.selectFrom("attempts").select("status").where("id", "=", attemptId).executeTakeFirstOrThrow()).status).toBe("expired");
  });
});

describe("the session during an exam", () => {
  test("past the 7-day cap the session lives on while an attempt is open, and ends once it is finished", async () => {
    const { examId, cadres } = await arrangeExam(db, { cadres: 1 });
    const attemptId = await openAttempt(examId, cadres[0].id);
    const created = new Date(Date.now() - SESSION_MAX_MS - 60_000);
    const token = await createSession(db, { userId: cadres[0].id, ip: null, userAgent: null, now: created });
    // Used all along, so not idle.
    await db.updateTable("sessions").set({ last_seen_at: new Date().toISOString(), expires_at: new Date(Date.now() + 3600_000).toISOString() }).where("id", "=", hashToken(token)).execute();
    expect(await getSessionUser(db, token, new Date())).toMatchObject({ id: cadres[0].id });
    await submitAttempt(db, { attemptId, userId: cadres[0].id, now: new Date() });
    expect(await getSessionUser(db, token, new Date())).toBeNull();
  });
});

/** A small filesystem of its own (tmpfs), so the disk can really fill up; null where mounting is not allowed. */
function smallDisk(megabytes: number): { dir: string; release: () => void } | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-full-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${megabytes}m`, "tmpfs", dir], { stdio: "ignore" });
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    release: () => {
      execFileSync("umount", [dir], { stdio: "ignore" });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function fillDisk(dir: string): string {
  const filler = path.join(dir, "filler");
  const chunk = Buffer.alloc(64 * 1024, 1);
  const fd = fs.openSync(filler, "w");
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch {
    // ENOSPC: full.
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

describe("a full disk", () => {
  test("a save fails visibly and is not reported saved, the real error is logged once, signed-in pages still read, and nothing is corrupted", async (context) => {
    const disk = smallDisk(24);
    if (!disk) {
      context.skip("mounting a small filesystem is not allowed here");
      return;
    }
    const errors: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      errors.push(args.map((a) => (a instanceof Error ? `${a.message} ${(a as { code?: string }).code ?? ""}` : String(a))).join(" "));
    });
    const file = path.join(disk.dir, "full.db");
    const full = openDatabase(file);
    try {
      await migrateToLatest(full);
      const { examId, cadres } = await arrangeExam(full, { cadres: 1 });
      const attemptId = await (async () => {
        const started = await startAttempt(full, { examId, userId: cadres[0].id, now: new Date(), seed: 1 });
        if (started.kind === "blocked") throw new Error("blocked");
        return started.attemptId;
      })();
      const token = await createSession(full, { userId: cadres[0].id, ip: null, userAgent: null, now: new Date(Date.now() - 10 * 60_000) });
      const cookieHeader = `${SESSION_COOKIE}=${token}`;
      const save = (seq: number, text: string) =>
        answerSaveRequest(full, {
          cookieHeader,
          attemptIdParam: String(attemptId),
          body: JSON.stringify({ seq, saveId: `full-disk-${seq}`, answers: [{ ref: "3:0", response: { kind: "fill", blanks: [text] } }] }),
          ip: "127.0.0.1",
          path: `/attempts/${attemptId}/save`,
          timeZone: "Asia/Shanghai",
          now: new Date(),
        });
      expect((await save(1, "2001")).status).toBe(200);

      const filler = fillDisk(disk.dir);
      // Answers big enough to need new pages: the write cannot fit.
      let refused = null;
      for (let seq = 2; seq < 40 && !refused; seq++) {
        const reply = await save(seq, "x".repeat(190) + seq);
        if (reply.status !== 200) refused = { reply, seq };
      }
      expect(refused).not.toBeNull();
      expect(refused!.reply.status).toBe(503);
      expect(refused!.reply.body).toMatchObject({ kind: "error", message: expect.stringContaining("未保存") });

      // A signed-in page still reads: the session's sliding write fails quietly.
      expect(await getSessionUser(full, token, new Date())).toMatchObject({ id: cadres[0].id });
      expect(errors.some((e) => e.includes("SQLITE_FULL"))).toBe(true);
      expect(errors.some((e) => e.includes("cannot rollback"))).toBe(false);

      // Space comes back: the next save goes through, and the database is whole.
      fs.rmSync(filler);
      expect((await save(refused!.seq + 1, "2002")).status).toBe(200);
      const { responses } = await loadResponses(full, attemptId);
      expect(responses["3:0"]).toEqual({ kind: "fill", blanks: ["2002"] });
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(full);
      expect(integrity.rows[0].integrity_check).toBe("ok");
    } finally {
      spy.mockRestore();
      await full.destroy();
      disk.release();
    }
  }, 120_000);
});

describe("the script's 交卷 endpoint", () => {
  test("grades and commits before it answers, is idempotent, and refuses strangers and the signed-out", async () => {
    const { examId, cadres } = await arrangeExam(db);
    const attemptId = await openAttempt(examId, cadres[0].id);
    await saveResponses(db, { attemptId, userId: cadres[0].id, answers: [{ ref: "0:0", response: single(0) }], seq: 1, now: new Date() });
    const cookieOf = async (userId: number) => `${SESSION_COOKIE}=${await createSession(db, { userId, ip: null, userAgent: null, now: new Date() })}`;
    const submit = (cookieHeader: string | null) =>
      answerSubmitRequest(db, { cookieHeader, attemptIdParam: String(attemptId), body: "", ip: "127.0.0.1", path: `/attempts/${attemptId}/submit`, timeZone: "Asia/Shanghai", now: new Date() });

    expect((await submit(null)).status).toBe(401);
    const stranger = await submit(await cookieOf(cadres[1].id));
    expect(stranger.status).toBe(404);
    expect(await db.selectFrom("attempts").select("status").where("id", "=", attemptId).executeTakeFirstOrThrow()).toEqual({ status: "in_progress" });
    const refused = await db.selectFrom("audit_log").select(["actor_id", "target"]).where("action", "=", "attempt.refused").where("actor_id", "=", cadres[1].id).execute();
    expect(refused).toContainEqual({ actor_id: cadres[1].id, target: `attempt:${attemptId}` });

    const own = await cookieOf(cadres[0].id);
    const first = await submit(own);
    expect(first).toMatchObject({ status: 200, body: { kind: "finished", status: "submitted", resultUrl: `/attempts/${attemptId}/result` } });
    const graded = await db.selectFrom("attempts").select(["status", "score", "graded_at"]).where("id", "=", attemptId).executeTakeFirstOrThrow();
    expect(graded.status).toBe("submitted");
    expect(graded.score).not.toBeNull();
    const items = await db.selectFrom("attempt_items").select((eb) => eb.fn.countAll<number>().as("n")).where("attempt_id", "=", attemptId).executeTakeFirstOrThrow();
    expect(Number(items.n)).toBeGreaterThan(0);
    // A second click, a retry after a lost reply: the same finished attempt, graded once.
    expect(await submit(own)).toMatchObject({ status: 200, body: { kind: "finished", status: "submitted" } });
    expect((await db.selectFrom("attempts").select("graded_at").where("id", "=", attemptId).executeTakeFirstOrThrow()).graded_at).toBe(graded.graded_at);
  });
});

describe("a session's slide on the answer endpoints", () => {
  test("a save and a submit whose session is due to slide each take one commit, and the session slides in it", async () => {
    const { examId, cadres } = await arrangeExam(db);
    const attemptId = await openAttempt(examId, cadres[0].id);
    const lastSeen = new Date(Date.now() - 10 * 60_000);
    const token = await createSession(db, { userId: cadres[0].id, ip: null, userAgent: null, now: lastSeen });
    const input = (path: string, body: string) => ({ cookieHeader: `${SESSION_COOKIE}=${token}`, attemptIdParam: String(attemptId), body, ip: "127.0.0.1", path, timeZone: "Asia/Shanghai", now: new Date() });
    const session = () => db.selectFrom("sessions").select(["last_seen_at", "expires_at"]).where("id", "=", hashToken(token)).executeTakeFirstOrThrow();
    const commits = countCommits(db);
    try {
      const saved = await answerSaveRequest(db, input(`/attempts/${attemptId}/save`, JSON.stringify({ seq: 1, saveId: "slide-save-1", answers: [{ ref: "0:0", response: single(0) }] })));
      expect(saved).toMatchObject({ status: 200, body: { kind: "saved" } });
      // Answered "saved" means committed, and the slide was in that commit.
      expect(commits.count()).toBe(1);
      expect(Date.parse((await session()).last_seen_at)).toBeGreaterThan(lastSeen.getTime());

      await db.updateTable("sessions").set({ last_seen_at: lastSeen.toISOString() }).where("id", "=", hashToken(token)).execute();
      commits.reset();
      const submitted = await answerSubmitRequest(db, input(`/attempts/${attemptId}/submit`, ""));
      expect(submitted).toMatchObject({ status: 200, body: { kind: "finished" } });
      expect(commits.count()).toBe(1);
      expect(Date.parse((await session()).last_seen_at)).toBeGreaterThan(lastSeen.getTime());
    } finally {
      commits.restore();
    }
  });
});
