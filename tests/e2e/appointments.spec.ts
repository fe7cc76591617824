import type { Page } from "@playwright/test";

import { expect, openE2eDatabase, plantSession, readyCadre, test, waitForHydration } from "./support/fixtures";

/** A demo cadre no other browser test uses, without a case of their own. */
const CADRE = "L0200";

type FrozenQuestion = {
  type: "single" | "multiple" | "judge" | "fill" | "essay";
  optionOrder: number[];
  answer: { kind: string; option?: number; options?: number[]; value?: boolean; blanks?: string[][] };
};

function cadreName(employeeNo: string): string {
  const db = openE2eDatabase();
  try {
    return (db.prepare("select name from users where employee_no = ?").get(employeeNo) as { name: string }).name;
  } finally {
    db.close();
  }
}

/** The frozen paper of the attempt on the page, read from the database: the test answers every question right. */
function frozenQuestions(attemptId: number): FrozenQuestion[] {
  const db = openE2eDatabase();
  try {
    const { paper } = db.prepare("select paper from attempt_papers where attempt_id = ?").get(attemptId) as { paper: string };
    return (JSON.parse(paper) as { sections: Array<{ questions: FrozenQuestion[] }> }).sections.flatMap((s) => s.questions);
  } finally {
    db.close();
  }
}

async function answerEverythingRight(page: Page) {
  const attemptId = Number(new URL(page.url()).pathname.split("/").at(-1));
  const questions = frozenQuestions(attemptId);
  const cards = page.locator("fieldset.question");
  await expect(cards).toHaveCount(questions.length);
  for (const [i, q] of questions.entries()) {
    const card = cards.nth(i);
    const shown = (original: number) => q.optionOrder.indexOf(original);
    if (q.answer.kind === "single") await card.locator('input[type="radio"]').nth(shown(q.answer.option!)).check();
    else if (q.answer.kind === "multiple") for (const o of q.answer.options!) await card.locator('input[type="checkbox"]').nth(shown(o)).check();
    else if (q.answer.kind === "judge") await card.locator('input[type="radio"]').nth(q.answer.value ? 0 : 1).check();
    else if (q.answer.kind === "fill") for (const [b, alts] of q.answer.blanks!.entries()) await card.locator('input[type="text"]').nth(b).fill(alts[0]);
  }
}

async function completedThisYear(page: Page): Promise<number> {
  await page.goto("/manage/appointments");
  const sentence = (await page.getByTestId("year-sentence").textContent()) ?? "";
  return Number(/共组织 (\d+) 名/.exec(sentence)?.[1]);
}

