/**
 * The cadre's long-term file as an .xlsx: a sheet per section (its facts, then each table
 * under its heading), written from the same sections as the page. Numbers stay numbers;
 * every text cell is neutralized like the other exports (ADR 0008), nothing is a formula.
 */
import ExcelJS from "exceljs";

import type { RecordSection } from "~/domain/cadre-record";

import { neutralizeFormula } from "./csv";

/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, "_").slice(0, 28) || "档案";
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}${i}`;
  used.add(name);
  return name;
}

const text = (v: string) => neutralizeFormula(v);

export async function recordWorkbook(heading: string[], sections: readonly RecordSection[]): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "考学";
  const used = new Set<string>();
  for (const section of sections) {
    const sheet = workbook.addWorksheet(sheetName(section.title, used));
    sheet.getColumn(1).width = 22;
    for (let c = 2; c <= 9; c++) sheet.getColumn(c).width = 16;
    for (const line of heading) sheet.addRow([text(line)]);
    const title = sheet.addRow([text(section.title)]);
    title.font = { bold: true, size: 13 };
    for (const fact of section.facts) sheet.addRow([text(fact.label), text(fact.value)]);
    if (section.emptyText) sheet.addRow([text(section.emptyText)]);
    for (const table of section.tables) {
      sheet.addRow([]);
      if (table.title) sheet.addRow([text(table.title)]).font = { bold: true };
      sheet.addRow(table.columns.map((c) => text(c.label))).font = { bold: true };
      for (const row of table.rows) {
        sheet.addRow(
          table.columns.map((c) => {
            const v = row[c.key] ?? null;
            return typeof v === "number" ? v : text(v === null || v === "" ? "—" : v);
          }),
        );
      }
    }
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
