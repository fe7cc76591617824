import { sql } from "kysely";

import type { DB } from "../../db/client";
import type { Rank, Role } from "../../db/schema";

import type { Scope } from "./orgs.server";

export type CadreFilter = {
  q?: string;
  orgId?: number;
  rank?: Rank;
  leader?: boolean;
  includeInactive?: boolean;
};

export const CADRE_PAGE_SIZE = 50;

function cadreQuery(db: DB, scope: Scope) {
  let query = db
    .selectFrom("users")
    .innerJoin("orgs", "orgs.id", "users.org_id")
    .select([
      "users.id",
      "users.employee_no",
      "users.name",
      "users.org_id",
      "orgs.name as orgName",
      "users.rank",
      "users.is_leader",
      "users.is_party_member",
      "users.role",
      "users.scope_org_id",
      "users.active",
      "users.must_change_password",
      "users.created_at",
      "users.birth_date",
    ]);
  // The scope is part of every query, so a route cannot forget it.
  if (scope.kind === "subtree") query = query.where("orgs.path", "like", `${scope.path}%`);
  return query;
}

export async function listCadres(db: DB, scope: Scope, filter: CadreFilter, page = 1) {
  let query = cadreQuery(db, scope);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // LIKE ... ESCAPE works the same on SQLite and PostgreSQL.
    query = query.where(
      sql<boolean>`(users.name like ${like} escape '\\' or users.employee_no like ${like} escape '\\')`,
    );
  }
  if (filter.orgId) {
    const org = await db.selectFrom("orgs").select("path").where("id", "=", filter.orgId).executeTakeFirst();
    query = query.where("orgs.path", "like", `${org?.path ?? "/none/"}%`);
  }
  if (filter.rank) query = query.where("users.rank", "=", filter.rank);
  if (filter.leader !== undefined) query = query.where("users.is_leader", "=", filter.leader ? 1 : 0);
  if (!filter.includeInactive) query = query.where("users.active", "=", 1);
  const rows = await query
    .orderBy("users.employee_no")
    .limit(CADRE_PAGE_SIZE + 1)
    .offset((page - 1) * CADRE_PAGE_SIZE)
    .execute();
  return { rows: rows.slice(0, CADRE_PAGE_SIZE), hasMore: rows.length > CADRE_PAGE_SIZE };
}

export async function countCadres(db: DB, scope: Scope): Promise<number> {
  let query = db
    .selectFrom("users")
    .innerJoin("orgs", "orgs.id", "users.org_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("users.active", "=", 1);
  if (scope.kind === "subtree") query = query.where("orgs.path", "like", `${scope.path}%`);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One cadre, only when within the scope; undefined otherwise (the route answers 404). */
export async function getCadre(db: DB, scope: Scope, id: number) {
  return cadreQuery(db, scope).where("users.id", "=", id).executeTakeFirst();
}

export type Cadre = NonNullable<Awaited<ReturnType<typeof getCadre>>>;

export async function findExistingEmployeeNos(db: DB, employeeNos: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  // Chunked: SQLite limits the number of bound parameters in one statement.
  for (let i = 0; i < employeeNos.length; i += 500) {
    const chunk = employeeNos.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await db.selectFrom("users").select("employee_no").where("employee_no", "in", chunk).execute();
    for (const r of rows) found.add(r.employee_no);
  }
  return found;
}

export async function setPassword(
  db: DB,
  input: { userId: number; passwordHash: string; mustChange: boolean; now: Date },
): Promise<void> {
  await db
    .updateTable("users")
    .set({
      password_hash: input.passwordHash,
      must_change_password: input.mustChange ? 1 : 0,
      updated_at: input.now.toISOString(),
    })
    .where("id", "=", input.userId)
    .execute();
}

export async function setActive(db: DB, input: { userId: number; active: boolean; now: Date }): Promise<void> {
  await db
    .updateTable("users")
    .set({ active: input.active ? 1 : 0, updated_at: input.now.toISOString() })
    .where("id", "=", input.userId)
    .execute();
  if (!input.active) await db.deleteFrom("sessions").where("user_id", "=", input.userId).execute();
}

export async function setRole(
  db: DB,
  input: { userId: number; role: Role; scopeOrgId: number | null; now: Date },
): Promise<void> {
  await db
    .updateTable("users")
    .set({
      role: input.role,
      scope_org_id: input.role === "organizer" ? input.scopeOrgId : null,
      updated_at: input.now.toISOString(),
    })
    .where("id", "=", input.userId)
    .execute();
}

export async function getUserPasswordHash(db: DB, userId: number): Promise<string | undefined> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirst();
  return row?.password_hash;
}
