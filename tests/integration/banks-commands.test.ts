import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import Database from "better-sqlite3";

import { rawBank, toYaml, uniqueSlug, withQuestion } from "../support/bank-fixtures";

const tsx = path.resolve("node_modules/.bin/tsx");
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-bank-cli-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(tsx, [script, ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: result.status, out: result.stdout + result.stderr };
}

describe("npm run banks:import", () => {
  test("prints new version / unchanged / refused per file, and exits non-zero when any file failed", () => {
    const dbFile = path.join(dir, "cli.db");
    const slug = uniqueSlug();
    const good = path.join(dir, "good.yaml");
    const bad = path.join(dir, "bad.yaml");
    fs.writeFileSync(good, toYaml(rawBank({ bank: slug })));
    fs.writeFileSync(bad, toYaml(withQuestion(rawBank({ bank: uniqueSlug() }), 0, { difficulty: 8 })));

    const first = run("scripts/banks-import.ts", [good, bad], { DATABASE_PATH: dbFile });
    expect(first.code).toBe(1);
    expect(first.out).toContain("good.yaml: 新版本：《测试题库》第 1 版，5 题");
    expect(first.out).toContain("bad.yaml: 已拒绝：有 1 处错误");
    expect(first.out).toContain("bad.yaml: q001: difficulty: 应为 1–5 的整数，实际为 8");

    const again = run("scripts/banks-import.ts", [good], { DATABASE_PATH: dbFile });
    expect(again.code).toBe(0);
    expect(again.out).toContain("good.yaml: 未变化");

    fs.writeFileSync(good, toYaml(withQuestion(rawBank({ bank: slug }), 0, { answer: "C" })));
    const changed = run("scripts/banks-import.ts", [good], { DATABASE_PATH: dbFile });
    expect(changed.code).toBe(1);
    expect(changed.out).toContain("good.yaml: 已拒绝：《测试题库》第 1 版已经导入过，内容已变化，请提高版本号");

    const sqlite = new Database(dbFile, { readonly: true });
    try {
      expect(sqlite.prepare("select count(*) as n from bank_versions").get()).toEqual({ n: 1 });
    } finally {
      sqlite.close();
    }
  });

  test("with no arguments it imports every bundled bank", () => {
    const result = run("scripts/banks-import.ts", [], { DATABASE_PATH: path.join(dir, "bundled.db") });
    expect(result.code).toBe(0);
    const files = fs.readdirSync("question-banks").filter((f) => f.endsWith(".yaml")).length;
    expect(result.out).toContain(`共 ${files} 个文件：新版本 ${files}，未变化 0，已拒绝 0`);
  });
});

describe("npm run banks:check-references", () => {
  test("passes when every cited article is in the text, and lists the ones that are not", () => {
    const texts = path.join(dir, "texts");
    fs.mkdirSync(texts);
    const bankFile = path.join(dir, "ref.yaml");
    fs.writeFileSync(bankFile, toYaml(rawBank({ bank: uniqueSlug(), source: "mini-law" })));
    const articles = ["第四条 ……", "第十条 ……", "　　第十九条 ……", "第五十五条 ……"];
    fs.writeFileSync(path.join(texts, "mini-law.md"), articles.join("\n"));
    const ok = run("scripts/banks-check-references.ts", [texts, bankFile]);
    expect(ok.out).toContain("5 题的依据都在 mini-law.md 中");
    expect(ok.code).toBe(0);

    fs.writeFileSync(path.join(texts, "mini-law.md"), articles.filter((a) => !a.startsWith("第十条")).join("\n"));
    const missing = run("scripts/banks-check-references.ts", [texts, bankFile]);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain("ref.yaml: q001: reference: 原文中没有第十条（依据：第十条第二款）");
    expect(missing.out).toContain("ref.yaml: q004: reference: 原文中没有第十条");
  });

  test.skipIf(!fs.existsSync("../shared/regulations"))("the bundled banks pass against ../shared/regulations", () => {
    const result = run("scripts/banks-check-references.ts", ["../shared/regulations"]);
    expect(result.out).toContain("全部通过");
    expect(result.code).toBe(0);
  });
});
