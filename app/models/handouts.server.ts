import crypto from "node:crypto";

import type { DB } from "../../db/client";

/**
 * Initial passwords are handed to the organizer once, as a spreadsheet. They are never
 * stored in plain text: the list is sealed with AES-256-GCM under a random key that only
 * the download link carries; the row is deleted at the first download or after a day.
 */
export const HANDOUT_TTL_MS = 24 * 60 * 60 * 1000;

export type HandoutRow = { employeeNo: string; name: string; orgName: string; password: string };

export async function createHandout(
  db: DB,
  input: { createdBy: number; rows: HandoutRow[]; now: Date },
): Promise<{ id: string; key: string }> {
  const id = crypto.randomBytes(16).toString("base64url");
  const key = crypto.randomBytes(32);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(input.rows), "utf8"), cipher.final()]);
  const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
  await db
    .insertInto("credential_handouts")
    .values({
      id,
      created_by: input.createdBy,
      ciphertext: sealed,
      row_count: input.rows.length,
      created_at: input.now.toISOString(),
      expires_at: new Date(input.now.getTime() + HANDOUT_TTL_MS).toISOString(),
    })
    .execute();
  return { id, key: key.toString("base64url") };
}

/** Opens and deletes a handout; null when it is gone, expired, someone else's, or the key is wrong. */
export async function takeHandout(
  db: DB,
  input: { id: string; key: string; userId: number; now: Date },
): Promise<HandoutRow[] | null> {
  const row = await db
    .selectFrom("credential_handouts")
    .selectAll()
    .where("id", "=", input.id)
    .where("created_by", "=", input.userId)
    .executeTakeFirst();
  if (!row || Date.parse(row.expires_at) <= input.now.getTime()) return null;
  try {
    const sealed = Buffer.from(row.ciphertext, "base64");
    const decipher = crypto.createDecipheriv("aes-256-gcm", Buffer.from(input.key, "base64url"), sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString("utf8");
    await db.deleteFrom("credential_handouts").where("id", "=", row.id).execute();
    return JSON.parse(plain) as HandoutRow[];
  } catch {
    return null;
  }
}

export async function deleteExpiredHandouts(db: DB, now: Date): Promise<void> {
  await db.deleteFrom("credential_handouts").where("expires_at", "<=", now.toISOString()).execute();
}
