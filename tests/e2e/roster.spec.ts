import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import ExcelJS from "exceljs";

import { expect, test, waitForHydration } from "./support/fixtures";

function rosterCsv(rows: string[][]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "roster-")), "花名册.csv");
  const text = [["工号", "姓名", "组织", "职级", "领导干部", "党员"], ...rows].map((r) => r.join(",")).join("\r\n");
  fs.writeFileSync(file, "\uFEFF" + text, "utf8");
  return file;
}

test("an organizer imports a roster, sees the new cadres, and hands out initial passwords once", async ({ page, signIn, browser, baseURL }) => {
  const suffix = crypto.randomBytes(3).toString("hex").toUpperCase();
  const [a, b] = [`R${suffix}1`, `R${suffix}2`];
  await signIn("B0001");
  await page.goto("/manage/cadres/import");
  await waitForHydration(page);

  // A file with one bad row imports nothing and says which row.
  await page.getByLabel("花名册文件").setInputFiles(rosterCsv([[a, "林海", "青山林场党支部", "科级", "是", "是"], [b, "林涛", "不存在的党支部", "职工", "否", "是"]]));
  await page.getByRole("button", { name: "上传并导入" }).click();
  await expect(page.getByRole("alert")).toContainText("未导入任何数据");
  await expect(page.getByRole("cell", { name: "第 3 行" })).toBeVisible();
  await expect(page.getByText("找不到组织“不存在的党支部”")).toBeVisible();

  await page.getByLabel("花名册文件").setInputFiles(rosterCsv([[a, "林海", "青山林场党支部", "科级", "是", "是"], [b, "林涛", "白桦林场党支部", "职工", "否", "否"]]));
  await page.getByRole("button", { name: "上传并导入" }).click();
  await expect(page.getByText("已导入 2 名干部")).toBeVisible();

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载初始密码" }).click();
  const download = await downloadPromise;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  const sheet = workbook.worksheets[0];
  expect(sheet.getRow(1).values).toEqual([undefined, "工号", "姓名", "组织", "初始密码"]);
  expect(sheet.getRow(2).getCell(1).value).toBe(a);
  const password = String(sheet.getRow(2).getCell(4).value);
  expect(password).toMatch(/^[A-Za-z0-9]{10}$/);

  // The link works once only.
  const again = await page.context().request.get(download.url());
  expect(again.status()).toBe(410);

  await page.goto(`/manage/cadres?q=${a}`);
  await expect(page.getByRole("link", { name: "林海" })).toBeVisible();
  await page.goto(`/manage/cadres?q=R${suffix}`);
  await expect(page.getByRole("row")).toHaveCount(3);

  // The new cadre signs in with the handed-out password and must change it first.
  const fresh = await browser.newContext({ baseURL });
  const cadrePage = await fresh.newPage();
  await cadrePage.goto("/login");
  await cadrePage.getByLabel("工号").fill(a);
  await cadrePage.getByLabel("密码").fill(password);
  await cadrePage.getByRole("button", { name: "登录" }).click();
  await expect(cadrePage).toHaveURL(/\/change-password$/);
  await fresh.close();
});

test("an organizer updates existing cadres from a roster: the preview lists the changes, confirming saves them with the date", async ({ page, signIn }) => {
  const suffix = crypto.randomBytes(3).toString("hex").toUpperCase();
  const no = `U${suffix}`;
  await signIn("B0001");
  await page.goto("/manage/cadres/import");
  await page.getByLabel("花名册文件").setInputFiles(rosterCsv([[no, "林立", "青山林场党支部", "一般干部", "否", "是"]]));
  await page.getByRole("button", { name: "上传并导入" }).click();
  await expect(page.getByText("已导入 1 名干部")).toBeVisible();

  await page.getByLabel("花名册文件").setInputFiles(rosterCsv([[no, "林立", "白桦林场党支部", "科级", "是", "是"]]));
  await page.getByRole("checkbox", { name: /更新已有干部/ }).check();
  await page.getByLabel(/变动生效日期/).fill("2026-01-15");
  await page.getByRole("button", { name: "上传并导入" }).click();
  await expect(page.getByTestId("preview-counts")).toContainText("新增 0 名，更新 1 名");
  const changes = page.getByRole("table", { name: "将要更新的干部" });
  await expect(changes).toContainText("调动：组织：青山林场党支部 → 白桦林场党支部");
  await expect(changes).toContainText("晋升：职级：一般干部 → 科级");
  await page.getByRole("button", { name: "确认导入（全部保存）" }).click();
  await expect(page.getByText("已新增 0 名干部，更新 1 名干部")).toBeVisible();

  await page.goto(`/manage/cadres?q=${no}`);
  await page.getByRole("link", { name: "林立" }).click();
  const history = page.getByRole("table", { name: "变动记录" });
  await expect(history.getByRole("row", { name: /2026-01-15.*调动/ })).toContainText("白桦林场党支部");
});

test("the roster template downloads as a real spreadsheet with the expected columns", async ({ page, signIn }) => {
  await signIn("B0001");
  await page.goto("/manage/cadres/import");
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载 Excel 模板" }).click();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await (await downloadPromise).path());
  expect(workbook.worksheets[0].getRow(1).values).toEqual([undefined, "工号", "姓名", "组织", "职级", "领导干部", "党员", "出生日期"]);
});

test("an organizer resets a cadre's password and deactivates the account", async ({ page, signIn }) => {
  await signIn("B0001");
  await page.goto("/manage/cadres?q=L0010");
  await page.locator("tbody").getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "重置密码" }).click();
  await expect(page.getByTestId("new-password")).toHaveText(/^[A-Za-z0-9]{10}$/);
  await page.getByRole("button", { name: "停用账号" }).click();
  await expect(page.getByText("账号已停用")).toBeVisible();
  await expect(page.getByRole("button", { name: "启用账号" })).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the pages of each role fit the screen without sideways scrolling", async ({ page, signIn }) => {
    await signIn("B0001");
    for (const path of ["/", "/manage/orgs", "/manage/cadres/import"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(1);
    }
    await page.goto("/manage/cadres");
    await expect(page.getByRole("heading", { name: "干部名册" })).toBeVisible();
    // The wide table scrolls inside its own box; the page itself does not.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
  });
});
