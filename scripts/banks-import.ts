// `npm run banks:import [files…]`: import bank files into the database at DATABASE_PATH
// (migrated first). Default: every .yaml in question-banks/ (or KAOXUE_BANKS_DIR). Prints
// what happened to each file; exits 1 when any file was refused.
import fs from "node:fs";
import path from "node:path";

import { migrateToLatest, openDatabase } from "../db/client";
import { bundledBanksDir, describeOutcome, importBankFile, listBankFiles } from "../app/models/bank-transfer.server";
import { getEnv } from "../app/utils/env.server";

const env = getEnv();
const args = process.argv.slice(2);
const files = args.length
  ? args.flatMap((arg) => (fs.existsSync(arg) && fs.statSync(arg).isDirectory() ? listBankFiles(arg) : [arg]))
  : listBankFiles(bundledBanksDir(env.KAOXUE_BANKS_DIR));

const db = openDatabase(env.DATABASE_PATH);
const tally = { created: 0, unchanged: 0, failed: 0 };
try {
  await migrateToLatest(db);
  for (const file of files) {
    if (!fs.existsSync(file)) {
      console.log(`${file}: 已拒绝：文件不存在`);
      tally.failed++;
      continue;
    }
    const outcome = await importBankFile(db, {
      fileName: path.basename(file),
      bytes: fs.readFileSync(file),
      origin: "cli",
      actorId: null,
      ip: null,
      now: new Date(),
    });
    console.log(describeOutcome(outcome));
    if (outcome.status === "created") tally.created++;
    else if (outcome.status === "unchanged") tally.unchanged++;
    else tally.failed++;
  }
} finally {
  await db.destroy();
}
console.log(`共 ${files.length} 个文件：新版本 ${tally.created}，未变化 ${tally.unchanged}，已拒绝 ${tally.failed}`);
process.exitCode = tally.failed > 0 || files.length === 0 ? 1 : 0;
