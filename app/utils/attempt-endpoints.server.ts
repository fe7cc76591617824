/**
 * The two JSON endpoints of the attempt page, the hottest paths of the platform:
 * POST /attempts/:id/save (autosave) and POST /attempts/:id/submit (交卷 from the script).
 * server.mjs answers them before Remix (nothing of Remix's routing or rendering is needed),
 * and the Remix routes of the same paths call these functions too, so there is one
 * implementation. Answers are committed before "saved"; an attempt is graded and committed
 * before "finished".
 */
import type { ActionFunctionArgs } from "@remix-run/node";

import type { DB } from "../../db/client";
import { DatabaseBusyError } from "../../db/sqlite-driver";
import { saveResponses, type SaveOutcome, submitAttempt } from "~/models/attempts.server";
import { getSessionUser, type SessionUser } from "~/models/sessions.server";
import { AttemptIdSchema, SaveRequestSchema } from "~/schemas/attempts.server";

import { auditRefusedAttempt } from "./attempt-access.server";
import { errorKey, logFailureOnce } from "./log.server";
import { sessionTokenFromCookieHeader } from "./session.server";

export type EndpointReply = { status: number; body: unknown; headers: Record<string, string> };

export type EndpointInput = { cookieHeader: string | null; attemptIdParam: string | undefined; body: string; ip: string; path: string; timeZone: string; now: Date };

const STATUS: Record<SaveOutcome["kind"], number> = { saved: 200, conflict: 409, closed: 409, invalid: 400, rate_limited: 429, busy: 503, not_found: 404 };

const reply = (status: number, body: unknown, headers: Record<string, string> = {}): EndpointReply => ({
  status,
  body,
  headers: { "Cache-Control": "no-store", ...headers },
});

const unavailable = (message: string) => reply(503, { kind: "error", message }, { "Retry-After": "5" });

/** The signed-in cadre and the attempt id of the URL, or the reply that refuses the request. */
async function whoAndWhich(db: DB, input: EndpointInput): Promise<{ user: SessionUser; attemptId: number } | { refused: EndpointReply }> {
  // A JSON caller gets 401, not a redirect to the login page: the page keeps the answers and says so.
  const token = sessionTokenFromCookieHeader(input.cookieHeader);
  const user = token ? await getSessionUser(db, token, input.now) : null;
  if (!user || user.must_change_password) return { refused: reply(401, { kind: "unauthenticated", message: "登录已失效" }) };
  const attemptId = AttemptIdSchema.safeParse(input.attemptIdParam);
  if (!attemptId.success) return { refused: reply(404, { kind: "not_found" }) };
  return { user, attemptId: attemptId.data };
}

function auditRefused(db: DB, input: EndpointInput, user: SessionUser, reason: string): Promise<void> {
  return auditRefusedAttempt({ db, clientAddress: input.ip, timeZone: input.timeZone }, { user, attemptId: input.attemptIdParam, path: input.path, reason, method: "POST" });
}

export async function answerSaveRequest(db: DB, input: EndpointInput): Promise<EndpointReply> {
  const who = await whoAndWhich(db, input);
  if ("refused" in who) return who.refused;
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
    outcome = await saveResponses(db, { attemptId: who.attemptId, userId: who.user.id, answers: parsed.data.answers, seq: parsed.data.seq, saveId: parsed.data.saveId ?? null, now: input.now });
  } catch (error) {
    // A full disk or a broken database: nothing was committed, and the page keeps the answers and retries.
    logFailureOnce(errorKey("save", error), "保存答案失败", error);
    return unavailable("答案未保存：服务器暂时无法写入，正在重试");
  }
  if (outcome.kind === "not_found" || outcome.kind === "invalid") {
    await auditRefused(db, input, who.user, outcome.kind === "invalid" ? `invalid: ${outcome.message}` : "not_found");
  }
  return reply(STATUS[outcome.kind], outcome, outcome.kind === "busy" ? { "Retry-After": String(outcome.retryAfterSeconds) } : {});
}

/**
 * 交卷 from the page's script, once its pending answers are saved. Idempotent like the form
 * path: a second submit answers "finished" again. The page then opens `resultUrl`.
 */
export async function answerSubmitRequest(db: DB, input: EndpointInput): Promise<EndpointReply> {
  const who = await whoAndWhich(db, input);
  if ("refused" in who) return who.refused;
  try {
    const outcome = await submitAttempt(db, { attemptId: who.attemptId, userId: who.user.id, now: input.now });
    if (outcome.kind === "not_found") {
      await auditRefused(db, input, who.user, "not_found");
      return reply(404, { kind: "not_found" });
    }
    return reply(200, { kind: "finished", status: outcome.attempt.status, resultUrl: `/attempts/${outcome.attempt.id}/result` });
  } catch (error) {
    if (error instanceof DatabaseBusyError) return reply(503, { kind: "busy", message: "服务器正忙，正在重试交卷" }, { "Retry-After": "2" });
    logFailureOnce(errorKey("submit", error), "交卷失败", error);
    return unavailable("交卷未完成：服务器暂时无法写入，正在重试；答案都已保存");
  }
}

/**
 * The Remix action of an endpoint's path: server.mjs answers these paths itself, before Remix;
 * the routes serve the same functions wherever the app runs without that server (remix dev, tests).
 */
export function endpointAction(answer: (db: DB, input: EndpointInput) => Promise<EndpointReply>) {
  return async ({ request, context, params }: ActionFunctionArgs) => {
    const reply = await answer(context.db, {
      cookieHeader: request.headers.get("Cookie"),
      attemptIdParam: params.attemptId,
      body: await request.text(),
      ip: context.clientAddress,
      path: new URL(request.url).pathname,
      timeZone: context.timeZone,
      now: new Date(),
    });
    return Response.json(reply.body, { status: reply.status, headers: reply.headers });
  };
}
