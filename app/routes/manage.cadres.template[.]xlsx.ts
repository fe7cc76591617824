import type { LoaderFunctionArgs } from "@remix-run/node";

import { listOrgs } from "~/models/orgs.server";
import { requireManager } from "~/utils/auth.server";
import { attachment, rosterTemplateXlsx, XLSX_TYPE } from "~/utils/roster-files.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { scope } = await requireManager(request, context);
  const orgs = await listOrgs(context.db, scope);
  const example = orgs.find((o) => o.kind === "branch")?.name ?? orgs[0]?.name ?? "某某党支部";
  const body = await rosterTemplateXlsx(example);
  return new Response(body, {
    headers: { "Content-Type": XLSX_TYPE, "Content-Disposition": attachment("花名册模板.xlsx"), "Cache-Control": "no-store" },
  });
}
