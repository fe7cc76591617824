import ExcelJS from "exceljs";

import { parseCsv } from "./csv";
import { checkZipBounds, ZipBoundsError } from "./zip-bounds.server";

export class SpreadsheetError extends Error {}

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** More rows than any roster or bank of a bureau: beyond this a file is refused, not read. */
export const MAX_UPLOAD_ROWS = 20_000;
const tooManyRows = `文件行数超过 ${MAX_UPLOAD_ROWS} 行，请拆分后分批上传`;

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return value.result === undefined || value.result === null ? "" : String(value.result);
  }
  return String(value);
}

/** Every worksheet of an .xlsx as a table of strings, by name, in workbook order. */
export async function readXlsxSheets(data: ArrayBuffer | Buffer): Promise<Array<{ name: string; rows: string[][] }>> {
  try {
    await checkZipBounds(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
  } catch (error) {
    if (error instanceof ZipBoundsError) throw new SpreadsheetError(`无法读取该 Excel 文件：${error.message}`);
    throw error;
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as ArrayBuffer);
  } catch {
    throw new SpreadsheetError("无法读取该 Excel 文件，请确认是 .xlsx 格式（不是 .xls）");
  }
  if (workbook.worksheets.some((sheet) => sheet.rowCount > MAX_UPLOAD_ROWS)) throw new SpreadsheetError(tooManyRows);
  return workbook.worksheets.map((sheet) => {
    const table: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = cellText(cell.value);
      });
      table[rowNumber - 1] = Array.from(cells, (c) => c ?? "");
    });
    return { name: sheet.name, rows: Array.from(table, (r) => r ?? []) };
  });
}

/** The first worksheet as a table of strings; row 1 is the header. */
export async function readXlsxTable(data: ArrayBuffer | Buffer): Promise<string[][]> {
  const [first] = await readXlsxSheets(data);
  if (!first) throw new SpreadsheetError("Excel 文件中没有工作表");
  return first.rows;
}

/** Reads an uploaded .xlsx or .csv (UTF-8, with or without BOM) into a table of strings. */
export async function readUploadedTable(file: File): Promise<string[][]> {
  if (file.size === 0) throw new SpreadsheetError("请选择要上传的文件");
  if (file.size > MAX_UPLOAD_BYTES) throw new SpreadsheetError("文件超过 5 MB");
  const name = file.name.toLowerCase();
  const bytes = Buffer.from(await file.arrayBuffer());
  if (name.endsWith(".xlsx")) return readXlsxTable(bytes);
  if (name.endsWith(".csv")) {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new SpreadsheetError("CSV 文件不是 UTF-8 编码：请在 Excel 中“另存为 CSV UTF-8”，或直接上传 .xlsx");
    }
    const rows = parseCsv(text);
    if (rows.length > MAX_UPLOAD_ROWS + 1) throw new SpreadsheetError(tooManyRows);
    return rows;
  }
  throw new SpreadsheetError("只支持 .xlsx 或 .csv 文件");
}

export async function tableToXlsx(
  sheets: Array<{ name: string; rows: Array<Array<string | number | null>>; widths?: number[] }>,
): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "考学";
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name);
    for (const row of spec.rows) {
      // Every value is written as a plain string or number cell: nothing is ever a formula.
      sheet.addRow(row.map((v) => (v === null ? "" : v)));
    }
    sheet.getRow(1).font = { bold: true };
    spec.widths?.forEach((w, i) => {
      sheet.getColumn(i + 1).width = w;
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
