/** The audit log's .xlsx and CSV downloads: admin only, the page's filters, audited, formula-safe. */
import type { LoaderFunctionArgs } from "@remix-run/node";

import { exportAuditLog } from "~/models/audit-log.server";
import { recordAudit } from "~/models/audit.server";

import { auditFilterFrom, auditTable, presentAuditRows } from "./audit-log.server";
import { requireRole } from "./auth.server";
import { CSV_TYPE, streamCsv, streamXlsx } from "./report-files.server";
import { attachment, XLSX_TYPE } from "./roster-files.server";

export function auditLogDownload(format: "xlsx" | "csv") {
  return async ({ request, context }: LoaderFunctionArgs) => {
    const user = await requireRole(request, context, ["admin"]);
    const url = new URL(request.url);
    const { filter } = auditFilterFrom(url, context.timeZone);
    const now = new Date();
    const { rows, cut } = await exportAuditLog(context.db, filter);
    const table = auditTable(await presentAuditRows(context.db, rows, context.timeZone), context.timeZone);
    await recordAudit(context.db, {
      actorId: user.id,
      action: "audit.export",
      target: url.search || null,
      detail: { format, rows: rows.length, cut },
      ip: context.clientAddress,
      now,
    });
    const body = format === "xlsx" ? streamXlsx([table]) : streamCsv(table);
    return new Response(body, {
      headers: {
        "Content-Type": format === "xlsx" ? XLSX_TYPE : CSV_TYPE,
        "Content-Disposition": attachment(`审计日志.${format}`),
        "Cache-Control": "no-store",
      },
    });
  };
}
