import crypto from "node:crypto";

import { type DB, driverOf } from "../../db/client";
import type { Rank, Role } from "../../db/schema";
import { errorKey, logFailureOnce } from "~/utils/log.server";

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

/** A signed-in user as every guard sees them. */
export type SessionUser = {
  id: number;
  employee_no: string;
  name: string;
  org_id: number;
  role: Role;
  scope_org_id: number | null;
  must_change_password: number;
  active: number;
  rank: Rank;
  is_leader: number;
  is_party_member: number;
};

type SessionRow = SessionUser & { sessionCreatedAt: string; lastSeenAt: string; expiresAt: string };

// Every request of a signed-in user runs this: one prepared statement on the read connection.
const SESSION_SQL = `
  select s.created_at as sessionCreatedAt, s.last_seen_at as lastSeenAt, s.expires_at as expiresAt,
         u.id, u.employee_no, u.name, u.org_id, u.role, u.scope_org_id, u.must_change_password,
         u.active, u.rank, u.is_leader, u.is_party_member
  from sessions s join users u on u.id = s.user_id
  where s.id = ?`;

/** The active user behind a token, sliding the session's expiry; null when unknown, expired or deactivated. */
export async function getSessionUser(db: DB, token: string, now: Date): Promise<SessionUser | null> {
  const id = hashToken(token);
  const row = driverOf(db).readerStatement(SESSION_SQL).get(id) as SessionRow | undefined;
  if (!row) return null;
  const nowMs = now.getTime();
  // The 7-day cap never signs a cadre out in the middle of an exam: it waits for the attempt to end.
  const tooOld = nowMs - Date.parse(row.sessionCreatedAt) > SESSION_MAX_MS && !(await hasOpenAttempt(db, row.id));
  if (Date.parse(row.expiresAt) <= nowMs || tooOld || !row.active) {
    bestEffortWrite(db, "删除过期会话失败", (d) => d.writerStatement("delete from sessions where id = ?").run(id));
    return null;
  }
  if (nowMs - Date.parse(row.lastSeenAt) > SLIDE_EVERY_MS) {
    bestEffortWrite(db, "会话续期失败（页面照常显示）", (d) =>
      d.writerStatement("update sessions set last_seen_at = ?, expires_at = ? where id = ?").run(now.toISOString(), new Date(nowMs + SESSION_IDLE_MS).toISOString(), id),
    );
  }
  const { sessionCreatedAt: _c, lastSeenAt: _l, expiresAt: _e, ...user } = row;
  return user;
}

/** The user of a live session, without touching it (for logging who sent a refused request). */
export async function sessionUserId(db: DB, token: string, now: Date): Promise<number | null> {
  const row = await db.selectFrom("sessions").select(["user_id", "expires_at"]).where("id", "=", hashToken(token)).executeTakeFirst();
  return row && Date.parse(row.expires_at) > now.getTime() ? row.user_id : null;
}

async function hasOpenAttempt(db: DB, userId: number): Promise<boolean> {
  const open = await db.selectFrom("attempts").select("id").where("user_id", "=", userId).where("status", "=", "in_progress").executeTakeFirst();
  return Boolean(open);
}

/** How long a session's slide waits for a lock held by another process before it is given up. */
const TOUCH_WAIT_MS = 200;

/**
 * Housekeeping writes of a request (sliding a session, dropping an expired one), queued and
 * not waited for: the request goes on, and a write it makes next (a save, a submit) shares
 * their commit instead of waiting for one of its own first. A held lock or a full disk must
 * not fail the request, so they wait briefly, and a failure is logged once and otherwise ignored.
 */
function bestEffortWrite(db: DB, message: string, work: Parameters<ReturnType<typeof driverOf>["grouped"]>[0]): void {
  driverOf(db)
    .grouped(work, TOUCH_WAIT_MS)
    .catch((error) => logFailureOnce(errorKey("session-touch", error), message, error));
}

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
