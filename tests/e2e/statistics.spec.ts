import ExcelJS from "exceljs";

import { expect, test } from "./support/fixtures";

const BRANCH = "东方红林场党支部";

test("an organizer opens the statistics on the desktop, narrows to one branch and downloads the .xlsx with that branch's numbers", async ({ page, signIn }) => {
  await signIn("B0001");
  await page.goto("/");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "统计" }).click();
  await expect(page.getByRole("heading", { name: /以考促学统计 · \d{4} 年/ })).toBeVisible();
  await expect(page.getByTestId("report-scope")).toContainText("林业局党委（含下级组织）");
  await expect(page.getByRole("img", { name: /参考率与及格率/ })).toBeVisible();
  // The demo: two organizations skipped a past quarter; some leading cadres have no exam this year.
  await expect(page.getByTestId("quarter-not-held").first()).toBeVisible();
  // (Other browser tests add cadres to the same demo, so "at least one".)
  await expect(page.getByTestId("leaders-summary")).toContainText(/尚未参加 [1-9]\d* 人/);

  await page.getByLabel("组织").selectOption({ label: `　${BRANCH}` });
  await page.getByRole("button", { name: "查看" }).click();
  await expect(page.getByTestId("report-scope")).toContainText(`${BRANCH}（含下级组织）`);
  const matrix = page.getByRole("table", { name: "每季一考：各组织各季度参考情况" });
  await expect(matrix.getByRole("rowheader")).toHaveText([BRANCH, "合计"]);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: /导出 Excel/ }).click();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await (await download).path());
  expect(workbook.worksheets.map((w) => w.name)).toEqual(["每季一考", "领导干部年内必考", "以考促学（按组织）", "以考促学（按是否练习）", "知识点掌握", "各组织薄弱知识点"]);
  const quarterly = workbook.getWorksheet("每季一考")!;
  expect(quarterly.getRow(2).getCell(1).value).toBe(BRANCH);
  expect(quarterly.getRow(3).getCell(1).value).toBe("合计");
  // The branch's first quarter, as the page shows it.
  const firstCell = matrix.getByRole("row").nth(1).getByRole("cell").first();
  const participation = quarterly.getRow(2).getCell(4).value as number;
  await expect(firstCell).toContainText(`${participation.toFixed(1)}%`);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the statistics page fits the screen: the chart scales, wide tables scroll inside their frame", async ({ page, signIn }) => {
    await signIn("B0001");
    await page.goto("/manage/statistics");
    const chart = page.getByRole("img", { name: /参考率与及格率/ });
    await expect(chart).toBeVisible();
    const box = (await chart.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(390);
    expect(box.width).toBeGreaterThan(300);
    await expect(page.getByRole("heading", { name: "领导干部年内必考" })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
  });
});
