import type { DB } from "../../db/client";
import { decideLogin, THROTTLE_WINDOW_MS, type ThrottleDecision } from "~/domain/login-throttle";
import { burnPasswordCheck, verifyAndMaybeRehash } from "~/utils/password.server";

import { recordAudit, recordAuditAtMostEvery } from "./audit.server";
import { createSession } from "./sessions.server";

export type LoginResult =
  | { kind: "ok"; token: string; userId: number; mustChangePassword: boolean }
  | { kind: "invalid" }
  | { kind: "throttled"; retryAfterSeconds: number };

export function normalizeEmployeeNo(raw: string): string {
  return raw.normalize("NFKC").trim().toUpperCase();
}

/** A known address stays known this long after its last successful sign-in. */
const KNOWN_ADDRESS_MS = 90 * 24 * 60 * 60 * 1000;

/**
 * Password checks in flight, per account and per address. A burst waits for nothing: beyond
 * these it is answered 429 at once, so hundreds of parallel guesses cannot all reach argon2.
 */
export const IN_FLIGHT_LIMITS = { account: 2, address: 4 };
const inFlight = { account: new Map<string, number>(), address: new Map<string, number>() };

function enter(kind: keyof typeof inFlight, key: string): boolean {
  const n = inFlight[kind].get(key) ?? 0;
  if (n >= IN_FLIGHT_LIMITS[kind]) return false;
  inFlight[kind].set(key, n + 1);
  return true;
}

function leave(kind: keyof typeof inFlight, key: string): void {
  const n = (inFlight[kind].get(key) ?? 1) - 1;
  if (n <= 0) inFlight[kind].delete(key);
  else inFlight[kind].set(key, n);
}

async function failureInstants(db: DB, where: { employeeNo?: string; ip?: string }, now: Date): Promise<number[]> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  let query = db.selectFrom("login_failures").select("at").where("at", ">", since);
  if (where.employeeNo !== undefined) query = query.where("employee_no", "=", where.employeeNo);
  if (where.ip !== undefined) query = query.where("ip", "=", where.ip);
  return (await query.execute()).map((r) => Date.parse(r.at));
}

/**
 * Decides and, when allowed, reserves the try as a failure in the same transaction: the
 * reservation counts against every bucket while the hash is being checked, so concurrent
 * guesses see each other (the check cannot be raced). A right password removes it again.
 */
async function reserveTry(db: DB, input: { employeeNo: string; ip: string; now: Date }): Promise<{ decision: ThrottleDecision; reservationId: number | null }> {
  const { employeeNo, ip, now } = input;
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select("id").where("employee_no", "=", employeeNo).executeTakeFirst();
    const known = user
      ? await trx
          .selectFrom("login_addresses")
          .select("ip")
          .where("user_id", "=", user.id)
          .where("ip", "=", ip)
          .where("last_success_at", ">", new Date(now.getTime() - KNOWN_ADDRESS_MS).toISOString())
          .executeTakeFirst()
      : undefined;
    const decision = decideLogin({
      pairFailures: await failureInstants(trx, { employeeNo, ip }, now),
      addressFailures: await failureInstants(trx, { ip }, now),
      accountFailures: await failureInstants(trx, { employeeNo }, now),
      knownAddress: Boolean(known),
      now: now.getTime(),
    });
    if (!decision.allowed) return { decision, reservationId: null };
    const row = await trx.insertInto("login_failures").values({ employee_no: employeeNo, ip, at: now.toISOString() }).returning("id").executeTakeFirstOrThrow();
    return { decision, reservationId: row.id };
  });
}

async function refuse(db: DB, input: { employeeNo: string; ip: string; now: Date; retryAfterSeconds: number; reason: string }): Promise<LoginResult> {
  // A flood of refused tries writes one audit row a minute per account and address, with the count.
  await recordAuditAtMostEvery(
    db,
    { actorId: null, action: "login.throttled", target: input.employeeNo, detail: { retryAfterSeconds: input.retryAfterSeconds, reason: input.reason }, ip: input.ip, now: input.now },
    { key: `login.throttled|${input.employeeNo}|${input.ip}`, everyMs: 60_000 },
  );
  return { kind: "throttled", retryAfterSeconds: input.retryAfterSeconds };
}

/**
 * Checks 工号 and 密码 under throttling. Every evaluated failure is audited; refused tries
 * are audited in aggregate; the password never is. The argon2 work happens outside any
 * transaction (SQLite has one writer).
 */
export async function attemptLogin(
  db: DB,
  input: { employeeNo: string; password: string; ip: string; userAgent: string | null; now: Date },
): Promise<LoginResult> {
  const employeeNo = normalizeEmployeeNo(input.employeeNo);
  const { now, ip } = input;
  if (!enter("account", employeeNo)) return refuse(db, { employeeNo, ip, now, retryAfterSeconds: 1, reason: "busy" });
  if (!enter("address", ip)) {
    leave("account", employeeNo);
    return refuse(db, { employeeNo, ip, now, retryAfterSeconds: 1, reason: "busy" });
  }
  try {
    const { decision, reservationId } = await reserveTry(db, { employeeNo, ip, now });
    if (!decision.allowed) return refuse(db, { employeeNo, ip, now, retryAfterSeconds: decision.retryAfterSeconds, reason: decision.reason });
    return await checkPassword(db, { ...input, employeeNo, reservationId: reservationId! });
  } finally {
    leave("account", employeeNo);
    leave("address", ip);
  }
}

async function checkPassword(
  db: DB,
  input: { employeeNo: string; password: string; ip: string; userAgent: string | null; now: Date; reservationId: number },
): Promise<LoginResult> {
  const { employeeNo, now, ip } = input;
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
    // The reservation stays: it is this failure.
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
    // This address knows the password: its own failures go; an attacker's elsewhere stay.
    await trx.deleteFrom("login_failures").where("employee_no", "=", employeeNo).where("ip", "=", ip).execute();
    await trx.deleteFrom("login_failures").where("id", "=", input.reservationId).execute();
    await trx
      .insertInto("login_addresses")
      .values({ user_id: user.id, ip, last_success_at: now.toISOString() })
      .onConflict((oc) => oc.columns(["user_id", "ip"]).doUpdateSet({ last_success_at: now.toISOString() }))
      .execute();
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
  await db
    .deleteFrom("login_addresses")
    .where("last_success_at", "<", new Date(now.getTime() - KNOWN_ADDRESS_MS).toISOString())
    .execute();
}
