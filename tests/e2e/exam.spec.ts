import type { Page } from "@playwright/test";

import { AppProcess, ownServerPort } from "./support/app-process";
import { expect, openE2eDatabase, plantSession, readyCadre, test, waitForHydration } from "./support/fixtures";

/** Opens the open quarterly exam from the home page and starts (or continues) it. */
async function startQuarterlyExam(page: Page) {
  await page.goto("/");
  await page.getByRole("region", { name: "我的考试" }).getByRole("link", { name: /季度党纪法规考试/ }).first().click();
  await expect(page.getByRole("heading", { name: "考试须知" })).toBeVisible();
  await page.getByRole("button", { name: "开始考试" }).click();
  await expect(page).toHaveURL(/\/attempts\/\d+$/);
  // The page streams in: the answer card arrives before the paper, the 交卷 button last.
  await expect(page.getByRole("button", { name: "交卷" })).toBeVisible();
}

const questions = (page: Page) => page.locator("fieldset.question");

/** Answers question `i` (0-based) with its first choice, or text for blanks. */
async function answer(page: Page, i: number, text = "测试") {
  const q = questions(page).nth(i);
  const radios = q.locator('input[type="radio"]');
  if (await radios.count()) return radios.first().check();
  const boxes = q.locator('input[type="checkbox"]');
  if (await boxes.count()) {
    await boxes.nth(0).check();
    return boxes.nth(1).check();
  }
  const inputs = q.locator('input[type="text"], textarea');
  const blanks = await inputs.count();
  if (blanks === 0) throw new Error(`question ${i + 1} has no input to answer`);
  for (let b = 0; b < blanks; b++) await inputs.nth(b).fill(text);
}

async function expectAnswered(page: Page, i: number) {
  const q = questions(page).nth(i);
  const checked = await q.locator("input:checked").count();
  const filled = await q.locator('input[type="text"]').evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).value !== "").length);
  expect(checked + filled, `question ${i + 1} keeps its answer`).toBeGreaterThan(0);
}

const saved = (page: Page) => expect(page.getByTestId("save-state")).toContainText(/已保存 \d\d:\d\d:\d\d/, { timeout: 15_000 });

