import type { AppLoadContext } from "@remix-run/node";

import { getOwnAttempt, type OwnAttempt } from "~/models/attempts.server";
import { recordAuditAtMostEvery } from "~/models/audit.server";
import type { SessionUser } from "~/models/sessions.server";
import { AttemptIdSchema } from "~/schemas/attempts.server";

/**
 * Records a refused request for an attempt that is not the user's (or does not exist), at
 * most once a minute per user, path and method (the next row counts the repeats).
 */
export async function auditRefusedAttempt(
  context: AppLoadContext,
  input: { user: SessionUser; attemptId: string | undefined; path: string; reason: string; method: string },
): Promise<void> {
  const target = `attempt:${String(input.attemptId ?? "").slice(0, 20)}`;
  await recordAuditAtMostEvery(
    context.db,
    { actorId: input.user.id, action: "attempt.refused", target, detail: { reason: input.reason, path: input.path, method: input.method }, ip: context.clientAddress, now: new Date() },
    { key: `attempt.refused|${input.user.id}|${input.method}|${input.path}`, everyMs: 60_000 },
  );
}

/** The signed-in user's own attempt named by the URL, or 404 (audited): another cadre's attempt is never revealed. */
export async function requireOwnAttempt(request: Request, context: AppLoadContext, user: SessionUser, attemptIdParam: string | undefined): Promise<OwnAttempt> {
  const id = AttemptIdSchema.safeParse(attemptIdParam);
  const attempt = id.success ? await getOwnAttempt(context.db, { attemptId: id.data, userId: user.id }) : undefined;
  if (attempt) return attempt;
  await auditRefusedAttempt(context, { user, attemptId: attemptIdParam, path: new URL(request.url).pathname, reason: "not_found", method: request.method });
  throw new Response("没有找到这次作答", { status: 404 });
}
