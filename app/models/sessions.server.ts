import crypto from "node:crypto";

import type { DB } from "../../db/client";

/** Idle time after which a session ends; each request slides it. Far longer than any exam. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** A session ends after this long however active it is. */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** Sliding writes are skipped when the last one is this recent, to keep the hot path read-only. */
const SLIDE_EVERY_MS = 60 * 1000;

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** 256 random bits, base64url. */
export function newSessionToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

export async function createSession(
  db: DB,
  input: { userId: number; ip: string | null; userAgent: string | null; now: Date },
): Promise<string> {
  const token = newSessionToken();
  const now = input.now.toISOString();
  await db
    .insertInto("sessions")
    .values({
      id: hashToken(token),
      user_id: input.userId,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(input.now.getTime() + SESSION_IDLE_MS).toISOString(),
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return token;
}

/** The active user behind a token, sliding the session's expiry; null when unknown, expired or deactivated. */
export async function getSessionUser(db: DB, token: string, now: Date) {
  const id = hashToken(token);
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as sessionId",
      "sessions.created_at as sessionCreatedAt",
      "sessions.last_seen_at as lastSeenAt",
      "sessions.expires_at as expiresAt",
      "users.id",
      "users.employee_no",
      "users.name",
      "users.org_id",
      "users.role",
      "users.scope_org_id",
      "users.must_change_password",
      "users.active",
      "users.rank",
      "users.is_leader",
      "users.is_party_member",
    ])
    .where("sessions.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const nowMs = now.getTime();
  const tooOld = nowMs - Date.parse(row.sessionCreatedAt) > SESSION_MAX_MS;
  if (Date.parse(row.expiresAt) <= nowMs || tooOld || !row.active) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }
  if (nowMs - Date.parse(row.lastSeenAt) > SLIDE_EVERY_MS) {
    await db
      .updateTable("sessions")
      .set({ last_seen_at: now.toISOString(), expires_at: new Date(nowMs + SESSION_IDLE_MS).toISOString() })
      .where("id", "=", id)
      .execute();
  }
  const { sessionId: _s, sessionCreatedAt: _c, lastSeenAt: _l, expiresAt: _e, ...user } = row;
  return user;
}

/** The user of a live session, without touching it (for logging who sent a refused request). */
export async function sessionUserId(db: DB, token: string, now: Date): Promise<number | null> {
  const row = await db.selectFrom("sessions").select(["user_id", "expires_at"]).where("id", "=", hashToken(token)).executeTakeFirst();
  return row && Date.parse(row.expires_at) > now.getTime() ? row.user_id : null;
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getSessionUser>>>;

export async function deleteSession(db: DB, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", hashToken(token)).execute();
}

export async function deleteUserSessions(db: DB, userId: number, exceptToken?: string): Promise<void> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptToken) query = query.where("id", "!=", hashToken(exceptToken));
  await query.execute();
}

export async function deleteExpiredSessions(db: DB, now: Date): Promise<number> {
  const result = await db.deleteFrom("sessions").where("expires_at", "<=", now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