test.describe("taking an exam", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("a cadre takes the demo exam start to finish on a phone and sees the score", async ({ page, signIn }) => {
    readyCadre("L0101");
    await signIn("L0101");
    await startQuarterlyExam(page);
    await waitForHydration(page);
    await expect(page.getByTestId("countdown")).toContainText(/剩余 (59|60):\d\d/);
    const total = await questions(page).count();
    expect(total).toBe(30);
    for (let i = 0; i < total - 1; i++) await answer(page, i);
    await saved(page);
    await expect(page.getByRole("navigation", { name: "答题卡" })).toContainText(`已答 ${total - 1} / ${total} 题`);

    await page.getByRole("button", { name: "交卷" }).click();
    const dialog = page.getByRole("dialog", { name: "确认交卷" });
    await expect(dialog).toContainText(`还有 1 题未作答：第 ${total} 题`);
    await dialog.getByRole("button", { name: "确定交卷" }).click();
    await expect(page).toHaveURL(/\/attempts\/\d+\/result$/);
    await expect(page.getByTestId("score")).toContainText(/\d+ \/ 100 分/);
    await expect(page.getByText(/^(及格|不及格)$/)).toBeVisible();
    await expect(page.getByRole("heading", { name: "答案与解析" })).toBeVisible();
    await expect(page.getByText(/依据：《.+》第.+条/).first()).toBeVisible();

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);

    await page.goto("/history");
    await expect(page.getByRole("cell", { name: /2026年第.季度党纪法规考试/ }).first()).toBeVisible();
  });

  test("the network drops while answering: nothing is lost, and it is all sent when it returns", async ({ page, context, signIn }) => {
    readyCadre("L0103");
    await signIn("L0103");
    await startQuarterlyExam(page);
    await waitForHydration(page);
    await answer(page, 0);
    await saved(page);

    await context.setOffline(true);
    await answer(page, 1);
    await answer(page, 2);
    await expect(page.getByTestId("save-state")).toContainText("网络已断开");
    await context.setOffline(false);
    await saved(page);

    // Offline again, answer, and close the page before the network returns.
    await context.setOffline(true);
    await answer(page, 3);
    await expect(page.getByTestId("save-state")).toContainText("网络已断开");
    const url = page.url();
    await page.close();
    await context.setOffline(false);

    const again = await context.newPage();
    await again.goto(url);
    await waitForHydration(again);
    await saved(again);
    await again.reload();
    for (const i of [0, 1, 2, 3]) await expectAnswered(again, i);

    const attemptId = Number(url.split("/").at(-1));
    const db = openE2eDatabase();
    const count = db.prepare("select count(*) as n from attempt_responses where attempt_id = ?").get(attemptId) as { n: number };
    db.close();
    expect(count.n).toBe(4);
  });

  test("without JavaScript the page still saves and submits", async ({ browser, baseURL }) => {
    readyCadre("L0104");
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
    await plantSession(context, "L0104", baseURL!);
    const page = await context.newPage();
    await startQuarterlyExam(page);
    await answer(page, 0);
    await answer(page, 1);
    await page.getByRole("button", { name: "保存答案" }).click();
    await expect(page.getByTestId("save-state")).toContainText(/已保存 \d\d:\d\d:\d\d/);
    await page.reload();
    await expectAnswered(page, 0);
    await expectAnswered(page, 1);

    await page.getByRole("button", { name: "交卷" }).click();
    await expect(page.getByRole("dialog", { name: "确认交卷" })).toContainText("还有 28 题未作答");
    await page.getByRole("button", { name: "确定交卷" }).click();
    await expect(page).toHaveURL(/\/result$/);
    await expect(page.getByTestId("score")).toBeVisible();
    await context.close();
  });

  test("the page during an attempt holds no answer key, explanation or option order", async ({ page, signIn }) => {
    readyCadre("L0105");
    await signIn("L0105");
    await startQuarterlyExam(page);
    const attemptId = Number(page.url().split("/").at(-1));
    const db = openE2eDatabase();
    const { paper } = db.prepare("select paper from attempt_papers where attempt_id = ?").get(attemptId) as { paper: string };
    const rowIds = (JSON.parse(paper) as { sections: Array<{ questions: Array<{ rowId: number }> }> }).sections.flatMap((s) => s.questions.map((q) => q.rowId));
    const explanations = rowIds.map((id) => (db.prepare("select explanation from bank_questions where id = ?").get(id) as { explanation: string }).explanation);
    db.close();

    const html = await (await page.context().request.get(page.url())).text();
    const data = await (await page.context().request.get(`${page.url()}.data`)).text();
    for (const body of [html, data, await page.content()]) {
      for (const explanation of explanations) expect(body).not.toContain(explanation);
      // Keys may sit inside an escaped JSON string (the paper travels as one): allow backslashes.
      expect(body).not.toMatch(/\\*"answer\\*"|optionOrder|rowId|\\*"blanks\\*":\[\[|explanation/);
    }
    // Sanity: the stems are there, so the check looked at the real page.
    expect(html).toContain("fieldset");
  });
});

test("the server is killed mid-exam and restarted: every answer shown as saved is still there", async ({ browser }) => {
  test.setTimeout(420_000);
  const app = new AppProcess(ownServerPort(1));
  await app.start();
  try {
    readyCadre("L0106", app.databasePath);
    const context = await browser.newContext({ baseURL: app.baseURL });
    await plantSession(context, "L0106", app.baseURL, app.databasePath);
    const page = await context.newPage();
    await startQuarterlyExam(page);
    await waitForHydration(page);
    for (let i = 0; i < 6; i++) await answer(page, i);
    await saved(page);

    await app.kill();
    await app.start();

    await page.reload();
    await expect(page.getByRole("navigation", { name: "答题卡" })).toContainText("已答 6 / 30 题");
    for (let i = 0; i < 6; i++) await expectAnswered(page, i);
    await context.close();
  } finally {
    await app.kill();
  }
});
