import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { driverOf, migrateToLatest, openDatabase, type DB } from "../../db/client";
import type { OrgKind, Rank, Role } from "../../db/schema";
import { createOrg } from "~/models/orgs.server";
import { hashPassword } from "~/utils/password.server";

/** A fresh, migrated database file of its own for one test file (a real file, WAL and all). */
export async function createTestDatabase(): Promise<{ db: DB; file: string; cleanup: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-test-"));
  const file = path.join(dir, "test.db");
  const db = openDatabase(file);
  await migrateToLatest(db);
  return {
    db,
    file,
    cleanup: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let sharedHash: Promise<string> | undefined;
/** Counts the COMMITs run on `db`'s writer from now on (group commit: how many a request took). */
export function countCommits(db: DB): { count: () => number; reset: () => void; restore: () => void } {
  const spy = vi.spyOn(driverOf(db), "writerStatement");
  return { count: () => spy.mock.calls.filter(([sql]) => sql === "commit").length, reset: () => spy.mockClear(), restore: () => spy.mockRestore() };
}

export const TEST_PASSWORD = "test-password-1";

export function uniqueNo(prefix = "T"): string {
  return `${prefix}${crypto.randomBytes(4).toString("hex").toUpperCase()}`;
}

export async function makeOrg(db: DB, name: string, parentId: number | null = null, kind: OrgKind = "branch") {
  return createOrg(db, { name, kind, parentId, now: new Date() });
}

export async function makeUser(
  db: DB,
  input: { orgId: number; role?: Role; scopeOrgId?: number | null; rank?: Rank; isLeader?: boolean; employeeNo?: string; name?: string; mustChange?: boolean },
) {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  const now = new Date().toISOString();
  return db
    .insertInto("users")
    .values({
      employee_no: input.employeeNo ?? uniqueNo(),
      name: input.name ?? "测试干部",
      org_id: input.orgId,
      rank: input.rank ?? "staff",
      is_leader: input.isLeader ? 1 : 0,
      is_party_member: 1,
      role: input.role ?? "cadre",
      scope_org_id: input.scopeOrgId ?? null,
      password_hash: await sharedHash,
      must_change_password: input.mustChange ? 1 : 0,
      active: 1,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
