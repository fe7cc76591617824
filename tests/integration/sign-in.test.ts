import argon2 from "argon2";

import { type DB, driverOf } from "../../db/client";
import { parseArgon2Params } from "~/domain/passwords";
import { attemptLogin } from "~/models/login.server";
import { deleteSession, getSessionUser, hashToken, SESSION_IDLE_MS } from "~/models/sessions.server";
import { getOptionalUser } from "~/utils/auth.server";
import { SESSION_COOKIE } from "~/utils/session.server";

import { createTestDatabase, makeOrg, makeUser, TEST_PASSWORD, uniqueNo } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;
let orgId: number;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
  orgId = (await makeOrg(db, "登录测试党支部")).id;
});
afterAll(() => cleanup());

const login = (employeeNo: string, password: string, now = new Date(), ip = "10.0.0.1") =>
  attemptLogin(db, { employeeNo, password, ip, userAgent: "vitest", now });

describe("sign-in", () => {
  test("each login gets a new random session id; only its hash is stored", async () => {
    const user = await makeUser(db, { orgId });
    const first = await login(user.employee_no, TEST_PASSWORD);
    const second = await login(user.employee_no, TEST_PASSWORD);
    if (first.kind !== "ok" || second.kind !== "ok") throw new Error("login failed");
    expect(first.token).not.toBe(second.token);
    expect(Buffer.from(first.token, "base64url").length).toBeGreaterThanOrEqual(16);
    const ids = (await db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).map((r) => r.id);
    expect(ids).toContain(hashToken(first.token));
    expect(ids).not.toContain(first.token);
  });

  test("logout ends the session row; the old cookie is refused afterwards", async () => {
    const user = await makeUser(db, { orgId });
    const result = await login(user.employee_no, TEST_PASSWORD);
    if (result.kind !== "ok") throw new Error("login failed");
    expect(await getSessionUser(db, result.token, new Date())).toMatchObject({ id: user.id });
    await deleteSession(db, result.token);
    expect(await getSessionUser(db, result.token, new Date())).toBeNull();
  });

  test("activity slides the expiry, so a long exam never ends the session; idleness does", async () => {
    const user = await makeUser(db, { orgId });
    const start = new Date("2026-11-26T01:00:00Z");
    const result = await login(user.employee_no, TEST_PASSWORD, start);
    if (result.kind !== "ok") throw new Error("login failed");
    let now = start.getTime();
    for (let i = 0; i < 10; i++) {
      now += SESSION_IDLE_MS / 2;
      expect(await getSessionUser(db, result.token, new Date(now))).not.toBeNull();
      // The slide is queued, not waited for: it lands with the next commit.
      await driverOf(db).settled();
    }
    expect(await getSessionUser(db, result.token, new Date(now + SESSION_IDLE_MS + 1000))).toBeNull();
  });

  test("a wrong password fails, is logged without the password, and slows that address down for that account", async () => {
    const user = await makeUser(db, { orgId });
    const now = new Date("2026-11-26T03:00:00Z");
    for (let i = 0; i < 6; i++) {
      expect(await login(user.employee_no, "wrong-guess-xyz", new Date(now.getTime() + i), "10.1.0.1")).toEqual({ kind: "invalid" });
    }
    // The seventh try from that address within the second is slowed down, even with the right password.
    const slowed = await login(user.employee_no, TEST_PASSWORD, new Date(now.getTime() + 10), "10.1.0.1");
    expect(slowed.kind).toBe("throttled");
    // Once the wait is over the right password works again: no lasting lockout.
    const later = await login(user.employee_no, TEST_PASSWORD, new Date(now.getTime() + 5_000), "10.1.0.1");
    expect(later.kind).toBe("ok");

    const log = await db.selectFrom("audit_log").selectAll().where("target", "=", user.employee_no).execute();
    expect(log.filter((e) => e.action === "login.failure")).toHaveLength(6);
    expect(log.some((e) => e.action === "login.throttled")).toBe(true);
    expect(log.some((e) => e.action === "login.success")).toBe(true);
    expect(JSON.stringify(log)).not.toContain("wrong-guess-xyz");
    expect(JSON.stringify(log)).not.toContain(TEST_PASSWORD);
  });

  test("300 concurrent guesses from one address: only a handful reach the password check, the right one in the burst too is refused, and the real user signs in from elsewhere at once", async () => {
    const user = await makeUser(db, { orgId });
    const now = new Date();
    const burst = Array.from({ length: 300 }, (_, i) => login(user.employee_no, i === 250 ? TEST_PASSWORD : `guess-${i}`, now, "10.66.0.1"));
    const results = await Promise.all(burst);
    const evaluated = results.filter((r) => r.kind === "invalid").length;
    expect(evaluated).toBeGreaterThan(0);
    // The free failures of the account-and-address bucket, no more: each try is reserved before its hash is checked.
    expect(evaluated).toBeLessThanOrEqual(6);
    expect(results[250].kind).toBe("throttled");
    expect(results.filter((r) => r.kind === "throttled").length).toBe(300 - evaluated);

    const failures = await db.selectFrom("login_failures").select("id").where("employee_no", "=", user.employee_no).execute();
    expect(failures).toHaveLength(evaluated);
    // The refusals are in the audit log in aggregate, not as 290-odd rows.
    const throttledRows = await db.selectFrom("audit_log").select("detail").where("target", "=", user.employee_no).where("action", "=", "login.throttled").execute();
    expect(throttledRows.length).toBeGreaterThanOrEqual(1);
    expect(throttledRows.length).toBeLessThanOrEqual(3);

    // The real user, at their own place, is not slowed by the burst.
    const real = await login(user.employee_no, TEST_PASSWORD, new Date(now.getTime() + 1000), "10.77.0.1");
    expect(real.kind).toBe("ok");
  });

  test("once the account has 100 failures in the hour, unknown addresses are refused but the user's usual address still signs in", async () => {
    const user = await makeUser(db, { orgId });
    const t0 = new Date("2026-11-27T03:00:00Z").getTime();
    expect((await login(user.employee_no, TEST_PASSWORD, new Date(t0), "10.9.9.9")).kind).toBe("ok");
    // 100 failures spread over 20 addresses, 5 each (each pair stays within its free tries).
    for (let a = 0; a < 20; a++) {
      for (let i = 0; i < 5; i++) {
        expect((await login(user.employee_no, "bad-guess", new Date(t0 + 1000 + a * 10 + i), `10.20.${a}.1`)).kind).toBe("invalid");
      }
    }
    const later = new Date(t0 + 60_000);
    const stranger = await login(user.employee_no, TEST_PASSWORD, later, "10.30.0.1");
    expect(stranger).toMatchObject({ kind: "throttled" });
    if (stranger.kind === "throttled") expect(stranger.retryAfterSeconds).toBeGreaterThan(60);
    expect((await login(user.employee_no, TEST_PASSWORD, later, "10.9.9.9")).kind).toBe("ok");
  });

  test("an unknown 工号 fails the same way and is logged", async () => {
    const no = uniqueNo("NOPE");
    expect(await login(no, "whatever-123")).toEqual({ kind: "invalid" });
    const entry = await db.selectFrom("audit_log").selectAll().where("target", "=", no).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: "login.failure", ip: "10.0.0.1" });
  });

  test("a hash with old parameters is replaced at the next successful login", async () => {
    const user = await makeUser(db, { orgId });
    const weak = await argon2.hash(TEST_PASSWORD, { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await db.updateTable("users").set({ password_hash: weak }).where("id", "=", user.id).execute();
    expect((await login(user.employee_no, TEST_PASSWORD)).kind).toBe("ok");
    const stored = await db.selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(parseArgon2Params(stored.password_hash)).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
  });

  test("a deactivated account cannot sign in and its sessions stop working", async () => {
    const user = await makeUser(db, { orgId });
    const result = await login(user.employee_no, TEST_PASSWORD);
    if (result.kind !== "ok") throw new Error("login failed");
    await db.updateTable("users").set({ active: 0 }).where("id", "=", user.id).execute();
    expect(await getSessionUser(db, result.token, new Date())).toBeNull();
    expect((await login(user.employee_no, TEST_PASSWORD)).kind).toBe("invalid");
  });

  test("the loaders of one page ask the database once who is signed in; an action asks afresh", async () => {
    const user = await makeUser(db, { orgId });
    const result = await login(user.employee_no, TEST_PASSWORD);
    if (result.kind !== "ok") throw new Error("login failed");
    const context = { db, clientAddress: "127.0.0.1", timeZone: "Asia/Shanghai" } as never;
    const request = (method: string) => new Request("http://localhost/attempts/1", { method, headers: { Cookie: `${SESSION_COOKIE}=${result.token}` } });

    const page = request("GET");
    expect(await getOptionalUser(page, context)).toMatchObject({ id: user.id });
    const form = request("POST");
    expect(await getOptionalUser(form, context)).toMatchObject({ id: user.id });
    await deleteSession(db, result.token);
    // The same page (its second loader) has its answer already; a new page and a form post ask again.
    expect(await getOptionalUser(page, context)).toMatchObject({ id: user.id });
    expect(await getOptionalUser(request("GET"), context)).toBeNull();
    expect(await getOptionalUser(form, context)).toBeNull();
  });
});
