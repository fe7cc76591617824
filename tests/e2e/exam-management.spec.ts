import crypto from "node:crypto";

import { expect, openE2eDatabase, test, waitForHydration } from "./support/fixtures";

/** A branch no other browser test changes, so its head count holds while this runs. */
const BRANCH = "松涛林场党支部";

function activeCadresOf(orgName: string): number {
  const db = openE2eDatabase();
  try {
    const row = db
      .prepare("select count(*) as n from users join orgs on orgs.id = users.org_id where orgs.name = ? and users.active = 1")
      .get(orgName) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

test.describe("exam management", () => {
  test("an organizer builds an exam of two sections, sees the counts as they edit, publishes it to one branch and finds it running", async ({ page, signIn }) => {
    const title = `松涛林场专项测试 ${crypto.randomBytes(3).toString("hex")}`;
    await signIn("B0001");
    await page.goto("/");
    await page.getByRole("link", { name: "考试管理" }).click();
    await expect(page.getByRole("heading", { name: "考试管理" })).toBeVisible();
    await page.getByRole("link", { name: "新建考试" }).click();
    await expect(page.getByRole("heading", { name: "新建考试" })).toBeVisible();
    await waitForHydration(page);

    await page.getByLabel("考试名称").fill(title);
    await page.getByLabel("考试时长（分钟）").fill("30");
    const first = page.getByRole("group", { name: "第 1 部分" });
    await first.getByLabel("题数").fill("5");
    await first.getByLabel("每题分值").fill("10");
    // The counts follow the edits without a reload.
    await expect(page.getByText("共 5 题，总分 50 分")).toBeVisible();
    await expect(first.getByTestId("available-0")).toHaveText(/^可用 \d+ 题$/);
    const singles = Number((await first.getByTestId("available-0").textContent())!.match(/\d+/)![0]);
    expect(singles).toBeGreaterThanOrEqual(5);

    await page.getByRole("button", { name: "添加一部分" }).click();
    const second = page.getByRole("group", { name: "第 2 部分" });
    await expect(second).toBeVisible();
    await expect(first.getByLabel("题数")).toHaveValue("5");
    await second.getByLabel("部分标题").fill("二、判断题");
    await second.getByLabel("题型").selectOption("judge");
    await second.getByLabel("题数").fill("10");
    await second.getByLabel("每题分值").fill("5");
    await expect(page.getByText("共 15 题，总分 100 分")).toBeVisible();
    await expect(second.getByTestId("available-1")).toHaveText(/^可用 \d+ 题$/);

    // Asking for more than the banks hold says so next to the section, before publishing.
    await second.getByLabel("题数").fill("900");
    await expect(second.getByRole("alert")).toContainText(/第2部分“判断题”需要 900 题，符合条件的只有 \d+ 题/);
    await second.getByLabel("题数").fill("10");
    await expect(second.getByRole("alert")).toHaveCount(0);

    const expected = activeCadresOf(BRANCH);
    expect(expected).toBeGreaterThan(0);
    await page.getByRole("checkbox", { name: BRANCH }).check();
    await expect(page.getByTestId("audience-count")).toHaveText(`已选 ${expected} 人`);

    await page.getByRole("button", { name: "保存草稿" }).click();
    await expect(page).toHaveURL(/\/manage\/exams\/\d+\/edit\?saved=1$/);
    await expect(page.getByText("草稿已保存。")).toBeVisible();
    await expect(page.getByText("共 15 题，总分 100 分")).toBeVisible();
    await expect(page.getByTestId("audience-count")).toHaveText(`已选 ${expected} 人`);

    await page.getByRole("button", { name: "发布" }).click();
    // Publishing asks once, saying how many cadres it will assign.
    await expect(page.getByTestId("publish-count")).toContainText(`发布后将有 ${expected} 人参考`);
    await page.getByRole("button", { name: "确认发布" }).click();
    await expect(page).toHaveURL(/\/manage\/exams\/\d+\?published=1$/);
    await expect(page.getByText(`考试已发布，共 ${expected} 人参考。`)).toBeVisible();
    await expect(page.getByRole("heading", { name: title })).toContainText("进行中");

    await page.getByRole("link", { name: "← 考试管理" }).click();
    const row = page.getByRole("row").filter({ hasText: title });
    await expect(row.getByText("进行中")).toBeVisible();
    await expect(row.getByRole("cell", { name: String(expected), exact: true })).toBeVisible();
    await expect(row.getByRole("link", { name: "实时情况" })).toHaveAttribute("href", /\/manage\/exams\/\d+\/live$/);

    await page.getByLabel("状态").selectOption("draft");
    await page.getByRole("button", { name: "筛选" }).click();
    await expect(page).toHaveURL(/status=draft/);
    await expect(page.getByRole("row").filter({ hasText: title })).toHaveCount(0);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("the builder still adds, checks and removes sections, finds cadres and saves a draft", async ({ page, signIn }) => {
      const title = `无脚本测试 ${crypto.randomBytes(3).toString("hex")}`;
      await signIn("B0001");
      await page.goto("/manage/exams/new");
      await page.getByLabel("考试名称").fill(title);
      const first = page.getByRole("group", { name: "第 1 部分" });
      await first.getByLabel("题数").fill("3");
      await first.getByLabel("每题分值").fill("2");

      await page.getByRole("button", { name: "添加一部分" }).click();
      const second = page.getByRole("group", { name: "第 2 部分" });
      await expect(second).toBeVisible();
      // What was typed survives the round trip; the counts come from the server.
      await expect(page.getByLabel("考试名称")).toHaveValue(title);
      await expect(first.getByLabel("题数")).toHaveValue("3");
      await expect(second.getByLabel("题型")).toHaveValue("multiple");
      await expect(page.getByText("共 13 题，总分 26 分")).toBeVisible();
      await expect(second.getByTestId("available-1")).toHaveText(/^可用 \d+ 题$/);

      await second.getByLabel("题数").fill("500");
      await page.getByRole("button", { name: "刷新可用题数" }).click();
      await expect(page.getByRole("group", { name: "第 2 部分" }).getByRole("alert")).toContainText(/需要 500 题，符合条件的只有 \d+ 题/);

      await page.getByRole("button", { name: "删除第 2 部分" }).click();
      await expect(page.getByRole("group", { name: "第 2 部分" })).toHaveCount(0);
      await expect(page.getByText("共 3 题，总分 6 分")).toBeVisible();

      await page.getByLabel("按工号或姓名查找").fill("C0001");
      await page.getByRole("button", { name: "查找" }).click();
      await page.getByRole("checkbox", { name: /加入：.+（C0001/ }).check();
      await page.getByRole("checkbox", { name: BRANCH }).check();
      await page.getByRole("button", { name: "刷新可用题数" }).click();
      await expect(page.getByTestId("audience-count")).toHaveText(`已选 ${activeCadresOf(BRANCH) + 1} 人`);
      await expect(page.getByRole("checkbox", { name: /（C0001/ })).toBeChecked();

      // A field error is shown next to the field, and nothing is saved.
      await page.getByLabel("考试名称").fill("");
      await page.getByRole("button", { name: "保存草稿" }).click();
      await expect(page.getByText("请填写考试名称")).toBeVisible();
      await expect(page.getByLabel("考试名称")).toHaveAttribute("aria-invalid", "true");

      await page.getByLabel("考试名称").fill(title);
      await page.getByLabel("及格分").fill("4");
      await page.getByRole("button", { name: "保存草稿" }).click();
      await expect(page).toHaveURL(/\/manage\/exams\/\d+\/edit\?saved=1$/);
      await expect(page.getByText("草稿已保存。")).toBeVisible();
      await expect(page.getByLabel("考试名称")).toHaveValue(title);
      await expect(page.getByText("共 3 题，总分 6 分")).toBeVisible();
    });
  });
});
