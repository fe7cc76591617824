import { DEMO_PASSWORD, expect, test } from "./support/fixtures";

test.describe("sign-in", () => {
  test("a wrong password shows an error and sets no session cookie", async ({ page, context }) => {
    await page.goto("/login");
    await page.getByLabel("工号").fill("C0001");
    await page.getByLabel("密码").fill("not-the-password");
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByRole("alert")).toHaveText("工号或密码错误");
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "kaoxue_session")).toBeUndefined();
  });

  test("the right password lands on the home page with an HttpOnly, SameSite=Lax cookie", async ({ page, context }) => {
    await page.goto("/login");
    await page.getByLabel("工号").fill("C0001");
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { name: /您好/ })).toBeVisible();
    await expect(page.getByRole("heading", { name: "我的考试" })).toBeVisible();
    const cookie = (await context.cookies()).find((c) => c.name === "kaoxue_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");

    // Signing out ends the session; the old cookie no longer opens the home page.
    await page.getByRole("button", { name: "退出" }).click();
    await expect(page).toHaveURL(/\/login/);
    await context.addCookies([{ ...cookie! }]);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });

  test("the first login with an initial password forces a password change", async ({ page }) => {
    // Demo cadres other than C0001 start with the demo password and must change it.
    await page.goto("/login");
    await page.getByLabel("工号").fill("L0002");
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/change-password$/);
    await expect(page.getByText("您正在使用初始密码")).toBeVisible();

    // Other pages send them back here until it is done.
    await page.goto("/");
    await expect(page).toHaveURL(/\/change-password$/);

    await page.getByLabel("当前密码").fill(DEMO_PASSWORD);
    await page.getByLabel("新密码", { exact: true }).fill("short");
    await page.getByLabel("确认新密码").fill("short");
    await page.getByRole("button", { name: "保存新密码" }).click();
    await expect(page.getByText("密码至少 8 位")).toBeVisible();

    await page.getByLabel("当前密码").fill(DEMO_PASSWORD);
    await page.getByLabel("新密码", { exact: true }).fill("my-own-pass-2026");
    await page.getByLabel("确认新密码").fill("my-own-pass-2026");
    await page.getByRole("button", { name: "保存新密码" }).click();
    await expect(page.getByText("密码已修改。")).toBeVisible();
    await expect(page.getByRole("heading", { name: /您好/ })).toBeVisible();
  });
});

test.describe("authorization", () => {
  test("a cadre opening organizer and admin pages gets 403", async ({ page, signIn }) => {
    await signIn("C0001");
    for (const path of ["/manage/cadres", "/manage/orgs", "/manage/cadres/import", "/admin/audit"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { name: "没有权限" })).toBeVisible();
    }
  });

  test("an organizer cannot open the admin's audit log", async ({ page, signIn }) => {
    await signIn("B0001");
    const response = await page.goto("/admin/audit");
    expect(response?.status()).toBe(403);
  });

  test("signed-out visitors are sent to the login page and back afterwards", async ({ page }) => {
    await page.goto("/manage/cadres");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fmanage%2Fcadres/);
    await page.getByLabel("工号").fill("B0001");
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/manage\/cadres$/);
    await expect(page.getByRole("heading", { name: "干部名册" })).toBeVisible();
  });

  test("a cross-origin POST gets 403 and changes nothing", async ({ page, signIn, baseURL }) => {
    await signIn("B0001");
    await page.goto("/manage/cadres");
    const status = await page.evaluate(async (target) => {
      const response = await fetch(target, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "",
      });
      return response.status;
    }, `${baseURL}/logout`);
    // The same request from this site is allowed (it signs out), proving the check is about origin.
    expect(status).toBe(200);

    const request = page.context().request;
    const crossSite = await request.post("/login", {
      headers: { Origin: "http://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      data: "employeeNo=C0001&password=kaoxue-demo",
      maxRedirects: 0,
    });
    expect(crossSite.status()).toBe(403);
    expect(await crossSite.text()).toContain("跨站请求被拒绝");
    expect(crossSite.headers()["set-cookie"]).toBeUndefined();
  });
});

test.describe("audit log", () => {
  test("the admin reads logins and failures, with UTC times and no passwords", async ({ page, signIn }) => {
    await signIn("A0001");
    await page.goto("/admin/audit?action=login.failure");
    await expect(page.getByRole("heading", { name: "审计日志" })).toBeVisible();
    await expect(page.getByRole("cell", { name: "登录失败" }).first()).toBeVisible();
    const html = await page.content();
    expect(html).not.toContain("not-the-password");
    expect(html).not.toContain(DEMO_PASSWORD);
  });
});

test("/healthz answers 200 with the database reachable", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.text()).toBe("ok");
});
