import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { sql } from "kysely";

import type { DB } from "../../db/client";
import { questionHash } from "~/domain/banks/hash";
import type { Bank } from "~/domain/banks/types";
import { validateBankData } from "~/domain/banks/validate";
import { type BankFileOutcome, importBankFile, importBundledBanks } from "~/models/bank-transfer.server";
import {
  BankVersionConflictError,
  diffBankVersions,
  importBankVersion,
  listBanks,
  listBankVersions,
  listVersionQuestions,
  loadBank,
} from "~/models/banks.server";
import { startApp } from "~/startup.server";

import { rawBank, type RawBank, rawQuestions, toYaml, uniqueSlug, withQuestion } from "../support/bank-fixtures";
import { createTestDatabase } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

const silent = { log: () => {}, error: () => {} };

function importYaml(raw: RawBank, fileName = `${String(raw.bank)}.yaml`): Promise<BankFileOutcome> {
  return importBankFile(db, { fileName, bytes: Buffer.from(toYaml(raw)), origin: "cli", actorId: null, ip: null, now: new Date() });
}

function valid(raw: RawBank): Bank {
  const result = validateBankData("x.yaml", raw);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.bank;
}

async function countsFor(slug: string) {
  const row = await db
    .selectFrom("banks")
    .leftJoin("bank_versions", "bank_versions.bank_id", "banks.id")
    .leftJoin("bank_questions", "bank_questions.version_id", "bank_versions.id")
    .select((eb) => [
      eb.fn.count<number>("bank_versions.id").distinct().as("versions"),
      eb.fn.count<number>("bank_questions.id").as("questions"),
    ])
    .where("banks.slug", "=", slug)
    .executeTakeFirst();
  return { versions: Number(row?.versions ?? 0), questions: Number(row?.questions ?? 0) };
}

async function totalRows() {
  const n = async (table: "banks" | "bank_versions" | "bank_questions") =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return { banks: await n("banks"), versions: await n("bank_versions"), questions: await n("bank_questions") };
}

async function auditFor(target: string) {
  return db.selectFrom("audit_log").select(["action", "detail"]).where("target", "=", target).orderBy("id").execute();
}

