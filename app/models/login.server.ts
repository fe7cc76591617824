import type { DB } from "../../db/client";
import { decideLogin, THROTTLE_WINDOW_MS } from "~/domain/login-throttle";
import { burnPasswordCheck, verifyAndMaybeRehash } from "~/utils/password.server";

import { recordAudit } from "./audit.server";
import { createSession } from "./sessions.server";

export type LoginResult =
  | { kind: "ok"; token: string; userId: number; mustChangePassword: boolean }
  | { kind: "invalid" }
  | { kind: "throttled"; retryAfterSeconds: number };

export function normalizeEmployeeNo(raw: string): string {
  return raw.normalize("NFKC").trim().toUpperCase();
}

async function failureInstants(db: DB, column: "employee_no" | "ip", value: string, now: Date): Promise<number[]> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  const rows = await db
    .selectFrom("login_failures")
    .select("at")
    .where(column, "=", value)
    .where("at", ">", since)
    .execute();
  return rows.map((r) => Date.parse(r.at));
}

/**
 * Checks 工号 and 密码 under throttling. Every outcome is audited; the password never is.
 * The argon2 work happens outside any transaction (SQLite has one writer).
 */
export async function attemptLogin(
  db: DB,
  input: { employeeNo: string; password: string; ip: string; userAgent: string | null; now: Date },
): Promise<LoginResult> {
  const employeeNo = normalizeEmployeeNo(input.employeeNo);
  const { now, ip } = input;
  const decision = decideLogin({
    accountFailures: await failureInstants(db, "employee_no", employeeNo, now),
    addressFailures: await failureInstants(db, "ip", ip, now),
    now: now.getTime(),
  });
  if (!decision.allowed) {
    await recordAudit(db, {
      actorId: null,
      action: "login.throttled",
      target: employeeNo,
      detail: { retryAfterSeconds: decision.retryAfterSeconds, reason: decision.reason },
      ip,
      now,
    });
    return { kind: "throttled", retryAfterSeconds: decision.retryAfterSeconds };
  }

  const user = await db
    .selectFrom("users")
    .select(["id", "password_hash", "active", "must_change_password"])
    .where("employee_no", "=", employeeNo)
    .executeTakeFirst();

  let verdict: { ok: boolean; newHash: string | null };
  if (!user || !user.active) {
    await burnPasswordCheck(input.password);
    verdict = { ok: false, newHash: null };
  } else {
    verdict = await verifyAndMaybeRehash(user.password_hash, input.password);
  }

  if (!user || !user.active || !verdict.ok) {
    await db.insertInto("login_failures").values({ employee_no: employeeNo, ip, at: now.toISOString() }).execute();
    await recordAudit(db, {
      actorId: user?.id ?? null,
      action: "login.failure",
      target: employeeNo,
      detail: { reason: !user ? "unknown_account" : !user.active ? "inactive" : "wrong_password" },
      ip,
      now,
    });
    return { kind: "invalid" };
  }

  const token = await db.transaction().execute(async (trx) => {
    if (verdict.newHash) {
      await trx.updateTable("users").set({ password_hash: verdict.newHash, updated_at: now.toISOString() }).where("id", "=", user.id).execute();
    }
    await trx.deleteFrom("login_failures").where("employee_no", "=", employeeNo).execute();
    const created = await createSession(trx, { userId: user.id, ip, userAgent: input.userAgent, now });
    await recordAudit(trx, {
      actorId: user.id,
      action: "login.success",
      target: employeeNo,
      detail: verdict.newHash ? { rehashed: true } : null,
      ip,
      now,
    });
    return created;
  });
  return { kind: "ok", token, userId: user.id, mustChangePassword: Boolean(user.must_change_password) };
}

export async function pruneLoginFailures(db: DB, now: Date): Promise<void> {
  await db
    .deleteFrom("login_failures")
    .where("at", "<", new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString())
    .execute();
}
