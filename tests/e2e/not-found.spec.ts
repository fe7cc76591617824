import { expect, test } from "./support/fixtures";

test.describe("an unknown address", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("answers a Chinese 404 inside the layout, with the header and navigation", async ({ page, signIn }) => {
    await signIn("C0001");
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
    await expect(page.getByText("没有找到这个页面，请检查地址是否正确。")).toBeVisible();
    await expect(page.getByRole("link", { name: "考学" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "成绩档案" })).toBeVisible();
    await expect(page.getByText(/No route matches|Error:/)).toHaveCount(0);
  });

  test("signed out, it is still Chinese and has the header", async ({ page }) => {
    const response = await page.goto("/manage/nothing-here");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
    await expect(page.getByRole("link", { name: "考学" })).toBeVisible();
  });
});
