/**
 * Report downloads as streams: the .xlsx through exceljs's streaming WorkbookWriter and the
 * CSV chunk by chunk, yielding to the event loop between batches of rows, so a 10,000-row
 * export starts downloading at once and never blocks other requests (RELIABILITY.md 13).
 *
 * Formula safety (invariant 8, RELIABILITY.md 25): every text cell goes through
 * neutralizeFormula, the same leading apostrophe the CSV uses, and is written as a plain
 * string cell; nothing is ever written as a formula. See docs/decisions/0008-report-exports.md.
 */
import { PassThrough } from "node:stream";

import { createReadableStreamFromReadable } from "@remix-run/node";
import ExcelJS from "exceljs";

import type { Cell, CellKind } from "~/domain/statistics/format";
import { formatCell } from "~/domain/statistics/format";
import type { Table } from "~/domain/statistics/report-tables";

import { csvLines, neutralizeFormula } from "./csv";
import { yieldToEventLoop } from "./event-loop";

/** Rows written between two yields to the event loop. */
export const ROWS_PER_BATCH = 200;

export const CSV_TYPE = "text/csv; charset=utf-8";

/** How numbers show in Excel; the cell keeps the exact number the page prints. */
const NUMBER_FORMATS: Partial<Record<CellKind, string>> = {
  percent: '0.0"%"',
  index: "0.00",
};

/** The value written to an .xlsx cell: numbers as numbers, text neutralized, null as —. */
export function xlsxValue(kind: CellKind, value: Cell): string | number {
  if (typeof value === "number") return value;
  return neutralizeFormula(formatCell(kind, value));
}

async function writeSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, table: Table): Promise<void> {
  const sheet = workbook.addWorksheet(table.name, { views: [{ state: "frozen", ySplit: 1 }] });
  table.columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width;
  });
  const header = sheet.addRow(table.columns.map((c) => neutralizeFormula(c.header)));
  header.font = { bold: true };
  header.commit();
  for (let r = 0; r < table.rows.length; r++) {
    const row = sheet.addRow(table.rows[r].map((v, i) => xlsxValue(table.columns[i].kind, v)));
    table.columns.forEach((c, i) => {
      const format = NUMBER_FORMATS[c.kind];
      if (format && typeof table.rows[r][i] === "number") row.getCell(i + 1).numFmt = format;
    });
    row.commit();
    if ((r + 1) % ROWS_PER_BATCH === 0) await yieldToEventLoop();
  }
  sheet.commit();
}

/**
 * The tables as one .xlsx (one sheet each), streamed: the body starts flowing while later
 * rows are still being written. A failure mid-way aborts the download (and is logged)
 * rather than delivering a truncated file that looks complete.
 */
export function streamXlsx(tables: readonly Table[]): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  workbook.creator = "考学";
  void (async () => {
    for (const table of tables) await writeSheet(workbook, table);
    await workbook.commit();
  })().catch((error: unknown) => {
    console.error("report export failed", error);
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return createReadableStreamFromReadable(out);
}

/** A CSV cell: counts and scores stay numbers (csvLines never touches those), the rest prints as on the page. */
function csvValue(kind: CellKind, value: Cell): string | number {
  if (typeof value === "number" && (kind === "count" || kind === "score")) return value;
  return formatCell(kind, value);
}

/** One table as CSV (UTF-8 with BOM), produced a batch of rows at a time as the client reads. */
export function streamCsv(table: Table): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const text = (rows: Cell[][]) => csvLines(rows.map((row) => row.map((v, i) => csvValue(table.columns[i].kind, v))));
  let next = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("\uFEFF" + csvLines([table.columns.map((c) => c.header)])));
    },
    async pull(controller) {
      if (next >= table.rows.length) {
        controller.close();
        return;
      }
      await yieldToEventLoop();
      controller.enqueue(encoder.encode(text(table.rows.slice(next, next + ROWS_PER_BATCH))));
      next += ROWS_PER_BATCH;
    },
  });
}

/** 2026年第四季度党纪法规考试-成绩报表.xlsx: characters Windows refuses in a file name become _. */
export function reportFileName(title: string, suffix: string): string {
  const clean = title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").trim() || "考试";
  return `${clean}-${suffix}`;
}
