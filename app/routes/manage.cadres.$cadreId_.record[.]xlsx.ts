// GET /manage/cadres/:cadreId/record.xlsx: the cadre's long-term file, a sheet per section; scoped and audited.
import type { LoaderFunctionArgs } from "@remix-run/node";

import { RANK_LABELS } from "~/domain/labels";
import { recordAudit } from "~/models/audit.server";
import { loadCadreRecord } from "~/models/cadre-record.server";
import { recordWorkbook } from "~/utils/record-files.server";
import { instantFormatter, requireReportCadre } from "~/utils/report-access.server";
import { reportFileName } from "~/utils/report-files.server";
import { attachment, XLSX_TYPE } from "~/utils/roster-files.server";

export async function loader(args: LoaderFunctionArgs) {
  const { user, cadre } = await requireReportCadre(args);
  const { context } = args;
  const now = new Date();
  const sections = await loadCadreRecord(context.db, { cadreId: cadre.id, now, timeZone: context.timeZone });
  await recordAudit(context.db, { actorId: user.id, action: "report.export", target: `cadre-record:${cadre.id}`, detail: { format: "xlsx", sections: sections.map((s) => s.key), employeeNo: cadre.employee_no }, ip: context.clientAddress, now });
  const heading = [`${cadre.name}（${cadre.employee_no}）个人学习档案`, `${cadre.orgName} · ${RANK_LABELS[cadre.rank]}${cadre.is_leader ? " · 领导干部" : ""}`, `数据截至 ${instantFormatter(context.timeZone)(now.toISOString())}`];
  return new Response(await recordWorkbook(heading, sections), {
    headers: { "Content-Type": XLSX_TYPE, "Content-Disposition": attachment(reportFileName(`${cadre.name}（${cadre.employee_no}）`, "个人学习档案.xlsx")), "Cache-Control": "no-store" },
  });
}
