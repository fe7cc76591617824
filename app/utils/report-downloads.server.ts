/**
 * The download loaders of the exam and cadre reports (.xlsx and CSV). Each one guards first,
 * computes the report with the same functions as the page, audits the export with its format
 * and row count, then streams the file.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";

import { cadreHistoryTable, cadreTrendTable, examReportTables, scoreDetailTable } from "~/domain/statistics/report-tables";
import { recordAudit } from "~/models/audit.server";
import { loadCadreReport, loadExamReport } from "~/models/reports.server";

import { instantFormatter, requireReportCadre, requireReportExam } from "./report-access.server";
import { CSV_TYPE, reportFileName, streamCsv, streamXlsx } from "./report-files.server";
import { attachment, XLSX_TYPE } from "./roster-files.server";

export type ExportFormat = "xlsx" | "csv";

function download(body: ReadableStream<Uint8Array>, format: ExportFormat, fileName: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": format === "xlsx" ? XLSX_TYPE : CSV_TYPE,
      "Content-Disposition": attachment(fileName),
      "Cache-Control": "no-store",
    },
  });
}

/** 成绩报表.xlsx (four sheets) or 成绩明细.csv of one exam. */
export function examReportDownload(format: ExportFormat) {
  return async (args: LoaderFunctionArgs) => {
    const { user, exam, view } = await requireReportExam(args);
    const { context } = args;
    const now = new Date();
    const report = await loadExamReport(context.db, exam, now, view.subtree);
    const formatInstant = instantFormatter(context.timeZone);
    await recordAudit(context.db, {
      actorId: user.id,
      action: "report.export",
      target: `exam:${exam.id}`,
      detail: { format, rows: report.participants.length, absentees: report.absentees.length, title: exam.title, orgId: view.subtree?.orgId ?? null },
      ip: context.clientAddress,
      now,
    });
    // A restricted file says whose part it is in its name, as the page says it in its heading.
    const name = view.subtree ? `${exam.title}-${view.subtree.name}` : exam.title;
    return format === "xlsx"
      ? download(streamXlsx(examReportTables(report, formatInstant)), format, reportFileName(name, "成绩报表.xlsx"))
      : download(streamCsv(scoreDetailTable(report, formatInstant)), format, reportFileName(name, "成绩明细.csv"));
  };
}

/** One cadre's 成绩报告: 考试记录 and 季度趋势 sheets, or 考试记录 as CSV. */
export function cadreReportDownload(format: ExportFormat) {
  return async (args: LoaderFunctionArgs) => {
    const { user, cadre } = await requireReportCadre(args);
    const { context } = args;
    const now = new Date();
    const report = await loadCadreReport(context.db, cadre.id, now);
    const history = cadreHistoryTable(report, instantFormatter(context.timeZone));
    await recordAudit(context.db, {
      actorId: user.id,
      action: "report.export",
      target: `cadre:${cadre.id}`,
      detail: { format, rows: report.rows.length, employeeNo: cadre.employee_no },
      ip: context.clientAddress,
      now,
    });
    const name = `${cadre.name}（${cadre.employee_no}）`;
    return format === "xlsx"
      ? download(streamXlsx([history, cadreTrendTable(report)]), format, reportFileName(name, "成绩报告.xlsx"))
      : download(streamCsv(history), format, reportFileName(name, "成绩报告.csv"));
  };
}
