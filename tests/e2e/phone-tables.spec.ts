import type { Locator, Page } from "@playwright/test";

import { expect, openE2eDatabase, test } from "./support/fixtures";

const WIDTH = 390;

function query<T>(sql: string, ...args: unknown[]): T {
  const db = openE2eDatabase();
  try {
    return db.prepare(sql).get(...args) as T;
  } finally {
    db.close();
  }
}

/** The page does not scroll sideways, and each key cell lies wholly inside the 390 px screen. */
async function expectKeyCellsOnScreen(page: Page, cells: Record<string, Locator>) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(1);
  for (const [name, cell] of Object.entries(cells)) {
    // No scrolling here: a cell that is only reachable by scrolling a table sideways counts as off screen.
    const first = cell.first();
    await expect(first, name).toBeVisible();
    const box = (await first.boundingBox())!;
    expect(box.x, `${name} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${name} ends on screen`).toBeLessThanOrEqual(WIDTH + 0.5);
  }
}

const colour = (locator: Locator) => locator.evaluate((el) => getComputedStyle(el).backgroundColor + " " + getComputedStyle(el).backgroundImage);
const GREEN = "rgb(46, 125, 50)";

test.describe("tables on a phone", () => {
  test.use({ viewport: { width: WIDTH, height: 844 }, isMobile: true, hasTouch: true });

  test("成绩档案 shows each score and result on screen, and a failed quarter is not drawn green", async ({ page, signIn }) => {
    // A cadre with a failed past quarter (the demo's pass rates rise from about two thirds).
    const failed = query<{ employee_no: string }>(
      `select u.employee_no from attempts a join users u on u.id = a.user_id join exams e on e.id = a.exam_id
       where e.kind = 'quarterly' and e.status = 'closed' and a.passed = 0 and u.role = 'cadre'
       and not exists (select 1 from attempts b where b.exam_id = a.exam_id and b.user_id = a.user_id and b.passed = 1)
       order by u.employee_no limit 1`,
    );
    const db = openE2eDatabase();
    db.prepare("update users set must_change_password = 0 where employee_no = ?").run(failed.employee_no);
    db.close();
    await signIn(failed.employee_no);
    await page.goto("/history");
    await expectKeyCellsOnScreen(page, { 得分: page.getByTestId("history-score"), 结果: page.getByTestId("history-result") });
    const failBar = page.locator('[data-testid="trend-bar"][data-passed="false"]').first();
    await expect(failBar).toBeVisible();
    expect(await colour(failBar)).not.toContain(GREEN);
    const passBar = page.locator('[data-testid="trend-bar"][data-passed="true"]');
    if ((await passBar.count()) > 0) expect(await colour(passBar.first())).toContain(GREEN);
  });

  test("the organizer's table pages show state, score and actions on screen", async ({ page, signIn }) => {
    const running = query<{ id: number }>("select id from exams where kind = 'quarterly' and status = 'published' and title like '%季度党纪法规考试' order by id limit 1");
    const past = query<{ id: number }>("select id from exams where kind = 'quarterly' and status = 'closed' order by id desc limit 1");
    const cadre = query<{ id: number }>("select id from users where employee_no = 'C0001'");
    await signIn("B0001");

    await page.goto("/manage/exams");
    await expectKeyCellsOnScreen(page, { 状态: page.getByTestId("exam-phase"), 操作: page.getByTestId("exam-actions") });

    await page.goto(`/manage/exams/${running.id}/live`);
    const byOrg = page.getByRole("table", { name: "按组织" });
    await expectKeyCellsOnScreen(page, {
      已交卷: byOrg.locator('td[data-label="已交卷"]'),
      及格: byOrg.locator('td[data-label="及格"]'),
      状态: page.getByTestId("live-state"),
      得分: page.getByTestId("live-score"),
    });
    await expect(page.getByTestId("state-chart")).toBeVisible();

    await page.goto(`/manage/exams/${past.id}/report`);
    const orgs = page.getByRole("table", { name: "单位汇总" });
    await expectKeyCellsOnScreen(page, {
      单位: orgs.locator('td[data-label="单位"]'),
      及格率: orgs.locator('td[data-label="及格率"]'),
      平均分: orgs.locator('td[data-label="平均分"]'),
      正确率: page.getByTestId("item-facility"),
      区分度: page.getByRole("table", { name: "试题分析" }).locator('td[data-label="区分度"]'),
    });
    // Score bins below the pass mark are not green like the rest.
    expect(await colour(page.locator(".hbar.fail").first())).not.toContain(GREEN);
    expect(await colour(page.locator(".hbar.pass").first())).toContain(GREEN);

    await page.goto("/manage/cadres");
    await expectKeyCellsOnScreen(page, { 状态: page.getByTestId("cadre-state"), 姓名: page.getByRole("table", { name: "干部名册" }).locator('td[data-label="姓名"]') });

    await page.goto(`/manage/cadres/${cadre.id}/report`);
    const history = page.locator("table").filter({ has: page.locator("caption", { hasText: "考试记录" }) });
    await expectKeyCellsOnScreen(page, { 最高分: history.locator('td[data-label="最高分"]'), 状态: history.locator('td[data-label="状态"]') });
  });

  test("审计日志 shows what happened on screen", async ({ page, signIn }) => {
    await signIn("A0001");
    await page.goto("/admin/audit");
    await expectKeyCellsOnScreen(page, { 事件: page.getByTestId("audit-action"), 内容: page.getByTestId("audit-description") });
  });
});
