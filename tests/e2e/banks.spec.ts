import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import ExcelJS from "exceljs";

import { expect, test } from "./support/fixtures";

const SENLINFA = "中华人民共和国森林法（2019年修订）";

test("an organizer exports a bundled bank, uploads a changed next version, sees it in the history and opens the diff", async ({ page, signIn }) => {
  await signIn("B0001");
  await page.goto("/");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "题库" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "题库" })).toBeVisible();
  await page.getByRole("link", { name: SENLINFA }).click();
  await expect(page.getByRole("heading", { level: 1, name: SENLINFA })).toBeVisible();

  // The newest version, as the Excel template.
  const history = page.getByRole("table", { name: "版本历史" });
  const [download] = await Promise.all([page.waitForEvent("download"), history.getByRole("row").nth(1).getByRole("link", { name: "Excel" }).click()]);
  const exported = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-e2e-bank-")), "senlinfa.xlsx");
  await download.saveAs(exported);

  // Change one question's stem and bump the version, as an organizer would in Excel.
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(exported);
  let version = 0;
  workbook.getWorksheet("题库信息")!.eachRow((row) => {
    if (row.getCell(1).value === "版本") {
      version = Number(row.getCell(2).value) + 1;
      row.getCell(2).value = version;
    }
  });
  const questions = workbook.getWorksheet("试题")!;
  let changedId = "";
  let oldStem = "";
  questions.eachRow((row, n) => {
    if (n === 4) {
      changedId = String(row.getCell(1).value);
      oldStem = String(row.getCell(3).value);
      row.getCell(3).value = `${oldStem}（第 ${version} 版修订）`;
    }
  });
  expect(version).toBeGreaterThan(1);
  const edited = exported.replace(".xlsx", `-v${version}.xlsx`);
  await workbook.xlsx.writeFile(edited);

  await page.getByRole("link", { name: "上传新版本" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "上传题库" })).toBeVisible();
  await page.getByLabel("题库文件").setInputFiles(edited);
  await page.getByRole("button", { name: "上传并导入" }).click();
  await expect(page.getByRole("status")).toContainText(`已导入《${SENLINFA}》第 ${version} 版`);

  await page.getByRole("link", { name: "查看版本历史" }).click();
  const newest = page.getByRole("table", { name: "版本历史" }).getByRole("row").nth(1);
  await expect(newest).toContainText(`第 ${version} 版`);
  await expect(newest).toContainText("页面上传");
  await expect(newest).toContainText("新增 0 · 删除 0 · 修改 1");

  await newest.getByRole("link", { name: `第 ${version - 1} 版与第 ${version} 版的差异` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `版本差异：第 ${version - 1} 版 → 第 ${version} 版` })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("新增 0 题，删除 0 题，修改 1 题");
  const changed = page.getByRole("article", { name: `修改的试题 ${changedId}` });
  await expect(changed).toContainText("修改了：题干");
  const sideBySide = changed.getByRole("table", { name: `${changedId} 的修改` });
  await expect(sideBySide.getByRole("columnheader", { name: `第 ${version - 1} 版` })).toBeVisible();
  await expect(sideBySide.getByRole("columnheader", { name: `第 ${version} 版` })).toBeVisible();
  const stemRow = sideBySide.getByRole("row", { name: /题干/ });
  await expect(stemRow.getByRole("cell").nth(0)).toHaveText(oldStem);
  await expect(stemRow.getByRole("cell").nth(1)).toHaveText(`${oldStem}（第 ${version} 版修订）`);
});

test("an upload with mistakes lists them by question and imports nothing", async ({ page, signIn }) => {
  await signIn("B0001");
  await page.goto("/manage/banks/upload");
  const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-e2e-bank-")), "bad.yaml");
  fs.writeFileSync(
    bad,
    [
      "bank: e2e-bad-bank",
      "title: 有错误的题库",
      "version: 1",
      "regulation: 某条例",
      "questions:",
      "  - id: q001",
      "    type: single",
      "    stem: 哪一项？",
      "    options: [甲, 乙]",
      "    answer: C",
      "    reference: 第一条",
      "    difficulty: 9",
      "",
    ].join("\n"),
  );
  await page.getByLabel("题库文件").setInputFiles(bad);
  await page.getByRole("button", { name: "上传并导入" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("文件中有 2 处错误，未导入任何内容");
  const problems = alert.getByRole("table", { name: "错误明细" });
  await expect(problems.getByRole("row", { name: /q001 answer/ })).toContainText("应为选项 A–B 中的字母");
  await expect(problems.getByRole("row", { name: /q001 difficulty/ })).toContainText("应为 1–5 的整数");
  await page.goto("/manage/banks");
  await expect(page.getByRole("link", { name: "有错误的题库" })).toHaveCount(0);
});

test("a cadre may not open the bank pages", async ({ page, signIn }) => {
  await signIn("C0001");
  const response = await page.goto("/manage/banks");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "题库" })).toHaveCount(0);
});
