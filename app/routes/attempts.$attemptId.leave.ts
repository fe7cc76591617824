import type { ActionFunctionArgs } from "@remix-run/node";

import { recordPageLeave } from "~/models/attempts.server";
import { AttemptIdSchema } from "~/schemas/attempts.server";
import { requireUser } from "~/utils/auth.server";

/** The page was hidden during an attempt (切屏). Counted for organizers, never punished by default. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const attemptId = AttemptIdSchema.safeParse(params.attemptId);
  if (attemptId.success) await recordPageLeave(context.db, { attemptId: attemptId.data, userId: user.id });
  return new Response(null, { status: 204 });
}
