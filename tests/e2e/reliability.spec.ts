/**
 * Issue 14 in Chromium: a save whose reply is lost, coming back online inside the grace
 * period, and another process holding the database's write lock for 15 seconds.
 */
import type { Page } from "@playwright/test";
import Database from "better-sqlite3";

import { AppProcess, ownServerPort } from "./support/app-process";
import { expect, openE2eDatabase, plantSession, readyCadre, test, waitForHydration } from "./support/fixtures";
import { e2eDatabasePath } from "./support/paths.mjs";

async function startQuarterlyExam(page: Page) {
  await page.goto("/");
  await page.getByRole("region", { name: "我的考试" }).getByRole("link", { name: /季度党纪法规考试/ }).first().click();
  await page.getByRole("button", { name: "开始考试" }).click();
  await expect(page).toHaveURL(/\/attempts\/\d+$/);
  await expect(page.getByRole("button", { name: "交卷" })).toBeVisible();
  await waitForHydration(page);
  return Number(new URL(page.url()).pathname.split("/").at(-1));
}

/** Answers the first single-choice question not yet answered, and says which one it was. */
async function answerNextRadio(page: Page, skip = 0) {
  const question = page.locator("fieldset.question").filter({ has: page.locator('input[type="radio"]') }).nth(skip);
  await question.locator('input[type="radio"]').first().check();
}

const saveState = (page: Page) => page.getByTestId("save-state");

function savedRefs(attemptId: number, databasePath = e2eDatabasePath): string[] {
  const db = new Database(databasePath, { readonly: true });
  try {
    return (db.prepare("select question_ref from attempt_responses where attempt_id = ? order by question_ref").all(attemptId) as Array<{ question_ref: string }>).map((r) => r.question_ref);
  } finally {
    db.close();
  }
}

test.describe("saving through faults", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("a committed save whose reply is lost, then a new answer: both answers are in the database", async ({ page, signIn }) => {
    readyCadre("L0111");
    await signIn("L0111");
    const attemptId = await startQuarterlyExam(page);
    let calls = 0;
    await page.route("**/attempts/*/save", async (route) => {
      calls++;
      if (calls === 1) {
        // The server applies the save; the reply never reaches the page.
        await route.fetch();
        await route.abort("connectionreset");
        return;
      }
      await route.continue();
    });
    await answerNextRadio(page, 0);
    await expect.poll(() => calls).toBeGreaterThanOrEqual(1);
    await expect.poll(() => savedRefs(attemptId).length).toBe(1);
    // While the first save is being retried, the cadre answers another question.
    await answerNextRadio(page, 1);
    await expect(saveState(page)).toContainText(/已保存 \d\d:\d\d:\d\d/, { timeout: 20_000 });
    await expect.poll(() => savedRefs(attemptId).length, { timeout: 10_000 }).toBe(2);
    await expect(saveState(page)).not.toContainText("其他页面");
    await page.reload();
    await expect(page.getByRole("navigation", { name: "答题卡" })).toContainText("已答 2 / 30 题");
  });

  test("offline when time runs out, back online within the grace period: the answers are saved and the attempt is submitted", async ({ page, context, signIn }) => {
    test.setTimeout(120_000);
    readyCadre("L0112");
    await signIn("L0112");
    const attemptId = await startQuarterlyExam(page);
    // Twelve seconds left, by the server's clock.
    const db = openE2eDatabase();
    db.prepare("update attempts set deadline_at = ? where id = ?").run(new Date(Date.now() + 12_000).toISOString(), attemptId);
    db.close();
    await page.reload();
    await waitForHydration(page);
    await answerNextRadio(page, 0);
    await expect(saveState(page)).toContainText(/已保存/);

    await context.setOffline(true);
    await answerNextRadio(page, 1);
    await expect(saveState(page)).toContainText("网络已断开");
    await expect(page.getByTestId("countdown")).toContainText("剩余 00:00", { timeout: 20_000 });
    await expect(page.getByRole("alert")).toContainText("恢复网络后会自动保存并交卷");

    // Back within the 30 s grace period.
    await context.setOffline(false);
    await expect(page).toHaveURL(/\/attempts\/\d+\/result$/, { timeout: 30_000 });
    const check = openE2eDatabase();
    const row = check.prepare("select status from attempts where id = ?").get(attemptId) as { status: string };
    check.close();
    expect(row.status).toBe("submitted");
    expect(savedRefs(attemptId)).toHaveLength(2);
  });
});

test("another process holds the write lock for 15 s: /healthz and pages answer at once, saves wait and retry, no 500, nothing lost", async ({ browser }) => {
  test.setTimeout(420_000);
  const app = new AppProcess(ownServerPort(3));
  await app.start();
  try {
    readyCadre("L0113", app.databasePath);
    const context = await browser.newContext({ baseURL: app.baseURL, viewport: { width: 390, height: 844 } });
    await plantSession(context, "L0113", app.baseURL, app.databasePath);
    const page = await context.newPage();
    const statuses: number[] = [];
    page.on("response", (response) => {
      if (response.url().includes("/save")) statuses.push(response.status());
    });
    const attemptId = await startQuarterlyExam(page);

    const holder = new Database(app.databasePath);
    holder.exec("begin immediate");
    holder.prepare("update orgs set sort_order = sort_order").run();
    const heldAt = Date.now();
    try {
      await answerNextRadio(page, 0);
      const healthStarted = Date.now();
      const health = await fetch(`${app.baseURL}/healthz`);
      expect(health.status).toBe(200);
      expect(Date.now() - healthStarted).toBeLessThan(1000);
      // A page of the signed-in cadre reads while the lock is held.
      const home = await context.request.get("/");
      expect(home.status()).toBe(200);
      // The save waits its bounded time, then the page is told to retry (503), and says so.
      await expect(saveState(page)).toContainText("正在重试", { timeout: 15_000 });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 15_000 - (Date.now() - heldAt))));
    } finally {
      holder.exec("commit");
      holder.close();
    }
    await expect(saveState(page)).toContainText(/已保存 \d\d:\d\d:\d\d/, { timeout: 40_000 });
    expect(savedRefs(attemptId, app.databasePath)).toHaveLength(1);
    expect(statuses).toContain(503);
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    await context.close();
  } finally {
    await app.kill();
  }
});
