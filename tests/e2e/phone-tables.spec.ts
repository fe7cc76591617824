import type { Locator, Page } from "@playwright/test";

import { expect, openE2eDatabase, readyCadre, test } from "./support/fixtures";

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
  // Against the screen's width, not innerWidth: on a phone the layout viewport grows to fit content that overflows.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(WIDTH + 1);
  for (const [name, cell] of Object.entries(cells)) {
    // No scrolling here: a cell that is only reachable by scrolling a table sideways counts as off screen.
    const first = cell.first();
    await expect(first, name).toBeVisible();
    const box = (await first.boundingBox())!;
    expect(box.x, `${name} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${name} ends on screen`).toBeLessThanOrEqual(WIDTH + 0.5);
  }
}

/** A page without tables: nothing runs off the right edge, and its heading is on screen. */
async function expectNoSidewaysScroll(page: Page) {
  await expectKeyCellsOnScreen(page, { 标题: page.locator("h1") });
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

  test("the appointment, law-study, regulation and statistics pages show their key columns on screen", async ({ page, signIn }) => {
    const now = new Date().toISOString();
    const completed = query<{ id: number; cadre: number }>("select id, cadre_id as cadre from appointment_cases where status = 'completed' order by id limit 1");
    const started = query<{ id: number }>("select m.id from law_meetings m where m.starts_at < ? and exists (select 1 from law_attendees a where a.meeting_id = m.id) order by m.starts_at desc limit 1", now);
    const module = query<{ id: number }>("select id from law_modules order by id limit 1");
    // The longest official text (its first line names a long source URL) when the folder was imported; else any regulation.
    const regulation = query<{ slug: string }>("select r.slug from regulations r left join regulation_versions v on v.regulation_id = r.id group by r.id order by count(v.id) desc, r.slug = 'jilv-chufen-tiaoli-2023' desc, r.id limit 1");
    await signIn("B0001");

    await page.goto("/manage/appointments");
    const cases = page.getByRole("table", { name: "任前事项" });
    await expectKeyCellsOnScreen(page, {
      姓名: cases.locator('td[data-label="姓名"]'),
      考试: cases.locator('td[data-label="考试"]'),
      状态: cases.locator('td[data-label="状态"]'),
      天数: cases.locator('td[data-label="天数"]'),
    });

    await page.goto(`/manage/appointments/${completed.id}`);
    const history = page.getByRole("table", { name: "事项记录" });
    await expectKeyCellsOnScreen(page, { 时间: history.locator('td[data-label="时间"]'), 内容: history.locator('td[data-label="内容"]'), 状态变化: history.locator('td[data-label="状态变化"]') });

    await page.goto("/manage/law-study");
    const plan = page.getByRole("table", { name: "学法计划" });
    await expectKeyCellsOnScreen(page, { 会议: plan.locator('td[data-label="会议"]'), 状态: page.getByTestId("plan-phase"), 出席: plan.locator('td[data-label="出席 / 应参加"]'), 测验通过: plan.locator('td[data-label="测验通过"]') });

    await page.goto("/manage/law-study/modules");
    await expectNoSidewaysScroll(page);
    await page.goto(`/manage/law-study/modules/${module.id}`);
    await expectNoSidewaysScroll(page);

    await page.goto(`/manage/law-study/meetings/${started.id}`);
    const attendance = page.getByRole("table", { name: "出勤" });
    await expectKeyCellsOnScreen(page, {
      参会人员: attendance.locator('td[data-label="参会人员"]'),
      出勤: attendance.locator('td[data-label="出勤"] select'),
      缺席原因: attendance.locator('td[data-label="缺席原因"] input'),
      学习情况: page.locator("table", { has: page.locator("caption", { hasText: "学习情况" }) }).locator("td[data-label]").last(),
    });

    await page.goto("/manage/regulations");
    const library = page.getByRole("table", { name: "法规库" });
    await expectKeyCellsOnScreen(page, { 法规: library.locator('td[data-label="法规"]'), 效力: page.getByTestId("regulation-status"), 条: library.locator('td[data-label="条"]') });

    await page.goto(`/manage/regulations/${regulation.slug}`);
    await expectNoSidewaysScroll(page);

    await page.goto("/manage/statistics");
    const matrix = page.locator("table.quarter-matrix");
    await expectKeyCellsOnScreen(page, {
      单位: matrix.locator('tbody th[scope="row"]'),
      第一季度: matrix.locator("tbody td[data-label]"),
      // The last quarter of the 合计 row: the rightmost cell of the matrix on a desktop.
      最后一季: matrix.locator("tbody tr.total td").last(),
    });
    const tagLink = page.locator('a[href*="/manage/statistics/tag"]').first();
    await expect(tagLink).toBeVisible();
    await page.goto((await tagLink.getAttribute("href"))!);
    await expectKeyCellsOnScreen(page, { 正确率: page.getByTestId("item-facility"), 区分度: page.getByRole("table", { name: "试题分析" }).locator('td[data-label="区分度"]') });

    await page.goto(`/manage/cadres/${completed.cadre}/record`);
    const section = (key: string) => page.locator(`section[data-section="${key}"] table`).first();
    const scores = page.locator("table", { has: page.locator("caption", { hasText: "考试成绩" }) });
    const appointment = page.locator("table", { has: page.locator("caption", { hasText: "任前" }) });
    await expectKeyCellsOnScreen(page, {
      最高分: scores.locator('td[data-label="最高分"]'),
      是否及格: scores.locator('td[data-label="是否及格"]'),
      状态: scores.locator('td[data-label="状态"]'),
      任前状态: appointment.locator('td[data-label="状态"]'),
      合格有效期至: appointment.locator('td[data-label="合格有效期至"]'),
    });
    // Every table of the record is cards: each of its cells is on screen.
    for (const key of await page.locator("section[data-section]").evaluateAll((els) => els.filter((el) => el.querySelector("table tbody td")).map((el) => el.getAttribute("data-section")!))) {
      await expectKeyCellsOnScreen(page, { [`${key} 末列`]: section(key).locator("tbody tr").first().locator("td").last() });
    }
  });

  test("承诺书版本 on the settings page shows each version on screen", async ({ page, signIn }) => {
    await signIn("A0001");
    await page.goto("/manage/appointments/settings");
    const versions = page.getByRole("table", { name: "承诺书版本" });
    await expectKeyCellsOnScreen(page, { 版本: versions.locator('td[data-label="版本"]'), 签署人数: versions.locator('td[data-label="签署人数"]') });
  });

  test("the cadre's law-study, practice and commitment pages do not scroll sideways", async ({ page, signIn }) => {
    const practised = query<{ employee_no: string }>("select u.employee_no from practice_answers p join users u on u.id = p.user_id where u.role = 'cadre' group by u.id order by count(*) desc limit 1");
    const attendee = query<{ meeting: number; employee_no: string }>("select a.meeting_id as meeting, u.employee_no from law_attendees a join users u on u.id = a.user_id join law_meetings m on m.id = a.meeting_id where u.employee_no = ? order by m.starts_at desc limit 1", practised.employee_no);
    readyCadre(practised.employee_no);
    await signIn(practised.employee_no);
    for (const path of ["/law-study", "/practice", "/practice/wrong-book", ...(attendee ? [`/law-study/${attendee.meeting}`] : [])]) {
      await page.goto(path);
      await expectNoSidewaysScroll(page);
    }
    await expect(page.locator(".wrong-list li, .law-article, .exam-list li").first()).toBeVisible();
  });

  test("the commitment and its print view fit a phone, and the print view prints on one A4 page", async ({ page, signIn }) => {
    const signed = query<{ id: number; employee_no: string }>("select c.id, u.employee_no from appointment_cases c join users u on u.id = c.cadre_id where c.commitment_signed_at is not null order by c.id limit 1");
    readyCadre(signed.employee_no);
    await signIn(signed.employee_no);
    await page.goto(`/appointments/${signed.id}/commitment`);
    await expectNoSidewaysScroll(page);
    await page.goto(`/appointments/${signed.id}/commitment/print`);
    await expectNoSidewaysScroll(page);
    await expect(page.getByTestId("print-name")).toBeVisible();
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString("latin1");
    expect(pdfPages(pdf)).toEqual([A4]);
  });

  test("the record, plan and statistics print views still print on A4, as tables", async ({ page, signIn }) => {
    const cadre = query<{ id: number }>("select cadre_id as id from appointment_cases where status = 'completed' order by id limit 1");
    await signIn("B0001");
    for (const path of [`/manage/cadres/${cadre.id}/record?print=1`, "/manage/law-study?print=1", "/manage/statistics?print=1"]) {
      await page.goto(path);
      // Cards on the phone's screen …
      expect(await page.locator("table.stack tbody tr").first().evaluate((tr) => getComputedStyle(tr).display), path).toBe("block");
      // … and rows of a table on paper.
      await page.emulateMedia({ media: "print" });
      expect(await page.locator("table.stack tbody tr").first().evaluate((tr) => getComputedStyle(tr).display), path).toBe("table-row");
      await page.emulateMedia({ media: null });
      const pages = pdfPages((await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString("latin1"));
      expect(pages.length, path).toBeGreaterThan(0);
      expect(new Set(pages), path).toEqual(new Set([A4]));
    }
  });
});

/** A4 in PDF points, rounded. */
const A4 = "595x842";

/** The size of each page of a PDF made by Chromium (one MediaBox per page object). */
function pdfPages(pdf: string): string[] {
  return [...pdf.matchAll(/\/Type\s*\/Page\b(?!s)[\s\S]*?\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => `${Math.round(Number(m[1]))}x${Math.round(Number(m[2]))}`);
}
