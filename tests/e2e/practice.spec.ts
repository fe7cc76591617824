import crypto from "node:crypto";

import type { Page } from "@playwright/test";

import { expect, openE2eDatabase, test } from "./support/fixtures";

/** A new cadre of its own (no exams, no practice), so the wrong-answer book starts empty. */
function freshCadre(): string {
  const employeeNo = `P${crypto.randomBytes(3).toString("hex").toUpperCase()}`;
  const db = openE2eDatabase();
  try {
    const org = db.prepare("select id from orgs where name = '青山林场党支部'").get() as { id: number };
    const now = new Date().toISOString();
    db.prepare(
      "insert into users (employee_no, name, org_id, rank, is_leader, is_party_member, role, scope_org_id, password_hash, must_change_password, active, created_at, updated_at) values (?, '练习干部', ?, 'staff', 0, 1, 'cadre', null, 'x', 0, 1, ?, ?)",
    ).run(employeeNo, org.id, now, now);
  } finally {
    db.close();
  }
  return employeeNo;
}

/** The key of the question on the page, from the database (the page itself never carries it). */
function keyOf(rowId: string): { type: string; options: string[]; answer: unknown } {
  const db = openE2eDatabase();
  try {
    const row = db.prepare("select type, options, answer from bank_questions where id = ?").get(Number(rowId)) as { type: string; options: string | null; answer: string };
    return { type: row.type, options: row.options ? JSON.parse(row.options) : [], answer: JSON.parse(row.answer) };
  } finally {
    db.close();
  }
}

/** Answers the shown question right or wrong, as a cadre would, and submits it. */
async function answer(page: Page, right: boolean): Promise<string> {
  const rowId = (await page.locator('input[name="row"]').getAttribute("value"))!;
  const { type, options, answer: key } = keyOf(rowId);
  const letters = "ABCDEFGH";
  if (type === "single") {
    const index = letters.indexOf(String(key));
    await page.locator(`input[name="q:0:0"][value="${right ? index : (index + 1) % options.length}"]`).check();
  } else if (type === "multiple") {
    const indexes = [...String(key)].map((l) => letters.indexOf(l));
    const chosen = right ? indexes : [options.findIndex((_, i) => !indexes.includes(i))];
    for (const i of chosen) await page.locator(`input[name="q:0:0"][value="${i}"]`).check();
  } else if (type === "judge") {
    await page.locator(`input[name="q:0:0"][value="${right ? String(key) : String(!key)}"]`).check();
  } else {
    const blanks = key as string[][];
    for (let i = 0; i < blanks.length; i++) await page.locator(`input[name="q:0:0:${i}"]`).fill(right ? blanks[i][0] : "错误的答案");
  }
  await page.getByRole("button", { name: "提交答案" }).click();
  return rowId;
}

async function practiseAKnowledgePoint(page: Page) {
  await page.goto("/");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "练习" }).click();
  await expect(page.getByRole("heading", { name: "练习", exact: true })).toBeVisible();
  await expect(page.getByTestId("book-size")).toHaveText("0");
  const bank = page.getByRole("region", { name: /森林法/ });
  const tag = bank.getByLabel("知识点");
  const firstPoint = (await tag.locator("option").nth(1).getAttribute("value"))!;
  await tag.selectOption(firstPoint);
  await bank.getByRole("button", { name: "开始练习" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`练习：.*森林法.*${firstPoint}`) })).toBeVisible();
  await expect(page.getByText(`知识点：`)).toContainText(firstPoint);

  // Wrong: the feedback shows the key, the explanation and the article, and the question enters the book.
  const wrongRow = await answer(page, false);
  await expect(page.getByTestId("practice-result")).toHaveText("回答错误");
  await expect(page.getByText("解析", { exact: true })).toBeVisible();
  await expect(page.getByText(/《中华人民共和国森林法（2019年修订）》第.+条/)).toBeVisible();
  await expect(page.getByTestId("practice-book")).toHaveText("本题已加入错题本。");

  await page.getByRole("link", { name: "错题本" }).click();
  await expect(page.getByTestId("book-total")).toHaveText("1");
  const stem = keyOf(wrongRow);
  expect(stem.type).not.toBe("essay");

  // Practise the book: right twice in a row and the question leaves it.
  await page.getByRole("link", { name: "练习全部错题" }).click();
  await expect(page.locator('input[name="row"]')).toHaveValue(wrongRow);
  await answer(page, true);
  await expect(page.getByTestId("practice-result")).toHaveText("回答正确");
  await expect(page.getByTestId("practice-book")).toHaveText("再答对 1 次即移出错题本。");
  await page.getByRole("link", { name: "下一题" }).click();
  await expect(page.locator('input[name="row"]')).toHaveValue(wrongRow);
  await answer(page, true);
  await expect(page.getByTestId("practice-book")).toHaveText("已连续答对 2 次，本题已移出错题本。");
  await page.getByRole("link", { name: "错题本" }).click();
  await expect(page.getByTestId("book-total")).toHaveText("0");
  await expect(page.getByText("错题本是空的。")).toBeVisible();

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}

test.describe("practice on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("a cadre practises a knowledge point with feedback, gets one wrong, finds it in 错题本, practises it right twice and it leaves", async ({ page, signIn }) => {
    await signIn(freshCadre());
    await practiseAKnowledgePoint(page);
  });
});

test.describe("practice without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });

  test("the same practice flow works with plain form posts", async ({ page, signIn }) => {
    await signIn(freshCadre());
    await practiseAKnowledgePoint(page);
  });
});
