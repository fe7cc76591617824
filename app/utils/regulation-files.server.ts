/**
 * An official text as bytes → its plain text: UTF-8 plain text or Markdown as it is, a Word
 * .docx through mammoth (its paragraphs become lines), once its zip is known to expand within
 * bounds. Anything else is refused with a reason.
 */
import mammoth from "mammoth";

import { checkZipBounds, ZipBoundsError } from "./zip-bounds.server";

export const REGULATION_FILE_MAX_BYTES = 5 * 1024 * 1024;

export type RegulationFileFormat = "text" | "docx";

export class RegulationFileError extends Error {}

export function regulationFileFormat(fileName: string): RegulationFileFormat | null {
  const name = fileName.toLowerCase();
  if (name.endsWith(".txt") || name.endsWith(".md") || name.endsWith(".markdown")) return "text";
  if (name.endsWith(".docx")) return "docx";
  return null;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** The text of the file, or a RegulationFileError that says why it cannot be read. */
export async function readRegulationFile(fileName: string, bytes: Uint8Array): Promise<string> {
  const format = regulationFileFormat(fileName);
  if (!format) throw new RegulationFileError("只能导入纯文本（.txt）、Markdown（.md）或 Word（.docx）格式的法规原文；.doc 等旧格式请先另存为 .docx");
  if (bytes.byteLength === 0) throw new RegulationFileError("文件是空的");
  if (bytes.byteLength > REGULATION_FILE_MAX_BYTES) throw new RegulationFileError("文件超过 5 MB");
  if (format === "text") {
    if (ZIP_MAGIC.every((b, i) => bytes[i] === b) || bytes.includes(0)) throw new RegulationFileError("文件不是文本：看起来是二进制文件（如 Word 或压缩包），请确认扩展名");
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new RegulationFileError("文件不是 UTF-8 编码的文本，请另存为 UTF-8 后再导入");
    }
  }
  if (!ZIP_MAGIC.every((b, i) => bytes[i] === b)) throw new RegulationFileError("文件不是有效的 Word（.docx）文档");
  // A .docx is a zip: bound what it expands to before mammoth inflates it (as spreadsheet uploads do).
  try {
    await checkZipBounds(bytes);
  } catch (error) {
    if (error instanceof ZipBoundsError) throw new RegulationFileError(`无法读取这个 Word 文档：${error.message}`);
    throw error;
  }
  try {
    const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return result.value;
  } catch {
    throw new RegulationFileError("无法读取这个 Word 文档：文件可能已损坏，或不是 .docx 格式");
  }
}
