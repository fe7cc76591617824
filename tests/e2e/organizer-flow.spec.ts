import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";

import ExcelJS from "exceljs";

import { expect, openE2eDatabase, plantSession, readyCadre, test, waitForHydration } from "./support/fixtures";

/** A branch no other browser test uses, so its numbers are this test's own. */
const BRANCH = "卧龙林场党支部";

function branchFacts() {
  const db = openE2eDatabase();
  try {
    const cadres = db
      .prepare("select employee_no from users join orgs on orgs.id = users.org_id where orgs.name = ? and users.active = 1 and users.role = 'cadre' order by employee_no desc")
      .all(BRANCH) as Array<{ employee_no: string }>;
    return { size: cadres.length, cadre: cadres[0].employee_no };
  } finally {
    db.close();
  }
}

test("an organizer runs an exam end to end: build, publish to a branch, watch, grade an essay, export the spreadsheet", async ({ page, signIn, browser, baseURL }) => {
  test.setTimeout(120_000);
  const title = `卧龙林场简答测试 ${crypto.randomBytes(3).toString("hex")}`;
  const { size, cadre } = branchFacts();

  // Build: two sections, 3 single-choice × 20 and 1 essay × 40, for one branch.
  await signIn("B0001");
  await page.goto("/manage/exams/new");
  await waitForHydration(page);
  await page.getByLabel("考试名称").fill(title);
  const first = page.getByRole("group", { name: "第 1 部分" });
  await first.getByLabel("题数").fill("3");
  await first.getByLabel("每题分值").fill("20");
  await page.getByRole("button", { name: "添加一部分" }).click();
  const second = page.getByRole("group", { name: "第 2 部分" });
  await second.getByLabel("部分标题").fill("二、简答题");
  await second.getByLabel("题型").selectOption("essay");
  await second.getByLabel("题数").fill("1");
  await second.getByLabel("每题分值").fill("40");
  await expect(page.getByText("共 4 题，总分 100 分")).toBeVisible();
  await page.getByRole("checkbox", { name: BRANCH }).check();
  await expect(page.getByTestId("audience-count")).toHaveText(`已选 ${size} 人`);
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page.getByText("草稿已保存。")).toBeVisible();
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByTestId("publish-count")).toContainText(`发布后将有 ${size} 人参考`);
  await page.getByRole("button", { name: "确认发布" }).click();
  await expect(page.getByText(`考试已发布，共 ${size} 人参考。`)).toBeVisible();
  const examId = Number(new URL(page.url()).pathname.split("/").at(-1));

  await page.goto(`/manage/exams/${examId}/live`);
  await expect(page.getByTestId("live-assigned")).toHaveText(String(size));
  await expect(page.getByTestId("live-submitted")).toHaveText("0");

  // A cadre of that branch takes it.
  readyCadre(cadre);
  const cadreContext = await browser.newContext({ baseURL });
  await plantSession(cadreContext, cadre, baseURL!);
  const cadrePage = await cadreContext.newPage();
  await cadrePage.goto("/");
  await cadrePage.getByRole("link", { name: title }).click();
  await cadrePage.getByRole("button", { name: "开始考试" }).click();
  await waitForHydration(cadrePage);
  const questions = cadrePage.locator("fieldset.question");
  for (let i = 0; i < 3; i++) await questions.nth(i).locator('input[type="radio"]').first().check();
  await questions.nth(3).locator("textarea").fill("坚持党要管党、全面从严治党，严明党的纪律。");
  await expect(cadrePage.getByTestId("save-state")).toContainText(/已保存/);

  // The live view sees the cadre working, then submitted.
  await page.reload();
  await expect(page.getByTestId("live-in-progress")).toHaveText("1");
  await cadrePage.getByRole("button", { name: "交卷" }).click();
  await cadrePage.getByRole("dialog", { name: "确认交卷" }).getByRole("button", { name: "确定交卷" }).click();
  await expect(cadrePage).toHaveURL(/\/result$/);
  await expect(cadrePage.getByText("待阅卷")).toBeVisible();
  // Before grading, the objective part is shown against its own maximum (3 × 20), not the paper's 100.
  await expect(cadrePage.getByText(/客观题满分 60 分/)).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("live-submitted")).toHaveText("1");

  // Grade the essay (blind by default), then the cadre sees the final score.
  await page.getByRole("link", { name: /阅卷/ }).click();
  await expect(page.getByTestId("essay-answer")).toHaveText("坚持党要管党、全面从严治党，严明党的纪律。");
  await expect(page.getByRole("heading", { name: /答卷 1/ })).toBeVisible();
  // Out of range: the app's own message, not the browser's pop-up; nothing is saved.
  await page.getByLabel(/得分/).fill("99");
  await page.getByRole("button", { name: "保存评分" }).click();
  await expect(page.getByText("得分须在 0 到 40 分之间")).toBeVisible();
  await page.getByLabel(/得分/).fill("30");
  await page.getByRole("button", { name: "保存评分" }).click();
  await expect(page.getByText("没有待阅的答卷。")).toBeVisible();
  await cadrePage.reload();
  const scoreText = (await cadrePage.getByTestId("score").textContent())!;
  const score = Number(scoreText.trim().split(" ")[0]);
  expect(score).toBeGreaterThanOrEqual(30);
  await cadreContext.close();

  // Export the .xlsx and read it back.
  await page.goto(`/manage/exams/${examId}/report`);
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: /导出 Excel/ }).click();
  const file = await (await downloadPromise).path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  expect(workbook.worksheets.map((w) => w.name)).toEqual(["成绩明细", "单位汇总", "未参考名单", "试题分析"]);

  const details = workbook.getWorksheet("成绩明细")!;
  const header = (details.getRow(1).values as unknown[]).slice(1);
  expect(header.slice(0, 11)).toEqual(["序号", "工号", "姓名", "单位", "职级", "是否领导干部", "得分", "是否及格", "用时", "交卷时间", "状态"]);
  const rows = [] as unknown[][];
  details.eachRow((row, n) => {
    if (n > 1) rows.push((row.values as unknown[]).slice(1));
  });
  const mine = rows.find((r) => r[1] === cadre)!;
  expect(mine[3]).toBe(BRANCH);
  expect(mine[6]).toBe(score);
  expect(mine[7]).toBe(score >= 60 ? "是" : "否");

  const summary = workbook.getWorksheet("单位汇总")!;
  const summaryRows = [] as unknown[][];
  summary.eachRow((row) => summaryRows.push((row.values as unknown[]).slice(1)));
  const branchRow = summaryRows.find((r) => r[0] === BRANCH)!;
  expect(branchRow.slice(1, 3)).toEqual([size, 1]);
  expect((workbook.getWorksheet("未参考名单")!.rowCount)).toBeGreaterThanOrEqual(size);

  // And an independent reader (openpyxl) sees the same Chinese text and numbers.
  if (fs.existsSync("/usr/bin/python3")) {
    const script = [
      "import sys, openpyxl",
      "wb = openpyxl.load_workbook(sys.argv[1])",
      "ws = wb['成绩明细']",
      "row = [r for r in ws.iter_rows(values_only=True) if r[1] == sys.argv[2]][0]",
      "print(row[2], row[3], row[6])",
    ].join("\n");
    // openpyxl goes by the file name's extension.
    const named = `${file}.xlsx`;
    fs.copyFileSync(file, named);
    try {
      const out = execFileSync("/usr/bin/python3", ["-c", script, named, cadre], { encoding: "utf8", env: { ...process.env, PYTHONIOENCODING: "utf-8" } }).trim();
      expect(out.endsWith(`${BRANCH} ${score}`) || out.endsWith(`${BRANCH} ${score}.0`)).toBe(true);
    } catch (error) {
      if (!String(error).includes("No module named 'openpyxl'")) throw error;
      console.warn("openpyxl is not installed; the exceljs read-back above still checked the file");
    }
  }
});
