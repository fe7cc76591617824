import type { Page } from "@playwright/test";

import { expect, openE2eDatabase, plantSession, readyCadre, test, waitForHydration } from "./support/fixtures";

const FARM = "鹿鸣林场党支部";

/** `2026-12-04T09:00` in Asia/Shanghai, the zone the server reads datetime-local values in. */
function shanghaiLocal(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

type FrozenQuestion = { type: string; optionOrder: number[]; answer: { kind: string; option?: number; options?: number[]; value?: boolean } };

/** Answers every question of the open attempt correctly, from the paper frozen in the database. */
async function answerCorrectly(page: Page, attemptId: number) {
  const db = openE2eDatabase();
  const { paper } = db.prepare("select paper from attempt_papers where attempt_id = ?").get(attemptId) as { paper: string };
  db.close();
  const questions = (JSON.parse(paper) as { sections: Array<{ questions: FrozenQuestion[] }> }).sections.flatMap((s) => s.questions);
  for (const [i, q] of questions.entries()) {
    const card = page.locator("fieldset.question").nth(i);
    if (q.answer.kind === "single") await card.locator('input[type="radio"]').nth(q.optionOrder.indexOf(q.answer.option!)).check();
    else if (q.answer.kind === "multiple") for (const o of q.answer.options!) await card.locator('input[type="checkbox"]').nth(q.optionOrder.indexOf(o)).check();
    else if (q.answer.kind === "judge") await card.locator('input[type="radio"]').nth(q.answer.value ? 0 : 1).check();
  }
  return questions.length;
}

test("an attendee reads the outline before the meeting and passes the quiz; the organizer records attendance and the year's count rises", async ({ browser, page, signIn, baseURL }) => {
  test.setTimeout(120_000);
  const title = `学法测试会议-${Date.now().toString(36)}`;
  const db = openE2eDatabase();
  const farm = db.prepare("select id from orgs where name = ?").get(FARM) as { id: number };
  const leaders = db.prepare("select employee_no, name from users where org_id = ? and is_leader = 1 and active = 1 order by employee_no").all(farm.id) as Array<{ employee_no: string; name: string }>;
  db.close();
  expect(leaders.length).toBeGreaterThan(0);

  // The organizer plans a 党委会议 of the farm in two days and picks its leaders as attendees.
  await signIn("B0001");
  await page.goto(`/manage/law-study?org=${farm.id}`);
  await expect(page.getByRole("heading", { name: new RegExp(`学法计划 · ${FARM}`) })).toBeVisible();
  const countBefore = Number((await page.getByTestId("year-count").textContent())!.replace(/\D/g, ""));
  await page.getByLabel("会议类型").selectOption({ label: "党委会议" });
  await page.getByLabel("会议时间").fill(shanghaiLocal(new Date(Date.now() + 2 * 24 * 3600_000)));
  await page.getByLabel("会议名称").fill(title);
  await page.getByLabel("主讲人").fill("场长");
  await page.getByLabel("学法模块").selectOption({ label: "森林法：林木采伐（中华人民共和国森林法）" });
  await page.getByRole("button", { name: "加入计划" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByTestId("audience-count")).toHaveText(`已选 ${leaders.length} 人`);
  await page.getByRole("button", { name: "确定参会人员" }).click();
  await expect(page.getByRole("status").filter({ hasText: `已确定 ${leaders.length} 名参会人员` })).toBeVisible();
  await expect(page.getByTestId("meeting-phase")).toHaveText("学习中（材料已开放）");
  const meetingUrl = page.url().split("?")[0];

  // The attendee, on a phone, finds it on the home page as 待学习, reads to the end and passes the quiz.
  const attendee = leaders[0];
  readyCadre(attendee.employee_no);
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  await plantSession(phone, attendee.employee_no, baseURL!);
  const reader = await phone.newPage();
  await reader.goto("/");
  await reader.getByRole("region", { name: "待学习" }).getByRole("link", { name: title }).click();
  await expect(reader.getByRole("heading", { name: "学习要点" })).toBeVisible();
  await expect(reader.getByText(/采伐林地上的林木须申请采伐许可证/)).toBeVisible();
  await expect(reader.getByRole("article", { name: "第五十六条（重点）" })).toBeVisible();
  await waitForHydration(reader);
  await expect(reader.getByTestId("reading-state")).toContainText("未学完");
  await reader.getByTestId("reading-end").scrollIntoViewIfNeeded();
  await expect(reader.getByTestId("reading-state")).toContainText("已学完");
  const overflow = await reader.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);

  await reader.getByRole("link", { name: "参加测验" }).click();
  await reader.getByRole("button", { name: "开始考试" }).click();
  await expect(reader).toHaveURL(/\/attempts\/\d+$/);
  await expect(reader.getByRole("button", { name: "交卷" })).toBeVisible();
  const attemptId = Number(reader.url().split("/").at(-1));
  const total = await answerCorrectly(reader, attemptId);
  await expect(reader.getByRole("navigation", { name: "答题卡" })).toContainText(`已答 ${total} / ${total} 题`);
  await reader.getByRole("button", { name: "交卷" }).click();
  await reader.getByRole("dialog", { name: "确认交卷" }).getByRole("button", { name: "确定交卷" }).click();
  await expect(reader).toHaveURL(/\/result$/);
  await expect(reader.getByText(/^及格$/)).toBeVisible();
  await reader.goto(meetingUrl.replace("/manage/law-study/meetings/", "/law-study/"));
  await expect(reader.getByText("学法测验：通过")).toBeVisible();
  await phone.close();

  // The meeting is held (moved into the past here); the organizer records attendance and sees it complete.
  const write = openE2eDatabase();
  write.prepare("update law_meetings set starts_at = ? where title = ?").run(new Date(Date.now() - 3600_000).toISOString(), title);
  write.close();
  await page.goto(meetingUrl);
  const attendance = page.getByRole("table", { name: "出勤" });
  for (const leader of leaders) await attendance.getByLabel(`${leader.name}的出勤`).selectOption({ label: "出席" });
  await page.getByRole("button", { name: "保存出勤" }).click();
  await expect(page.getByRole("status").filter({ hasText: `已记录 ${leaders.length} 人的出勤` })).toBeVisible();
  await expect(page.getByTestId("meeting-phase")).toHaveText("已完成");
  await expect(page.getByTestId("stat-present")).toHaveText(String(leaders.length));
  await expect(page.getByTestId("stat-finished")).toHaveText("1");
  await expect(page.getByTestId("stat-quiz")).toHaveText("1");

  await page.goto(`/manage/law-study?org=${farm.id}`);
  await expect(page.getByTestId("year-count")).toHaveText(`${countBefore + 1} 部`);
  await expect(page.getByRole("table", { name: "学法计划" }).getByRole("row").filter({ hasText: title })).toContainText("已完成");
});
