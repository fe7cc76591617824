/**
 * The download loaders of the exam and cadre reports (.xlsx and CSV). Each one guards first,
 * computes the report with the same functions as the page, audits the export with its format
 * and row count, then streams the file. An exam report is computed and written in the export
 * worker when the server has one (context.exportReport, app/export-worker.server.ts), in this
 * thread otherwise (tests, tools): the same function (examReportFile) either way.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";

import type { DB } from "../../db/client";
import type { Exam } from "../../db/schema";
import { cadreHistoryTable, cadreTrendTable, examReportTables, scoreDetailTable } from "~/domain/statistics/report-tables";
import { finalizeExpiredAttempts } from "~/models/attempt-finalize.server";
import { recordAudit } from "~/models/audit.server";
import type { ReportSubtree } from "~/models/report-scope.server";
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

/** What an exam report export computes from: plain data, so it can be posted to the export worker. */
export type ExamExportJob = { exam: Exam; subtree: ReportSubtree; format: ExportFormat; timeZone: string };

/** An exam report file: the counts the audit records, known before the first byte, and the bytes. */
export type ExamReportFile = { rows: number; absentees: number; body: ReadableStream<Uint8Array> };

/** Exports an exam report somewhere else (the export worker); rejects before any byte when it cannot. */
export type ExportReport = (job: ExamExportJob, signal?: AbortSignal) => Promise<ExamReportFile>;

/**
 * 成绩报表.xlsx (four sheets, with item analysis) or 成绩明细.csv (no item analysis: it does
 * not show it). Expired attempts must have been finalized by the caller: this only reads, so
 * it runs on the worker's read-only connection as well as on the app's.
 */
export async function examReportFile(db: DB, job: ExamExportJob): Promise<ExamReportFile> {
  const report = await loadExamReport(db, job.exam, new Date(), job.subtree, { items: job.format === "xlsx", finalize: false });
  const formatInstant = instantFormatter(job.timeZone);
  const body = job.format === "xlsx" ? streamXlsx(examReportTables(report, formatInstant)) : streamCsv(scoreDetailTable(report, formatInstant));
  return { rows: report.participants.length, absentees: report.absentees.length, body };
}

export const EXPORT_FAILED = "报表导出失败，请稍后重试；如果一再失败，请联系系统管理员。";

/** 成绩报表.xlsx (four sheets) or 成绩明细.csv of one exam. */
export function examReportDownload(format: ExportFormat) {
  return async (args: LoaderFunctionArgs) => {
    const { user, exam, view } = await requireReportExam(args);
    const { context } = args;
    const now = new Date();
    // Here, on the writer: nobody whose time ran out shows as 作答中 (invariant 3).
    await finalizeExpiredAttempts(context.db, now);
    const job: ExamExportJob = { exam, subtree: view.subtree, format, timeZone: context.timeZone };
    let file: ExamReportFile;
    try {
      file = context.exportReport ? await context.exportReport(job, args.request.signal) : await examReportFile(context.db, job);
    } catch (error) {
      console.error("report export failed", error);
      return new Response(EXPORT_FAILED, { status: 500, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
    }
    await recordAudit(context.db, {
      actorId: user.id,
      action: "report.export",
      target: `exam:${exam.id}`,
      detail: { format, rows: file.rows, absentees: file.absentees, title: exam.title, orgId: view.subtree?.orgId ?? null },
      ip: context.clientAddress,
      now,
    });
    // A restricted file says whose part it is in its name, as the page says it in its heading.
    const name = view.subtree ? `${exam.title}-${view.subtree.name}` : exam.title;
    return download(file.body, format, reportFileName(name, format === "xlsx" ? "成绩报表.xlsx" : "成绩明细.csv"));
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
