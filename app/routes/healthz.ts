import type { LoaderFunctionArgs } from "@remix-run/node";

import { isDatabaseReachable } from "~/models/health.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const ok = await isDatabaseReachable(context.db);
  return new Response(ok ? "ok" : "database unavailable", {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
