// `npm run banks:check-references -- <folder> [bank files…]`: every article a question cites
// (第…条 in `reference`) must begin a line of the official text <folder>/<source>.md of its
// bank. Banks without `source` are skipped. Prints every miss; exits 1 if there is any.
import fs from "node:fs";
import path from "node:path";

import { bundledBanksDir, listBankFiles } from "../app/models/bank-transfer.server";
import { checkReferences } from "../app/domain/banks/references";
import { parseBankYaml } from "../app/domain/banks/yaml";
import { getEnv } from "../app/utils/env.server";

const [folder, ...bankArgs] = process.argv.slice(2);
if (!folder || !fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
  console.error("用法：npm run banks:check-references -- <法规原文目录> [题库文件…]");
  process.exit(2);
}
const files = bankArgs.length ? bankArgs : listBankFiles(bundledBanksDir(getEnv().KAOXUE_BANKS_DIR));

let failures = 0;
let checked = 0;
for (const file of files) {
  const name = path.basename(file);
  const parsed = parseBankYaml(name, fs.readFileSync(file, "utf8"));
  if (!parsed.ok) {
    for (const p of parsed.problems) console.log(p.message);
    failures += parsed.problems.length;
    continue;
  }
  const { bank } = parsed;
  if (!bank.source) {
    console.log(`${name}: 没有 source（原文文件），跳过`);
    continue;
  }
  const textFile = path.join(folder, `${bank.source}.md`);
  if (!fs.existsSync(textFile)) {
    console.log(`${name}: source: 找不到原文 ${textFile}`);
    failures++;
    continue;
  }
  const problems = checkReferences(bank, fs.readFileSync(textFile, "utf8"));
  for (const p of problems) console.log(`${name}: ${p.questionId}: reference: ${p.message}`);
  failures += problems.length;
  checked += bank.questions.length;
  if (problems.length === 0) console.log(`${name}: ${bank.questions.length} 题的依据都在 ${bank.source}.md 中`);
}
console.log(failures ? `发现 ${failures} 处问题` : `全部通过（共核对 ${checked} 题）`);
process.exitCode = failures > 0 ? 1 : 0;
