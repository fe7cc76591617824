/**
 * The law-study downloads: a meeting's 学习情况 and the year's 学法计划, as .xlsx (with a
 * 概况 / 年度统计 sheet) or CSV. Each guards first, builds the same tables as the page and
 * audits the export.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";

import { completionSummary, completionSummaryTable, completionTable, planTable, yearCountTable } from "~/domain/law-study/completion";
import { recordAudit } from "~/models/audit.server";
import { loadAttendeeFacts, loadYearPlan } from "~/models/law-completion.server";
import { getModule } from "~/models/law-modules.server";

import { requireMeeting, requirePlanScope } from "./law-study-access.server";
import { instantFormatter } from "./report-access.server";
import { CSV_TYPE, reportFileName, streamCsv, streamXlsx } from "./report-files.server";
import { attachment, XLSX_TYPE } from "./roster-files.server";

type Format = "xlsx" | "csv";

function download(body: ReadableStream<Uint8Array>, format: Format, fileName: string): Response {
  return new Response(body, {
    headers: { "Content-Type": format === "xlsx" ? XLSX_TYPE : CSV_TYPE, "Content-Disposition": attachment(fileName), "Cache-Control": "no-store" },
  });
}

export function meetingReportDownload(format: Format) {
  return async ({ request, context, params }: LoaderFunctionArgs) => {
    const { user, meeting } = await requireMeeting(request, context, params);
    const now = new Date();
    const formatInstant = instantFormatter(context.timeZone);
    const attendees = await loadAttendeeFacts(context.db, meeting);
    const module = await getModule(context.db, meeting.module_id);
    const detail = completionTable(attendees, formatInstant);
    await recordAudit(context.db, { actorId: user.id, action: "law.export", target: `law_meeting:${meeting.id}`, detail: { format, rows: attendees.length }, ip: context.clientAddress, now });
    if (format === "csv") return download(streamCsv(detail), format, reportFileName(meeting.title, "学习情况.csv"));
    const summary = completionSummaryTable(
      { title: meeting.title, type: meeting.type, startsAt: meeting.starts_at, lecturer: meeting.lecturer, regulation: module ? `${module.regulationTitle}（${module.title}）` : "" },
      completionSummary(attendees),
      formatInstant,
    );
    return download(streamXlsx([detail, summary]), format, reportFileName(meeting.title, "学习情况.xlsx"));
  };
}

export function planDownload(format: Format) {
  return async ({ request, context }: LoaderFunctionArgs) => {
    const { user, org, year } = await requirePlanScope(request, context);
    const now = new Date();
    const plan = await loadYearPlan(context.db, { orgId: org.id, year, timeZone: context.timeZone, now });
    const table = planTable(plan.rows, instantFormatter(context.timeZone));
    await recordAudit(context.db, { actorId: user.id, action: "law.export", target: `law_plan:${org.id}:${year}`, detail: { format, rows: plan.rows.length }, ip: context.clientAddress, now });
    const name = `${year}年${org.name}`;
    if (format === "csv") return download(streamCsv(table), format, reportFileName(name, "学法计划.csv"));
    return download(streamXlsx([table, yearCountTable(year, org.name, plan.count)]), format, reportFileName(name, "学法计划.xlsx"));
  };
}
