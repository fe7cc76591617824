import crypto from "node:crypto";

import { test as base, type BrowserContext, type Page } from "@playwright/test";
import Database from "better-sqlite3";

import { e2eDatabasePath } from "./paths.mjs";

export const DEMO_PASSWORD = "kaoxue-demo";

/** Direct access to the e2e server's database file, for arranging data and checking outcomes. */
export function openE2eDatabase() {
  const db = new Database(e2eDatabasePath);
  db.pragma("busy_timeout = 10000");
  return db;
}

/**
 * Plants a real session row for a user and puts its cookie in the browser, so tests that are
 * not about signing in do not click through the login page (and its throttling) every time.
 */
export async function plantSession(context: BrowserContext, employeeNo: string, baseURL: string, databasePath = e2eDatabasePath) {
  const db = new Database(databasePath);
  db.pragma("busy_timeout = 10000");
  try {
    const user = db.prepare("select id from users where employee_no = ?").get(employeeNo) as { id: number } | undefined;
    if (!user) throw new Error(`no user ${employeeNo}`);
    const token = crypto.randomBytes(32).toString("base64url");
    const now = new Date();
    db.prepare(
      "insert into sessions (id, user_id, created_at, last_seen_at, expires_at, ip, user_agent) values (?, ?, ?, ?, ?, ?, ?)",
    ).run(
      crypto.createHash("sha256").update(token).digest("hex"),
      user.id,
      now.toISOString(),
      now.toISOString(),
      new Date(now.getTime() + 12 * 3600_000).toISOString(),
      "127.0.0.1",
      "playwright",
    );
    const url = new URL(baseURL);
    await context.addCookies([{ name: "kaoxue_session", value: token, domain: url.hostname, path: "/", httpOnly: true, sameSite: "Lax" }]);
  } finally {
    db.close();
  }
}

/** Waits until Remix has hydrated, so client-side behaviour can be tested. */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
}

/**
 * A demo cadre ready to take exams: the initial-password step already done. Exam tests each
 * use their own cadre, so their attempts never meet.
 */
export function readyCadre(employeeNo: string, databasePath = e2eDatabasePath) {
  const db = new Database(databasePath);
  try {
    db.pragma("busy_timeout = 10000");
    db.prepare("update users set must_change_password = 0 where employee_no = ?").run(employeeNo);
  } finally {
    db.close();
  }
}

export const test = base.extend<{ signIn: (employeeNo: string) => Promise<void> }>({
  signIn: async ({ context, baseURL }, use) => {
    await use((employeeNo) => plantSession(context, employeeNo, baseURL!));
  },
});

export { expect } from "@playwright/test";
