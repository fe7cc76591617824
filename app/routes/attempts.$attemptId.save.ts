import type { ActionFunctionArgs } from "@remix-run/node";

import { saveResponses } from "~/models/attempts.server";
import { AttemptIdSchema, MAX_SAVE_BODY_BYTES, SaveRequestSchema } from "~/schemas/attempts.server";
import { auditRefusedAttempt } from "~/utils/attempt-access.server";
import { getOptionalUser } from "~/utils/auth.server";

const STATUS = { saved: 200, conflict: 409, closed: 409, invalid: 400, rate_limited: 429, not_found: 404 } as const;

export async function loader() {
  throw new Response("只接受 POST", { status: 405 });
}

/** Autosave: JSON in, JSON out. Answers are committed before "saved" is answered. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  // A JSON caller gets 401, not a redirect to the login page: the page keeps the answers and says so.
  const user = await getOptionalUser(request, context);
  if (!user || user.must_change_password) return Response.json({ kind: "unauthenticated", message: "登录已失效" }, { status: 401 });
  const attemptId = AttemptIdSchema.safeParse(params.attemptId);
  if (!attemptId.success) return Response.json({ kind: "not_found" }, { status: 404 });
  const body = await request.text();
  if (body.length > MAX_SAVE_BODY_BYTES) return Response.json({ kind: "invalid", message: "请求过大" }, { status: 413 });
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return Response.json({ kind: "invalid", message: "请求格式不正确" }, { status: 400 });
  }
  const parsed = SaveRequestSchema.safeParse(json);
  if (!parsed.success) return Response.json({ kind: "invalid", message: "请求格式不正确" }, { status: 400 });

  const outcome = await saveResponses(context.db, {
    attemptId: attemptId.data,
    userId: user.id,
    answers: parsed.data.answers,
    seq: parsed.data.seq,
    now: new Date(),
  });
  if (outcome.kind === "not_found" || outcome.kind === "invalid") {
    await auditRefusedAttempt(context, {
      user,
      attemptId: params.attemptId,
      path: new URL(request.url).pathname,
      reason: outcome.kind === "invalid" ? `invalid: ${outcome.message}` : "not_found",
      method: request.method,
    });
  }
  return Response.json(outcome, { status: STATUS[outcome.kind], headers: { "Cache-Control": "no-store" } });
}
