import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireManager } from "~/utils/auth.server";
import { bankTemplateXlsx } from "~/utils/bank-files.server";
import { attachment, XLSX_TYPE } from "~/utils/roster-files.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireManager(request, context);
  const body = await bankTemplateXlsx();
  return new Response(body, {
    headers: { "Content-Type": XLSX_TYPE, "Content-Disposition": attachment("题库模板.xlsx"), "Cache-Control": "no-store" },
  });
}
