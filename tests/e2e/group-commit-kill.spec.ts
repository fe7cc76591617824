/**
 * Issue 13, point 5: the server is killed (SIGKILL) while group-committed saves are in
 * flight. Every save the server answered "saved" must be in the database afterwards, with
 * its exact answer; saves that were never answered may or may not be there (the page sends
 * them again). No browser: many cadres saving at once over HTTP, as at the end of an exam.
 */
import crypto from "node:crypto";

import Database from "better-sqlite3";

import { AppProcess, ownServerPort } from "./support/app-process";
import { expect, test } from "./support/fixtures";

type PaperQuestion = { type: string; options: unknown[]; blanks: number };
type Acked = { attemptId: number; seq: number; ref: string; response: unknown };

const CADRES = 40;

function responseFor(question: PaperQuestion, seq: number): unknown {
  switch (question.type) {
    case "single":
      return { kind: "single", option: seq % question.options.length };
    case "multiple":
      return { kind: "multiple", options: [seq % question.options.length] };
    case "judge":
      return { kind: "judge", value: seq % 2 === 0 };
    case "fill":
      return { kind: "fill", blanks: Array.from({ length: question.blanks }, () => `答${seq}`) };
    default:
      return { kind: "essay", text: `第${seq}次保存的作答` };
  }
}

/** Sessions for cadres in the open quarterly exam's audience who have not started it. */
function plantSessions(databasePath: string): { examId: number; cookies: string[] } {
  const db = new Database(databasePath);
  try {
    const now = new Date().toISOString();
    const exam = db
      .prepare("select id from exams where kind = 'quarterly' and status = 'published' and opens_at <= ? and closes_at > ? order by id limit 1")
      .get(now, now) as { id: number };
    const users = db
      .prepare(
        `select u.id from exam_audience ea join users u on u.id = ea.user_id
         where ea.exam_id = ? and u.role = 'cadre' and not exists (select 1 from attempts a where a.exam_id = ea.exam_id and a.user_id = u.id)
         order by u.id limit ?`,
      )
      .all(exam.id, CADRES) as Array<{ id: number }>;
    const cookies = users.map((u) => {
      const token = crypto.randomBytes(32).toString("base64url");
      db.prepare("update users set must_change_password = 0 where id = ?").run(u.id);
      db.prepare("insert into sessions (id, user_id, created_at, last_seen_at, expires_at, ip, user_agent) values (?, ?, ?, ?, ?, ?, ?)").run(
        crypto.createHash("sha256").update(token).digest("hex"),
        u.id,
        now,
        now,
        new Date(Date.now() + 3600_000).toISOString(),
        "127.0.0.1",
        "kill-test",
      );
      return `kaoxue_session=${token}`;
    });
    return { examId: exam.id, cookies };
  } finally {
    db.close();
  }
}

test("SIGKILL while group-committed saves are in flight: every acknowledged answer is in the database", async () => {
  test.setTimeout(240_000);
  const app = new AppProcess(ownServerPort(4));
  await app.start();
  try {
    const { examId, cookies } = plantSessions(app.databasePath);
    expect(cookies.length).toBeGreaterThanOrEqual(20);

    const attempts: Array<{ id: number; cookie: string; questions: Array<{ ref: string; question: PaperQuestion }> }> = [];
    for (const cookie of cookies) {
      const started = await fetch(`${app.baseURL}/exams/${examId}`, {
        method: "POST",
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
        body: "intent=start",
        redirect: "manual",
      });
      const id = Number(/\/attempts\/(\d+)$/.exec(started.headers.get("location") ?? "")?.[1]);
      expect(id).toBeGreaterThan(0);
      attempts.push({ id, cookie, questions: [] });
    }
    const db = new Database(app.databasePath, { readonly: true });
    for (const attempt of attempts) {
      const { paper } = db.prepare("select paper from attempt_papers where attempt_id = ?").get(attempt.id) as { paper: string };
      const sections = (JSON.parse(paper) as { sections: Array<{ questions: PaperQuestion[] }> }).sections;
      attempt.questions = sections.flatMap((s, si) => s.questions.map((question, qi) => ({ ref: `${si}:${qi}`, question })));
    }
    db.close();

    // Every cadre saves one new answer after another, as fast as the server answers.
    const acked: Acked[] = [];
    let stopped = false;
    const saving = attempts.map(async (attempt) => {
      for (let seq = 1; !stopped && seq <= attempt.questions.length; seq++) {
        const { ref, question } = attempt.questions[seq - 1];
        const response = responseFor(question, seq);
        try {
          const reply = await fetch(`${app.baseURL}/attempts/${attempt.id}/save`, {
            method: "POST",
            headers: { Cookie: attempt.cookie, "Content-Type": "application/json" },
            body: JSON.stringify({ seq, saveId: crypto.randomUUID(), answers: [{ ref, response }] }),
          });
          const body = (await reply.json()) as { kind: string };
          if (reply.status === 200 && body.kind === "saved") acked.push({ attemptId: attempt.id, seq, ref, response });
          else if (reply.status !== 429) throw new Error(`save answered ${reply.status} ${JSON.stringify(body)}`);
          else {
            // The per-attempt flood limit: wait a little and send the same save again.
            seq--;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        } catch (error) {
          // The kill cut this request off: it was never acknowledged.
          if (stopped) return;
          throw error;
        }
      }
    });
    // Let the saves pile up into shared commits, then kill mid-stream.
    await expect.poll(() => acked.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(300);
    stopped = true;
    await app.kill();
    await Promise.all(saving);

    const after = new Database(app.databasePath, { readonly: true });
    try {
      const row = after.prepare("select response, seq from attempt_responses where attempt_id = ? and question_ref = ?");
      const lastSeq = after.prepare("select last_seq from attempts where id = ?");
      const missing = acked.filter((a) => {
        const saved = row.get(a.attemptId, a.ref) as { response: string; seq: number } | undefined;
        return !saved || saved.seq !== a.seq || JSON.stringify(JSON.parse(saved.response)) !== JSON.stringify(a.response);
      });
      expect(missing).toEqual([]);
      for (const attempt of attempts) {
        const newest = Math.max(0, ...acked.filter((a) => a.attemptId === attempt.id).map((a) => a.seq));
        expect((lastSeq.get(attempt.id) as { last_seq: number }).last_seq).toBeGreaterThanOrEqual(newest);
      }
    } finally {
      after.close();
    }
  } finally {
    await app.kill();
  }
});
