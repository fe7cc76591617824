/**
 * POST /attempts/:id/save — autosave: JSON in, JSON out. server.mjs answers it before Remix
 * (nothing of Remix's routing or rendering is needed), and the Remix route of the same path
 * calls this too, so there is one implementation. Answers are committed before "saved".
 */
import type { DB } from "../../db/client";
import { saveResponses, type SaveOutcome } from "~/models/attempt-saves.server";
import { getSessionUser } from "~/models/sessions.server";
import { AttemptIdSchema, SaveRequestSchema } from "~/schemas/attempts.server";

import { auditRefusedAttempt } from "./attempt-access.server";
import { errorKey, logFailureOnce } from "./log.server";
import { sessionTokenFromCookieHeader } from "./session.server";

export type SaveReply = { status: number; body: unknown; headers: Record<string, string> };

const STATUS: Record<SaveOutcome["kind"], number> = { saved: 200, conflict: 409, closed: 409, invalid: 400, rate_limited: 429, busy: 503, not_found: 404 };

const reply = (status: number, body: unknown, headers: Record<string, string> = {}): SaveReply => ({
  status,
  body,
  headers: { "Cache-Control": "no-store", ...headers },
});

export async function answerSaveRequest(
  db: DB,
  input: { cookieHeader: string | null; attemptIdParam: string | undefined; body: string; ip: string; path: string; timeZone: string; now: Date },
): Promise<SaveReply> {
  // A JSON caller gets 401, not a redirect to the login page: the page keeps the answers and says so.
  const token = sessionTokenFromCookieHeader(input.cookieHeader);
  const user = token ? await getSessionUser(db, token, input.now) : null;
  if (!user || user.must_change_password) return reply(401, { kind: "unauthenticated", message: "登录已失效" });
  const attemptId = AttemptIdSchema.safeParse(input.attemptIdParam);
  if (!attemptId.success) return reply(404, { kind: "not_found" });
  let json: unknown;
  try {
    json = JSON.parse(input.body);
  } catch {
    return reply(400, { kind: "invalid", message: "请求格式不正确" });
  }
  const parsed = SaveRequestSchema.safeParse(json);
  if (!parsed.success) return reply(400, { kind: "invalid", message: "请求格式不正确" });

  let outcome: SaveOutcome;
  try {
    outcome = await saveResponses(db, { attemptId: attemptId.data, userId: user.id, answers: parsed.data.answers, seq: parsed.data.seq, saveId: parsed.data.saveId ?? null, now: input.now });
  } catch (error) {
    // A full disk or a broken database: nothing was committed, and the page keeps the answers and retries.
    logFailureOnce(errorKey("save", error), "保存答案失败", error);
    return reply(503, { kind: "error", message: "答案未保存：服务器暂时无法写入，正在重试" }, { "Retry-After": "5" });
  }
  if (outcome.kind === "not_found" || outcome.kind === "invalid") {
    await auditRefusedAttempt(
      { db, clientAddress: input.ip, timeZone: input.timeZone },
      { user, attemptId: input.attemptIdParam, path: input.path, reason: outcome.kind === "invalid" ? `invalid: ${outcome.message}` : "not_found", method: "POST" },
    );
  }
  return reply(STATUS[outcome.kind], outcome, outcome.kind === "busy" ? { "Retry-After": String(outcome.retryAfterSeconds) } : {});
}
