/**
 * Official texts in: an uploaded file becomes a preview (the recognised structure) and then a
 * version, and the folder KAOXUE_REGULATIONS_DIR is imported at start-up (idempotent, like
 * the bundled banks). Refusals are audited; an unchanged re-import is not news.
 */
import fs from "node:fs";
import path from "node:path";

import type { DB } from "../../db/client";
import { factsFromFirstLine, type RegulationFacts, replacedTextIds } from "~/domain/law-study/official-text";
import { type RegulationStructure, recogniseStructure, summarizeStructure, type StructureSummary } from "~/domain/law-study/regulation-text";
import { readRegulationFile, RegulationFileError } from "~/utils/regulation-files.server";

import { recordAudit } from "./audit.server";
import { linkReplacedTexts, listRegulations, type RegulationImportOutcome, saveRegulationText } from "./regulations.server";

export type RegulationPreview =
  | { ok: true; text: string; structure: RegulationStructure; summary: StructureSummary; facts: RegulationFacts }
  | { ok: false; problems: string[] };

const stemOf = (fileName: string) => path.basename(fileName).replace(/\.[^.]+$/, "");

/** A file's text and what was recognised in it; nothing is saved. */
export async function previewRegulationFile(fileName: string, bytes: Uint8Array): Promise<RegulationPreview> {
  let text: string;
  try {
    text = await readRegulationFile(fileName, bytes);
  } catch (error) {
    if (error instanceof RegulationFileError) return { ok: false, problems: [error.message] };
    throw error;
  }
  return previewRegulationText(text, stemOf(fileName));
}

export function previewRegulationText(text: string, fallbackTitle: string): RegulationPreview {
  const result = recogniseStructure(text);
  if (!result.ok) return { ok: false, problems: result.problems };
  return { ok: true, text, structure: result.structure, summary: summarizeStructure(result.structure), facts: factsFromFirstLine(result.structure.firstLine, fallbackTitle) };
}

export async function auditRefusedRegulation(db: DB, input: { fileName: string; problems: string[]; actorId: number | null; ip: string | null; now: Date }) {
  await recordAudit(db, {
    actorId: input.actorId,
    action: "regulation.refused",
    target: input.fileName,
    detail: { problems: input.problems.length, first: input.problems[0]?.slice(0, 300) },
    ip: input.ip,
    now: input.now,
  });
}

/** The folder named by KAOXUE_REGULATIONS_DIR (relative to the working directory), or null when unset. */
export function regulationsDir(dir: string | undefined): string | null {
  return dir ? path.resolve(process.cwd(), dir) : null;
}

export function listRegulationFiles(folder: string): string[] {
  return fs
    .readdirSync(folder)
    .filter((f) => /\.(md|markdown|txt|docx)$/i.test(f))
    .sort()
    .map((f) => path.join(folder, f));
}

type Log = Pick<Console, "log" | "error">;

export type FolderImportOutcome = { file: string; outcome: RegulationImportOutcome | null; problems: string[] };

/**
 * Imports every official text of the folder, the file stem as the regulation's slug
 * (`senlinfa-2019`, as a bank's `source` names it). Idempotent: an unchanged text is a
 * no-op. A file without articles is logged and skipped; it never stops the server.
 */
export async function importRegulationsDir(db: DB, folder: string, now: Date, log: Log = console): Promise<FolderImportOutcome[]> {
  let files: string[];
  try {
    files = listRegulationFiles(folder);
  } catch (error) {
    log.error(`读取法规原文目录 ${folder} 失败（KAOXUE_REGULATIONS_DIR），未导入法规，服务照常启动`, error);
    return [];
  }
  const outcomes: FolderImportOutcome[] = [];
  for (const file of files) {
    const fileName = path.basename(file);
    const slug = stemOf(fileName).toLowerCase();
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
      log.error(`法规原文 ${fileName} 未导入：文件名须由小写字母、数字和连字符组成（用作法规标识）`);
      outcomes.push({ file: fileName, outcome: null, problems: ["文件名不能用作法规标识"] });
      continue;
    }
    const preview = await previewRegulationFile(fileName, fs.readFileSync(file));
    if (!preview.ok) {
      log.error(`法规原文 ${fileName} 未导入（服务照常启动）：${preview.problems.join("；")}`);
      outcomes.push({ file: fileName, outcome: null, problems: preview.problems });
      continue;
    }
    const outcome = await saveRegulationText(db, {
      slug,
      facts: preview.facts,
      updateFacts: false,
      structure: preview.structure,
      fileName,
      origin: "bundled",
      actorId: null,
      ip: null,
      now,
    });
    if (outcome.status === "created") log.log(`法规原文 ${fileName}：《${outcome.title}》第 ${outcome.version} 版，${outcome.summary.articles} 条`);
    outcomes.push({ file: fileName, outcome, problems: [] });
  }
  if (outcomes.some((o) => o.outcome?.status === "created")) {
    const library = await listRegulations(db);
    await linkReplacedTexts(db, replacedTextIds(library.map((r) => ({ id: r.id, title: r.title, issuedOn: r.issued_on }))), now);
  }
  return outcomes;
}
