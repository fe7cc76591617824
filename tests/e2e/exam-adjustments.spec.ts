import type { Page } from "@playwright/test";

import { expect, openE2eDatabase, test } from "./support/fixtures";

/** The demo's open quarterly exam (the seed publishes it with the whole bureau as its audience). */
function demoExamId(): number {
  const db = openE2eDatabase();
  try {
    const row = db
      .prepare("select id from exams where kind = 'quarterly' and status = 'published' and closes_at > ? and title like '%季度党纪法规考试' order by id limit 1")
      .get(new Date().toISOString()) as { id: number };
    return row.id;
  } finally {
    db.close();
  }
}

async function extendBy(page: Page, minutes: string) {
  const form = page.getByRole("form", { name: "延时" });
  await form.getByLabel("工号").fill("C0001");
  await form.getByLabel("延长分钟数").fill(minutes);
  await form.getByLabel("原因").fill("林场停电");
  await form.getByRole("button", { name: "延时" }).click();
  return form;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled, viewport: { width: 390, height: 844 } });

    test("an out-of-range extension gets the app's own Chinese message and changes nothing", async ({ page, signIn }) => {
      await signIn("B0001");
      await page.goto(`/manage/exams/${demoExamId()}`);
      const form = await extendBy(page, "9999");
      await expect(form.getByText("最多延长 600 分钟")).toBeVisible();
      await expect(page.getByText(/已为 .+ 延时/)).toHaveCount(0);
    });
  });
}