describe("importing bank versions (invariant 1)", () => {
  test("v1 → v1 again is a no-op → v1 changed is refused and writes nothing → v2 is new, and v1 stays as it was", async () => {
    const slug = uniqueSlug();
    const v1 = rawBank({ bank: slug });

    const first = await importYaml(v1);
    expect(first).toMatchObject({ status: "created", result: { version: 1, previousVersion: null, questionCount: 5 } });
    expect(await countsFor(slug)).toEqual({ versions: 1, questions: 5 });
    const storedV1 = await loadBank(db, slug, 1);
    expect(storedV1).toEqual(valid(v1));

    // The same content, keys in another order and laid out differently: nothing happens.
    const relaid = Object.fromEntries(Object.entries(v1).reverse()) as RawBank;
    const again = await importBankFile(db, {
      fileName: `${slug}.yaml`,
      bytes: Buffer.from(toYaml(relaid).replace(/\n/g, "\n\n")),
      origin: "cli",
      actorId: null,
      ip: null,
      now: new Date(),
    });
    expect(again).toMatchObject({ status: "unchanged", result: { version: 1 } });
    expect(await countsFor(slug)).toEqual({ versions: 1, questions: 5 });

    const changed = await importYaml(withQuestion(v1, 0, { answer: "B" }));
    expect(changed.status).toBe("refused");
    if (changed.status === "refused") expect(changed.message).toContain("内容已变化，请提高版本号");
    expect(await countsFor(slug)).toEqual({ versions: 1, questions: 5 });
    expect(await loadBank(db, slug, 1)).toEqual(storedV1);

    const v2 = withQuestion(rawBank({ bank: slug, version: 2 }), 0, { answer: "B" });
    const second = await importYaml(v2);
    expect(second).toMatchObject({ status: "created", result: { version: 2, previousVersion: 1 } });
    expect(await countsFor(slug)).toEqual({ versions: 2, questions: 10 });
    expect(await loadBank(db, slug, 1)).toEqual(storedV1);
    expect(await loadBank(db, slug, 2)).toEqual(valid(v2));

    const history = await listBankVersions(db, slug);
    expect(history.map((h) => [h.version, h.changes])).toEqual([
      [2, { added: 0, removed: 0, changed: 1 }],
      [1, null],
    ]);
    expect(history[0]).toMatchObject({ origin: "cli", fileName: `${slug}.yaml`, questionCount: 5, importedBy: null });

    const audit = await auditFor(`${slug}@1`);
    expect(audit.map((a) => a.action)).toEqual(["bank.import", "bank.refused"]);
    expect(JSON.parse(audit[1].detail ?? "{}").reason).toContain("请提高版本号");
  });

  test("the model refuses a changed version with a named error", async () => {
    const slug = uniqueSlug();
    await importBankVersion(db, { bank: valid(rawBank({ bank: slug })), origin: "cli", fileName: null, actorId: null, now: new Date() });
    await expect(
      importBankVersion(db, { bank: valid(rawBank({ bank: slug, title: "改名" })), origin: "cli", fileName: null, actorId: null, now: new Date() }),
    ).rejects.toBeInstanceOf(BankVersionConflictError);
  });

  test("a version lower than the newest is refused; re-importing an old version unchanged is still a no-op", async () => {
    const slug = uniqueSlug();
    await importYaml(rawBank({ bank: slug, version: 1 }));
    await importYaml(withQuestion(rawBank({ bank: slug, version: 3 }), 2, { answer: true }));
    const lower = await importYaml(withQuestion(rawBank({ bank: slug, version: 2 }), 2, { stem: "新题干。" }));
    expect(lower.status).toBe("refused");
    if (lower.status === "refused") expect(lower.message).toMatch(/已有第 3 版，不能导入更低的第 2 版/);
    expect(await countsFor(slug)).toEqual({ versions: 2, questions: 10 });
    expect((await importYaml(rawBank({ bank: slug, version: 1 }))).status).toBe("unchanged");
  });

  test("the diff of v1 → v2 lists exactly the added, removed and changed questions", async () => {
    const slug = uniqueSlug();
    const [single, multiple, judge, fill, essay] = rawQuestions();
    await importYaml(rawBank({ bank: slug, questions: [single, multiple, judge, fill] }));
    await importYaml(
      rawBank({
        bank: slug,
        version: 2,
        questions: [single, { ...multiple, options: ["森林资源保护发展目标", "森林防火工作", "重大林业有害生物防治工作", "林木采伐计划"] }, fill, essay, { ...judge, id: "q009" }],
      }),
    );
    const result = await diffBankVersions(db, slug, 1, 2);
    expect(result).toBeDefined();
    const { diff } = result!;
    expect(diff.added.map((q) => q.id)).toEqual(["q005", "q009"]);
    expect(diff.removed.map((q) => q.id)).toEqual(["q003"]);
    expect(diff.changed.map((c) => [c.id, c.fields])).toEqual([["q002", ["options"]]]);
    expect(diff.unchangedCount).toBe(2);
    expect(await diffBankVersions(db, slug, 1, 7)).toBeUndefined();
  });

  test("a failure while storing a version leaves nothing behind", async () => {
    const slug = uniqueSlug();
    // A database that fails on the last question row, after the bank and version rows were written.
    await sql`create trigger fail_boom before insert on bank_questions when new.stem = 'BOOM' begin select raise(abort, 'boom'); end`.execute(db);
    try {
      const raw = withQuestion(rawBank({ bank: slug }), 4, { stem: "BOOM" });
      const before = await totalRows();
      await expect(importYaml(raw)).rejects.toThrow(/boom/);
      expect(await totalRows()).toEqual(before);
    } finally {
      await sql`drop trigger fail_boom`.execute(db);
    }
  });

  test("an invalid file writes nothing and is audited as refused", async () => {
    const slug = uniqueSlug();
    const before = await totalRows();
    const outcome = await importYaml(withQuestion(rawBank({ bank: slug }), 1, { answer: "AZ" }), "bad.yaml");
    expect(outcome.status).toBe("invalid");
    if (outcome.status === "invalid") expect(outcome.problems.map((p) => p.code)).toEqual(["answer_out_of_range"]);
    expect(await totalRows()).toEqual(before);
    expect((await auditFor("bad.yaml")).map((a) => a.action)).toEqual(["bank.refused"]);
  });

  test("questions of a version can be filtered by type, knowledge point, difficulty and text", async () => {
    const slug = uniqueSlug();
    const outcome = await importYaml(rawBank({ bank: slug }));
    if (outcome.status !== "created") throw new Error(outcome.status);
    const versionId = outcome.result.versionId;
    const ids = async (filter: Parameters<typeof listVersionQuestions>[2]) => (await listVersionQuestions(db, versionId, filter)).map((q) => q.question.id);
    expect(await ids({})).toEqual(["q001", "q002", "q003", "q004", "q005"]);
    expect(await ids({ type: "judge" })).toEqual(["q003"]);
    expect(await ids({ tag: "造林绿化" })).toEqual(["q001", "q004"]);
    expect(await ids({ tag: "造林" })).toEqual([]);
    expect(await ids({ difficulty: 2 })).toEqual(["q002", "q003"]);
    expect(await ids({ q: "植树节" })).toEqual(["q001", "q004"]);
    expect(await ids({ q: "森林防火" })).toEqual(["q002"]);
    expect(await ids({ q: "100%_" })).toEqual([]);
    const stored = await listVersionQuestions(db, versionId);
    expect(stored.map((s) => s.contentHash)).toEqual(stored.map((s) => questionHash(s.question)));
  });
});

