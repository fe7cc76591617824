/// <reference types="vite/client" />
/**
 * Every action of every route, posted a broken multipart body by a signed-in admin: the
 * answer is a 4xx (or the action's own error page), never a 500. New routes are covered by
 * being routes: nothing to remember.
 */
import type { ActionFunction } from "@remix-run/node";

import type { DB } from "../../db/client";

import { sessionCookieFor } from "../support/route-calls";
import { createTestDatabase, makeOrg, makeUser } from "../support/test-db";

const routes = import.meta.glob<{ action?: ActionFunction }>("../../app/routes/*.{ts,tsx}", { eager: true });

let db: DB;
let cleanup: () => Promise<void>;
let cookie: string;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
  const org = await makeOrg(db, "畸形请求测试党委", null, "party_committee");
  const admin = await makeUser(db, { orgId: org.id, role: "admin" });
  cookie = await sessionCookieFor(db, admin.id);
});
afterAll(() => cleanup());

const withActions = Object.entries(routes).filter(([, module]) => typeof module.action === "function");

test("there are actions to check", () => {
  expect(withActions.length).toBeGreaterThan(5);
});

test.each(withActions.map(([file, module]) => [file.replace("../../app/routes/", ""), module] as const))("%s: a broken multipart body is a 4xx, not a 500", async (_file, module) => {
  const params = new Proxy({}, { get: (_t, key) => (typeof key === "string" ? "1" : undefined) }) as Record<string, string>;
  const request = new Request("http://localhost/x", {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "multipart/form-data; boundary=----broken" },
    body: '------broken\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave\r\n(no closing boundary',
  });
  let status: number;
  try {
    const result = await module.action!({ request, params, context: { db, clientAddress: "127.0.0.1", timeZone: "Asia/Shanghai" } } as never);
    status = result instanceof Response ? result.status : ((result as { init?: ResponseInit })?.init?.status ?? 200);
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    status = thrown.status;
  }
  expect(status).toBeLessThan(500);
});
