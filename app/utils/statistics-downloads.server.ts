/**
 * The statistics downloads: every table as one .xlsx (a sheet each), or one table as CSV.
 * Guarded like the page, computed by the same functions (invariant 8), audited with the
 * format and scope, formula-safe through the report writers (ADR 0008).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";

import { STATISTICS_TABLE_KEYS, yearStatisticsTables } from "~/domain/statistics/year-tables";
import { recordAudit } from "~/models/audit.server";
import { loadYearStatistics } from "~/models/statistics.server";
import { StatisticsCsvSchema } from "~/schemas/statistics.server";

import { notFoundInScope } from "./auth.server";
import { instantFormatter } from "./report-access.server";
import { CSV_TYPE, reportFileName, streamCsv, streamXlsx } from "./report-files.server";
import { attachment, XLSX_TYPE } from "./roster-files.server";
import { requireStatistics } from "./statistics-access.server";

export function statisticsDownload(format: "xlsx" | "csv") {
  return async (args: LoaderFunctionArgs) => {
    const access = await requireStatistics(args);
    const { request, context } = args;
    const table = format === "csv" ? StatisticsCsvSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams)) : null;
    if (table && !table.success) return notFoundInScope(request, context, access.user);
    const { user, selected, year, now } = access;
    const stats = await loadYearStatistics(context.db, { root: selected, year, timeZone: context.timeZone, now });
    const tables = yearStatisticsTables(stats, instantFormatter(context.timeZone));
    const chosen = table?.success ? [tables[table.data.table]] : STATISTICS_TABLE_KEYS.map((k) => tables[k]);
    await recordAudit(context.db, {
      actorId: user.id,
      action: "statistics.export",
      target: `statistics:${year}`,
      detail: { format, orgId: selected.orgId || null, tables: chosen.map((t) => t.name), rows: chosen.reduce((n, t) => n + t.rows.length, 0) },
      ip: context.clientAddress,
      now,
    });
    const name = `${year}年以考促学统计-${selected.name}`;
    const body = format === "xlsx" ? streamXlsx(chosen) : streamCsv(chosen[0]);
    return new Response(body, {
      headers: {
        "Content-Type": format === "xlsx" ? XLSX_TYPE : CSV_TYPE,
        "Content-Disposition": attachment(reportFileName(name, format === "xlsx" ? "统计.xlsx" : `${chosen[0].name}.csv`)),
        "Cache-Control": "no-store",
      },
    });
  };
}
