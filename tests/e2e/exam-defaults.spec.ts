import { expect, test } from "./support/fixtures";

test.describe("a new exam on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("saved untouched is valid, for a quarterly exam and for a practice", async ({ page, signIn }) => {
    await signIn("B0001");
    await page.goto("/manage/exams/new");
    await expect(page.getByRole("heading", { name: "新建考试" })).toBeVisible();
    await expect(page.getByText(/总分 100 分/)).toBeVisible();
    await page.getByRole("button", { name: "保存草稿" }).click();
    await expect(page).toHaveURL(/\/manage\/exams\/\d+\/edit\?saved=1$/);
    await expect(page.getByText("草稿已保存。")).toBeVisible();

    await page.goto("/manage/exams/new");
    await page.getByRole("navigation", { name: "按类型新建" }).getByRole("link", { name: "练习" }).click();
    await expect(page.getByRole("combobox", { name: "考试类型" })).toHaveValue("practice");
    await expect(page.getByLabel("考试时长（分钟）")).toHaveValue("");
    await page.getByRole("button", { name: "保存草稿" }).click();
    await expect(page.getByText("草稿已保存。")).toBeVisible();
    await expect(page.getByRole("combobox", { name: "考试类型" })).toHaveValue("practice");
  });
});
