import type { ActionFunctionArgs } from "@remix-run/node";

import { recordPageLeave } from "~/models/attempts.server";
import { requireOwnAttempt } from "~/utils/attempt-access.server";
import { requireUser } from "~/utils/auth.server";

/** The page was hidden during an attempt (切屏). Counted for organizers, never punished by default. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const attempt = await requireOwnAttempt(request, context, user, params.attemptId);
  await recordPageLeave(context.db, { attemptId: attempt.id, userId: user.id });
  return new Response(null, { status: 204 });
}