describe("the bundled banks", () => {
  test("all four import cleanly, then import again as a no-op", async () => {
    const first = await importBundledBanks(db, "question-banks", new Date(), silent);
    expect(first.map((o) => [o.fileName, o.status])).toEqual([
      ["jianchafa-2024.yaml", "created"],
      ["jilv-chufen-tiaoli-2023.yaml", "created"],
      ["senlinfa-2019.yaml", "created"],
      ["zhengwu-chufenfa-2020.yaml", "created"],
    ]);
    const banks = await listBanks(db);
    const senlinfa = banks.find((b) => b.bank === "senlinfa-2019");
    const fileVersion = Number(/^version: (\d+)$/m.exec(fs.readFileSync("question-banks/senlinfa-2019.yaml", "utf8"))![1]);
    expect(senlinfa).toMatchObject({ title: "中华人民共和国森林法（2019年修订）", version: fileVersion, versionCount: 1 });
    expect(senlinfa!.countsByType).toEqual({ single: 26, multiple: 9, judge: 8, fill: 4, essay: 2 });
    expect(senlinfa!.tags.map((t) => t.tag)).toContain("森林防火");
    for (const slug of ["jianchafa-2024", "jilv-chufen-tiaoli-2023", "zhengwu-chufenfa-2020"]) {
      const bank = banks.find((b) => b.bank === slug)!;
      expect(bank.questionCount, slug).toBeGreaterThanOrEqual(40);
      for (const type of ["single", "multiple", "judge", "fill", "essay"] as const) expect(bank.countsByType[type], `${slug} ${type}`).toBeGreaterThan(0);
    }

    const rows = await totalRows();
    const audits = Number((await db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const second = await importBundledBanks(db, "question-banks", new Date(), silent);
    expect(second.map((o) => o.status)).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);
    expect(await totalRows()).toEqual(rows);
    expect(Number((await db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n)).toBe(audits);
  });

  test("a bad bundled file is logged and skipped; the others are imported and the server starts", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-banks-"));
    const slug = uniqueSlug();
    fs.writeFileSync(path.join(dir, "a-broken.yaml"), "bank: broken\ntitle: [\n");
    fs.writeFileSync(path.join(dir, "b-good.yaml"), toYaml(rawBank({ bank: slug })));
    const errors: string[] = [];
    const outcomes = await importBundledBanks(db, dir, new Date(), { log: () => {}, error: (line: string) => errors.push(line) });
    expect(outcomes.map((o) => o.status)).toEqual(["invalid", "created"]);
    expect(errors.join("\n")).toMatch(/a-broken\.yaml.*YAML 语法错误/s);

    const dbFile = path.join(dir, "start.db");
    const runtime = await startApp({
      DATABASE_PATH: dbFile,
      KAOXUE_DEMO: "0",
      KAOXUE_TIME_ZONE: "Asia/Shanghai",
      KAOXUE_ALLOWED_ORIGINS: "",
      KAOXUE_BANKS_DIR: dir,
      NODE_ENV: "test",
    });
    try {
      expect((await listBanks(runtime.db)).map((b) => b.bank)).toEqual([slug]);
    } finally {
      await runtime.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
