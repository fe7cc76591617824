import { expect, readyCadre, test, waitForHydration } from "./support/fixtures";

test.describe("practice on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("a practice speaks of 练习, shows no countdown and no auto-submit warning, only when the window ends", async ({ page, signIn }) => {
    readyCadre("L0151");
    await signIn("L0151");
    await page.goto("/");
    await page.getByRole("region", { name: "我的考试" }).getByRole("link", { name: "森林法专项练习" }).click();
    await expect(page.getByRole("heading", { name: "练习须知" })).toBeVisible();
    await expect(page.getByText("不限时，开放期间可随时作答和提交。")).toBeVisible();
    await expect(page.getByText(/自动交卷/)).toHaveCount(0);
    await page.getByRole("button", { name: "开始练习" }).click();
    await expect(page).toHaveURL(/\/attempts\/\d+$/);
    await expect(page.getByRole("button", { name: "提交练习" })).toBeVisible();
    await waitForHydration(page);

    await expect(page.getByTestId("window-end")).toContainText(/不限时 · 开放至 \d{4}-\d\d-\d\d \d\d:\d\d/);
    await expect(page.getByTestId("countdown")).toHaveCount(0);
    await expect(page.getByText(/剩余/)).toHaveCount(0);
    await expect(page.getByText(/自动按已保存的答案交卷/)).toHaveCount(0);
    await expect(page.getByRole("button", { name: "交卷" })).toHaveCount(0);

    await page.getByRole("button", { name: "提交练习" }).click();
    const dialog = page.getByRole("dialog", { name: "确认提交" });
    await dialog.getByRole("button", { name: "确定提交" }).click();
    await expect(page).toHaveURL(/\/attempts\/\d+\/result$/);
    await expect(page.getByRole("link", { name: "返回练习" })).toBeVisible();
  });
});
