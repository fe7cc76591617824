/**
 * The board's downloads (.xlsx with the cases and the year's count; CSV with the cases):
 * guarded like the page, computed by the same loadBoard with the same filters, audited,
 * then streamed formula-safe (ADR 0008).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";

import { loadBoard } from "~/models/appointment-board.server";
import { recordAudit } from "~/models/audit.server";
import { BoardFilterSchema } from "~/schemas/appointments.server";

import { requireManager } from "./auth.server";
import { CSV_TYPE, streamCsv, streamXlsx } from "./report-files.server";
import { attachment, XLSX_TYPE } from "./roster-files.server";

export function appointmentBoardDownload(format: "xlsx" | "csv") {
  return async ({ request, context }: LoaderFunctionArgs) => {
    const { user, scope } = await requireManager(request, context);
    const filter = BoardFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const now = new Date();
    const board = await loadBoard(context.db, scope, filter, { now, timeZone: context.timeZone });
    await recordAudit(context.db, {
      actorId: user.id,
      action: "appointment.export",
      target: "appointments",
      detail: { format, rows: board.table.rows.length, year: board.year, state: filter.state ?? null, orgId: filter.orgId ?? null },
      ip: context.clientAddress,
      now,
    });
    const body = format === "xlsx" ? streamXlsx([board.table, board.yearTable]) : streamCsv(board.table);
    return new Response(body, {
      headers: {
        "Content-Type": format === "xlsx" ? XLSX_TYPE : CSV_TYPE,
        "Content-Disposition": attachment(`任前事项-${board.year}.${format}`),
        "Cache-Control": "no-store",
      },
    });
  };
}
