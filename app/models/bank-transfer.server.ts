/**
 * Bank files in and out: an upload or a file on disk becomes a version (or a precise
 * refusal), the bundled banks are imported at start-up, versions are exported. Every
 * upload, refusal, import and export is audited; an unchanged re-import is not news.
 */
import fs from "node:fs";
import path from "node:path";

import type { DB } from "../../db/client";
import type { BankOrigin } from "../../db/schema";
import type { BankProblem } from "~/domain/banks/problems";
import { bankToYaml } from "~/domain/banks/yaml";
import { bankXlsx, readBankFile, YAML_TYPE } from "~/utils/bank-files.server";
import { XLSX_TYPE } from "~/utils/roster-files.server";

import { recordAudit } from "./audit.server";
import { BankImportRefusedError, type BankImportOutcome, importBankVersion, loadBank } from "./banks.server";

export type BankFileOutcome =
  | { status: "created" | "unchanged"; fileName: string; result: BankImportOutcome }
  | { status: "invalid"; fileName: string; problems: BankProblem[] }
  | { status: "refused"; fileName: string; slug: string; version: number; message: string };

/** Reads, validates and imports one bank file; nothing is written unless it all holds. */
export async function importBankFile(
  db: DB,
  input: { fileName: string; bytes: Uint8Array; origin: BankOrigin; actorId: number | null; ip: string | null; now: Date },
): Promise<BankFileOutcome> {
  const audit = (action: "bank.import" | "bank.upload" | "bank.refused", target: string, detail: Record<string, unknown>) =>
    recordAudit(db, { actorId: input.actorId, action, target, detail: { origin: input.origin, ...detail }, ip: input.ip, now: input.now });

  const validation = await readBankFile(input.fileName, input.bytes);
  if (!validation.ok) {
    await audit("bank.refused", input.fileName, { problems: validation.problems.length, first: validation.problems[0]?.message.slice(0, 300) });
    return { status: "invalid", fileName: input.fileName, problems: validation.problems };
  }
  const { bank } = validation;
  const target = `${bank.bank}@${bank.version}`;
  let result: BankImportOutcome;
  try {
    result = await importBankVersion(db, { bank, origin: input.origin, fileName: input.fileName, actorId: input.actorId, now: input.now });
  } catch (error) {
    if (!(error instanceof BankImportRefusedError)) throw error;
    await audit("bank.refused", target, { file: input.fileName, reason: error.message });
    return { status: "refused", fileName: input.fileName, slug: bank.bank, version: bank.version, message: error.message };
  }
  const detail = { file: input.fileName, status: result.status, questions: result.questionCount, previousVersion: result.previousVersion };
  if (input.origin === "upload") await audit("bank.upload", target, detail);
  else if (result.status === "created") await audit("bank.import", target, detail);
  return { status: result.status, fileName: input.fileName, result };
}

/** One line for people: 新版本 / 未变化 / 已拒绝 and why. */
export function describeOutcome(outcome: BankFileOutcome): string {
  switch (outcome.status) {
    case "created": {
      const { result } = outcome;
      const after = result.previousVersion === null ? "新题库" : `上一版为第 ${result.previousVersion} 版`;
      return `${outcome.fileName}: 新版本：《${result.title}》第 ${result.version} 版，${result.questionCount} 题（${after}）`;
    }
    case "unchanged":
      return `${outcome.fileName}: 未变化：《${outcome.result.title}》第 ${outcome.result.version} 版已导入，内容相同`;
    case "refused":
      return `${outcome.fileName}: 已拒绝：${outcome.message}`;
    case "invalid":
      return [`${outcome.fileName}: 已拒绝：有 ${outcome.problems.length} 处错误，未导入任何内容`, ...outcome.problems.map((p) => `  ${p.message}`)].join("\n");
  }
}

/** The folder of bundled banks: KAOXUE_BANKS_DIR, relative to the working directory. */
export function bundledBanksDir(dir: string | undefined): string {
  return path.resolve(process.cwd(), dir ?? "question-banks");
}

export function listBankFiles(folder: string): string[] {
  return fs
    .readdirSync(folder)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => path.join(folder, f));
}

type Log = Pick<Console, "log" | "error">;

/**
 * Imports every bundled bank file at start-up. Idempotent and quick when nothing changed
 * (one hash comparison per file). A bad file is logged and skipped: it never stops the server.
 */
export async function importBundledBanks(db: DB, dir: string | undefined, now: Date, log: Log = console): Promise<BankFileOutcome[]> {
  const folder = bundledBanksDir(dir);
  let files: string[];
  try {
    files = listBankFiles(folder);
  } catch (error) {
    log.error(`读取内置题库目录 ${folder} 失败（KAOXUE_BANKS_DIR），未导入题库，服务照常启动`, error);
    return [];
  }
  const outcomes: BankFileOutcome[] = [];
  for (const file of files) {
    try {
      const outcome = await importBankFile(db, {
        fileName: path.basename(file),
        bytes: fs.readFileSync(file),
        origin: "bundled",
        actorId: null,
        ip: null,
        now,
      });
      outcomes.push(outcome);
      if (outcome.status === "created") log.log(`内置题库 ${describeOutcome(outcome)}`);
      else if (outcome.status !== "unchanged") log.error(`内置题库未导入（服务照常启动）：${describeOutcome(outcome)}`);
    } catch (error) {
      log.error(`内置题库 ${path.basename(file)} 导入时出错（服务照常启动）`, error);
    }
  }
  return outcomes;
}

export type BankExport = { fileName: string; contentType: string; body: string | Uint8Array<ArrayBuffer> };

/** A stored version as YAML or as the Excel template; audited. Undefined when there is no such version. */
export async function exportBankFile(
  db: DB,
  input: { slug: string; version: number; format: "yaml" | "xlsx"; actorId: number; ip: string | null; now: Date },
): Promise<BankExport | undefined> {
  const bank = await loadBank(db, input.slug, input.version);
  if (!bank) return undefined;
  const fileName = `${bank.bank}-v${bank.version}.${input.format}`;
  const body = input.format === "yaml" ? bankToYaml(bank) : await bankXlsx(bank);
  await recordAudit(db, {
    actorId: input.actorId,
    action: "bank.export",
    target: `${bank.bank}@${bank.version}`,
    detail: { format: input.format, questions: bank.questions.length },
    ip: input.ip,
    now: input.now,
  });
  return { fileName, contentType: input.format === "yaml" ? YAML_TYPE : XLSX_TYPE, body };
}
