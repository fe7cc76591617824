import crypto from "node:crypto";

import argon2 from "argon2";

import { ARGON2_PARAMS, type Argon2Params, generateInitialPassword, needsRehash } from "~/domain/passwords";

export async function hashPassword(password: string, params: Argon2Params = ARGON2_PARAMS): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, ...params });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Checks a password; when it is right and the hash is older than the current parameters, returns a fresh hash. */
export async function verifyAndMaybeRehash(
  hash: string,
  password: string,
  params: Argon2Params = ARGON2_PARAMS,
): Promise<{ ok: boolean; newHash: string | null }> {
  const ok = await verifyPassword(hash, password);
  if (!ok) return { ok, newHash: null };
  return { ok, newHash: needsRehash(hash, params) ? await hashPassword(password, params) : null };
}

export function randomInitialPassword(): string {
  return generateInitialPassword((n) => crypto.randomBytes(n));
}

/** Equal-time work for unknown accounts, so response time does not reveal which 工号 exist. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("kaoxue-dummy-password");
  await verifyPassword(await dummyHash, password);
}
