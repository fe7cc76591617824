import fs from "node:fs";

import ExcelJS from "exceljs";

import type { DB } from "../../db/client";
import { importBankFile, exportBankFile } from "~/models/bank-transfer.server";
import { diffBankVersions, listVersionQuestions, getBankVersion } from "~/models/banks.server";
import { bankTemplateXlsx } from "~/utils/bank-files.server";

import { rawBank, toYaml, uniqueSlug, withQuestion } from "../support/bank-fixtures";
import { createTestDatabase, makeOrg, makeUser } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;
let organizerId: number;
beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
  const org = await makeOrg(db, "题库测试党委", null, "party_committee");
  organizerId = (await makeUser(db, { orgId: org.id, role: "organizer", scopeOrgId: org.id })).id;
});
afterAll(() => cleanup());

function upload(fileName: string, bytes: Uint8Array) {
  return importBankFile(db, { fileName, bytes, origin: "upload", actorId: organizerId, ip: "127.0.0.1", now: new Date() });
}

async function exportAs(slug: string, version: number, format: "yaml" | "xlsx") {
  const file = await exportBankFile(db, { slug, version, format, actorId: organizerId, ip: "127.0.0.1", now: new Date() });
  if (!file) throw new Error("no such version");
  return typeof file.body === "string" ? Buffer.from(file.body) : Buffer.from(file.body);
}

