/** Bank files as bytes: the uploaded YAML or Excel template in, YAML and .xlsx out. */
import {
  BANK_COLUMNS,
  bankToSheets,
  INFO_SHEET,
  NOTES_SHEET,
  QUESTION_SHEET,
  sheetsToBank,
  TEMPLATE_EXAMPLES,
  TEMPLATE_NOTES,
} from "~/domain/banks/excel";
import { makeProblem } from "~/domain/banks/problems";
import type { Bank } from "~/domain/banks/types";
import type { BankValidation } from "~/domain/banks/validate";
import { parseBankYaml } from "~/domain/banks/yaml";

import { readXlsxSheets, SpreadsheetError, tableToXlsx } from "./spreadsheet.server";

export const BANK_FILE_MAX_BYTES = 5 * 1024 * 1024;
export const YAML_TYPE = "application/yaml; charset=utf-8";

export type BankFileFormat = "yaml" | "xlsx";

export function bankFileFormat(fileName: string): BankFileFormat | null {
  const name = fileName.toLowerCase();
  if (name.endsWith(".yaml") || name.endsWith(".yml")) return "yaml";
  if (name.endsWith(".xlsx")) return "xlsx";
  return null;
}

function refused(file: string, expected: string): BankValidation {
  return { ok: false, problems: [makeProblem(file, { code: "bad_document", field: "文件", expected })] };
}

/** Reads and validates a bank file (YAML or the Excel template) by its name's extension. */
export async function readBankFile(fileName: string, bytes: Uint8Array): Promise<BankValidation> {
  const format = bankFileFormat(fileName);
  if (!format) return refused(fileName, "只支持 YAML（.yaml/.yml）或 Excel 模板（.xlsx）文件");
  if (bytes.byteLength === 0) return refused(fileName, "文件是空的");
  if (bytes.byteLength > BANK_FILE_MAX_BYTES) return refused(fileName, "文件超过 5 MB");
  if (format === "yaml") {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return refused(fileName, "文件不是 UTF-8 编码的文本");
    }
    return parseBankYaml(fileName, text.replace(/^\uFEFF/, ""));
  }
  let sheets: Array<{ name: string; rows: string[][] }>;
  try {
    sheets = await readXlsxSheets(Buffer.from(bytes));
  } catch (error) {
    if (error instanceof SpreadsheetError) return refused(fileName, error.message);
    throw error;
  }
  const byName = (name: string) => sheets.find((s) => s.name.trim() === name)?.rows ?? null;
  // A renamed question sheet is still found: it is the first one that is not the other two.
  const questions = byName(QUESTION_SHEET) ?? sheets.find((s) => s.name.trim() !== INFO_SHEET && s.name.trim() !== NOTES_SHEET)?.rows ?? null;
  return sheetsToBank(fileName, questions, byName(INFO_SHEET));
}

const QUESTION_WIDTHS = [10, 8, 50, ...Array(8).fill(20), 12, 40, 16, 16, 6, 30];

export function bankXlsx(bank: Bank): Promise<Uint8Array<ArrayBuffer>> {
  const sheets = bankToSheets(bank);
  return tableToXlsx([
    { name: QUESTION_SHEET, rows: sheets.questions, widths: QUESTION_WIDTHS },
    { name: INFO_SHEET, rows: sheets.info, widths: [12, 60] },
    { name: NOTES_SHEET, rows: TEMPLATE_NOTES, widths: [120] },
  ]);
}

/** The empty template: headers, a 题库信息 sheet to fill in, and notes with one example per type. */
export function bankTemplateXlsx(): Promise<Uint8Array<ArrayBuffer>> {
  return tableToXlsx([
    { name: QUESTION_SHEET, rows: [[...BANK_COLUMNS]], widths: QUESTION_WIDTHS },
    {
      name: INFO_SHEET,
      rows: [["项目", "内容"], ["题库标识", ""], ["题库名称", ""], ["版本", 1], ["法规", ""], ["原文文件", ""], ["说明", ""]],
      widths: [12, 60],
    },
    {
      name: NOTES_SHEET,
      rows: [...TEMPLATE_NOTES, [], ["示例（不要填在这里，请填在“试题”工作表）"], [...BANK_COLUMNS], ...TEMPLATE_EXAMPLES],
      widths: [120],
    },
  ]);
}
