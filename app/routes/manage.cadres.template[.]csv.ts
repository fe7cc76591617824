import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireManager } from "~/utils/auth.server";
import { attachment, rosterTemplateCsv } from "~/utils/roster-files.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireManager(request, context);
  return new Response(rosterTemplateCsv(), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": attachment("花名册模板.csv"), "Cache-Control": "no-store" },
  });
}
