// GET /history.xlsx: the signed-in cadre's own long-term file (个人学习档案), a sheet per section; audited.
import type { LoaderFunctionArgs } from "@remix-run/node";

import { recordAudit } from "~/models/audit.server";
import { loadCadreRecord } from "~/models/cadre-record.server";
import { getOrg } from "~/models/orgs.server";
import { requireUser } from "~/utils/auth.server";
import { recordWorkbook } from "~/utils/record-files.server";
import { instantFormatter } from "~/utils/report-access.server";
import { reportFileName } from "~/utils/report-files.server";
import { attachment, XLSX_TYPE } from "~/utils/roster-files.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const now = new Date();
  const sections = await loadCadreRecord(context.db, { cadreId: user.id, now, timeZone: context.timeZone });
  await recordAudit(context.db, { actorId: user.id, action: "report.export", target: `cadre-record:${user.id}`, detail: { format: "xlsx", own: true }, ip: context.clientAddress, now });
  const org = await getOrg(context.db, user.org_id);
  const heading = [`${user.name}（${user.employee_no}）个人学习档案`, org?.name ?? "", `数据截至 ${instantFormatter(context.timeZone)(now.toISOString())}`];
  return new Response(await recordWorkbook(heading, sections), {
    headers: { "Content-Type": XLSX_TYPE, "Content-Disposition": attachment(reportFileName(`${user.name}（${user.employee_no}）`, "个人学习档案.xlsx")), "Cache-Control": "no-store" },
  });
}