test.describe("pre-appointment cases on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the organizer opens a case, the cadre signs and passes the test, the talk completes it, and the board counts it", async ({ page, signIn, browser, baseURL }) => {
    test.setTimeout(150_000);
    readyCadre(CADRE);
    const name = cadreName(CADRE);
    await signIn("B0001");
    const before = await completedThisYear(page);

    // The organizer opens the case.
    await page.getByRole("link", { name: "新建任前事项" }).click();
    await page.getByLabel("干部工号").fill(CADRE);
    await page.getByRole("button", { name: "查找" }).click();
    await expect(page.getByRole("heading", { name: `${name}（${CADRE}）` })).toBeVisible();
    await page.getByLabel("新任职务").fill("柳河林场副场长");
    await page.getByLabel("任用文号（可选）").fill("林党任〔2026〕21号");
    await page.getByRole("button", { name: "建立任前事项" }).click();
    await expect(page.getByText("任前事项已建立，任前考试已安排给该干部。")).toBeVisible();
    await expect(page.getByTestId("case-state")).toHaveText("待承诺、待谈话、待考试");
    const caseUrl = page.url().replace(/\?.*$/, "");

    // The cadre signs the commitment on the phone.
    const cadreContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await plantSession(cadreContext, CADRE, baseURL!);
    const cadre = await cadreContext.newPage();
    await cadre.goto("/");
    const mine = cadre.getByRole("region", { name: "任前事项" });
    await expect(mine).toContainText("拟任柳河林场副场长");
    await mine.getByRole("link", { name: "阅读并签署承诺书" }).click();
    await expect(cadre.getByRole("heading", { name: "任前廉政承诺书" })).toBeVisible();
    await cadre.getByLabel("请输入您的姓名").fill(name);
    await cadre.getByLabel("我已阅读并承诺").check();
    await cadre.getByRole("button", { name: "签署承诺书" }).click();
    await expect(cadre.getByText("承诺书已签署。")).toBeVisible();
    await expect(cadre.getByTestId("signed-name")).toHaveText(name);
    const overflow = await cadre.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);

    // … and takes the test from 我的考试, where it shows with the case's context.
    await cadre.goto("/");
    const exams = cadre.getByRole("region", { name: "我的考试" });
    await expect(exams).toContainText("任前考试 · 拟任柳河林场副场长");
    await exams.getByRole("link", { name: /任前廉政法规考试/ }).click();
    await expect(cadre.getByTestId("appointment-context")).toContainText("闭卷");
    await cadre.getByRole("button", { name: "开始考试" }).click();
    await expect(cadre).toHaveURL(/\/attempts\/\d+$/);
    await expect(cadre.getByRole("button", { name: "交卷" })).toBeVisible();
    await waitForHydration(cadre);
    await answerEverythingRight(cadre);
    await expect(cadre.getByTestId("save-state")).toContainText(/已保存 \d\d:\d\d:\d\d/, { timeout: 20_000 });
    await cadre.getByRole("button", { name: "交卷" }).click();
    await cadre.getByRole("dialog", { name: "确认交卷" }).getByRole("button", { name: "确定交卷" }).click();
    await expect(cadre).toHaveURL(/\/result$/);
    await expect(cadre.getByTestId("score")).toContainText("100 / 100 分");
    await cadreContext.close();

    // The organizer records the talk; the case is complete.
    await page.goto(caseUrl);
    await expect(page.getByTestId("case-state")).toHaveText("待谈话");
    await page.getByLabel("谈话人1姓名").fill("周建国");
    await page.getByLabel("谈话人1职务").fill("局党委副书记");
    await page.getByLabel("谈话摘要").fill("提醒新岗位在林木采伐审批和物资采购中的廉政风险，要求管好身边人。");
    await page.getByRole("button", { name: "保存谈话记录" }).click();
    await expect(page.getByText("谈话记录已保存。")).toBeVisible();
    await expect(page.getByTestId("case-state")).toHaveText("已完成");
    const history = page.getByRole("table", { name: "事项记录" });
    await expect(history).toContainText("干部签署了任前廉政承诺书");
    await expect(history).toContainText("任前考试通过（100 分）");
    await expect(history).toContainText("任前承诺、谈话、考试均已完成");

    // The board shows it completed, and the year's count rose by one.
    expect(await completedThisYear(page)).toBe(before + 1);
    await page.getByLabel("状态").selectOption("completed");
    await page.getByRole("button", { name: "筛选" }).click();
    const row = page.getByRole("table", { name: "任前事项" }).getByRole("row").filter({ hasText: CADRE });
    await expect(row).toContainText("已完成");
    await expect(row).toContainText("柳河林场副场长");
  });

  test("the demo cadre signs on the signing page without JavaScript, and the A4 view shows the name and time", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL, viewport: { width: 390, height: 844 }, isMobile: true });
    await plantSession(context, "C0001", baseURL!);
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("region", { name: "任前事项" }).getByRole("link", { name: "阅读并签署承诺书" }).click();
    await expect(page.getByText("拟任东方红林场副场长")).toBeVisible();

    // A name that is not the cadre's is refused, and nothing is signed.
    await page.getByLabel("请输入您的姓名").fill("王森");
    await page.getByLabel("我已阅读并承诺").check();
    await page.getByRole("button", { name: "签署承诺书" }).click();
    await expect(page.getByText("输入的姓名与您的姓名不一致，请输入您的完整姓名")).toBeVisible();
    await expect(page.getByRole("button", { name: "签署承诺书" })).toBeVisible();

    await page.getByLabel("请输入您的姓名").fill("王林");
    await page.getByLabel("我已阅读并承诺").check();
    await page.getByRole("button", { name: "签署承诺书" }).click();
    await expect(page.getByText("承诺书已签署。")).toBeVisible();
    await page.getByRole("link", { name: "打印版（A4）" }).click();
    await expect(page.getByTestId("print-name")).toContainText("王林（工号 C0001）");
    await expect(page.getByTestId("print-time")).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    const db = openE2eDatabase();
    try {
      const row = db
        .prepare("select c.commitment_signed_name as name, t.version from appointment_cases c join users u on u.id = c.cadre_id join appointment_commitment_texts t on t.id = c.commitment_text_id where u.employee_no = 'C0001'")
        .get() as { name: string; version: number };
      expect(row).toEqual({ name: "王林", version: 1 });
    } finally {
      db.close();
    }
    await context.close();
  });
});
