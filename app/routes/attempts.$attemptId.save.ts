import type { ActionFunctionArgs } from "@remix-run/node";

import { answerSaveRequest } from "~/utils/attempt-endpoints.server";

export async function loader() {
  throw new Response("只接受 POST", { status: 405 });
}

/**
 * Autosave. server.mjs answers this path itself, before Remix; this route serves the same
 * function wherever the app runs without that server (remix dev, tests).
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const saved = await answerSaveRequest(context.db, {
    cookieHeader: request.headers.get("Cookie"),
    attemptIdParam: params.attemptId,
    body: await request.text(),
    ip: context.clientAddress,
    path: new URL(request.url).pathname,
    timeZone: context.timeZone,
    now: new Date(),
  });
  return Response.json(saved.body, { status: saved.status, headers: saved.headers });
}