async function editWorkbook(bytes: Uint8Array, edit: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  edit(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function setVersion(workbook: ExcelJS.Workbook, version: number) {
  const info = workbook.getWorksheet("题库信息")!;
  info.eachRow((row) => {
    if (row.getCell(1).value === "版本") row.getCell(2).value = version;
  });
}

async function hashesOf(slug: string, version: number) {
  const info = await getBankVersion(db, slug, version);
  return (await listVersionQuestions(db, info!.versionId)).map((q) => [q.question.id, q.contentHash]);
}

async function bankRowCount() {
  return Number((await db.selectFrom("bank_versions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
}

describe("uploading and exporting banks", () => {
  test("export → upload as the next version changes no question, as .xlsx and as YAML", async () => {
    const slug = uniqueSlug();
    // A stem that looks like a formula must stay text through the spreadsheet.
    const v1 = withQuestion(rawBank({ bank: slug }), 2, { stem: "=SUM(A1:A3) 在题干开头时不会被当作公式。" });
    expect((await upload(`${slug}.yaml`, Buffer.from(toYaml(v1)))).status).toBe("created");

    const xlsx = await exportAs(slug, 1, "xlsx");
    const check = new ExcelJS.Workbook();
    await check.xlsx.load(xlsx as unknown as ArrayBuffer);
    const stemCell = check.getWorksheet("试题")!.getRow(4).getCell(3);
    expect(stemCell.type).toBe(ExcelJS.ValueType.String);
    expect(stemCell.value).toBe("=SUM(A1:A3) 在题干开头时不会被当作公式。");

    const asV2 = await editWorkbook(xlsx, (wb) => setVersion(wb, 2));
    const second = await upload(`${slug}-v2.xlsx`, asV2);
    expect(second).toMatchObject({ status: "created", result: { version: 2, previousVersion: 1 } });
    expect(await hashesOf(slug, 2)).toEqual(await hashesOf(slug, 1));
    expect((await getBankVersion(db, slug, 2))?.contentHash).toBe((await getBankVersion(db, slug, 1))?.contentHash);
    const diff = await diffBankVersions(db, slug, 1, 2);
    expect(diff?.diff).toMatchObject({ added: [], removed: [], changed: [], unchangedCount: 5, metaChanged: [] });

    const yaml = (await exportAs(slug, 2, "yaml")).toString("utf8");
    expect(yaml).toContain(`bank: ${slug}\n`);
    const third = await upload(`${slug}.yaml`, Buffer.from(yaml.replace(/^version: 2$/m, "version: 3")));
    expect(third.status).toBe("created");
    expect(await hashesOf(slug, 3)).toEqual(await hashesOf(slug, 1));

    const actions = await db.selectFrom("audit_log").select(["action", "target"]).where("target", "like", `${slug}@%`).orderBy("id").execute();
    expect(actions.map((a) => `${a.action} ${a.target}`)).toEqual([
      `bank.upload ${slug}@1`,
      `bank.export ${slug}@1`,
      `bank.upload ${slug}@2`,
      `bank.export ${slug}@2`,
      `bank.upload ${slug}@3`,
    ]);
  });

  test("every bundled bank survives export to .xlsx and upload as the next version", async () => {
    for (const file of fs.readdirSync("question-banks").filter((f) => f.endsWith(".yaml"))) {
      const text = fs.readFileSync(`question-banks/${file}`, "utf8");
      const slug = /^bank: (.+)$/m.exec(text)![1];
      const version = Number(/^version: (\d+)$/m.exec(text)![1]);
      expect((await upload(file, Buffer.from(text))).status, file).toMatch(/created|unchanged/);
      const xlsx = await exportAs(slug, version, "xlsx");
      const outcome = await upload(`${slug}.xlsx`, await editWorkbook(xlsx, (wb) => setVersion(wb, version + 1)));
      expect(outcome.status === "invalid" ? outcome.problems.map((p) => p.message) : outcome.status, file).toBe("created");
      expect(await hashesOf(slug, version + 1), file).toEqual(await hashesOf(slug, version));
    }
  });

  test("an Excel file with bad rows reports each row and writes nothing", async () => {
    const slug = uniqueSlug();
    const template = await bankTemplateXlsx();
    const bad = await editWorkbook(template, (wb) => {
      const info = wb.getWorksheet("题库信息")!;
      info.getRow(2).getCell(2).value = slug;
      info.getRow(3).getCell(2).value = "错误示例题库";
      info.getRow(5).getCell(2).value = "某条例";
      const sheet = wb.getWorksheet("试题")!;
      // 题目编号 题型 题干 选项A–H 答案 解析 依据 知识点 难度 评分要点
      sheet.addRow(["a1", "单选", "第一题？", "是", "否", "", "", "", "", "", "", "A", "", "第一条", "总则", 1, ""]);
      sheet.addRow(["a2", "单选", "第二题？", "是", "否", "", "", "", "", "", "", "D", "", "第二条", "总则", 1, ""]);
      sheet.addRow(["a3", "判断", "", "", "", "", "", "", "", "", "", "对", "", "第三条", "总则", 1, ""]);
      sheet.addRow(["a4", "填空", "第____空。", "", "", "", "", "", "", "", "", "一|二", "", "第四条", "总则", 7, ""]);
    });
    const before = await bankRowCount();
    const outcome = await upload("错误示例.xlsx", bad);
    expect(outcome.status).toBe("invalid");
    if (outcome.status !== "invalid") return;
    expect(outcome.problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [3, "答案", "answer_out_of_range"],
      [4, "题干", "empty_stem"],
      [5, "答案", "blank_count_mismatch"],
      [5, "难度", "difficulty_out_of_range"],
    ]);
    expect(outcome.problems[0].message).toBe("错误示例.xlsx: 第 3 行（a2）: 答案: 应为选项 A–B 中的字母，实际为 “D”（没有选项 D）");
    expect(await bankRowCount()).toBe(before);
    expect(await db.selectFrom("banks").select("id").where("slug", "=", slug).executeTakeFirst()).toBeUndefined();
    const audit = await db.selectFrom("audit_log").select(["action", "detail"]).where("target", "=", "错误示例.xlsx").execute();
    expect(audit.map((a) => a.action)).toEqual(["bank.refused"]);
    expect(JSON.parse(audit[0].detail!)).toMatchObject({ origin: "upload", problems: 4 });
  });

  test("the template as downloaded, filled in, imports", async () => {
    const slug = uniqueSlug();
    const filled = await editWorkbook(await bankTemplateXlsx(), (wb) => {
      const info = wb.getWorksheet("题库信息")!;
      info.getRow(2).getCell(2).value = slug;
      info.getRow(3).getCell(2).value = "模板题库";
      info.getRow(5).getCell(2).value = "某条例";
      wb.getWorksheet("试题")!.addRow(["", "判断", "模板可以直接填写。", "", "", "", "", "", "", "", "", "√", "", "第一条", "", 1, ""]);
    });
    const outcome = await upload("模板.xlsx", filled);
    expect(outcome.status === "invalid" ? outcome.problems.map((p) => p.message) : outcome.status).toBe("created");
    const stored = await listVersionQuestions(db, (await getBankVersion(db, slug, 1))!.versionId);
    expect(stored.map((s) => s.question)).toEqual([
      { id: "q001", type: "judge", stem: "模板可以直接填写。", answer: true, explanation: "", reference: "第一条", tags: [], difficulty: 1 },
    ]);
  });

  test("files that are not banks are refused with a reason", async () => {
    const before = await bankRowCount();
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ["bank.xlsx", Buffer.from("not a zip"), /无法读取该 Excel 文件/],
      ["bank.csv", Buffer.from("a,b"), /只支持 YAML/],
      ["bank.yaml", Buffer.from([0xff, 0xfe, 0x00]), /UTF-8/],
      ["bank.yaml", Buffer.alloc(0), /文件是空的/],
    ];
    for (const [name, bytes, message] of cases) {
      const outcome = await upload(name, bytes);
      expect(outcome.status, name).toBe("invalid");
      if (outcome.status === "invalid") expect(outcome.problems[0].message, name).toMatch(message);
    }
    expect(await bankRowCount()).toBe(before);
  });
});
