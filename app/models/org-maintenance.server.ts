/**
 * Maintaining the organization tree: add, rename, move and (de)activate, within the
 * manager's scope, each audited. An organization keeps its id for life, and results point at
 * ids (attempts.org_id, exam_audience.org_id), so a move or a rename keeps every historical
 * result with the organization it was earned in (docs/decisions/0011). A move rewrites the
 * materialized paths of the whole subtree in one statement, so scopes are right at once.
 */
import { sql } from "kysely";

import type { DB } from "../../db/client";
import type { Org, OrgKind } from "../../db/schema";

import { syncOpenAudiences, userIdsInSubtree } from "./audience-sync.server";
import { recordAudit } from "./audit.server";
import { getOrg, isInScope, type Scope } from "./orgs.server";

export type OrgField = "name" | "kind" | "parentId" | "form";
export type OrgChangeOutcome = { kind: "done"; org: Org; message: string } | { kind: "not_found" } | { kind: "refused"; field: OrgField; message: string };

type Actor = { actorId: number; ip: string | null; now: Date };

const refused = (field: OrgField, message: string): OrgChangeOutcome => ({ kind: "refused", field, message });

/** Roster files and pickers name organizations by their full name, so names are unique. */
async function nameTaken(db: DB, name: string, exceptId?: number): Promise<boolean> {
  let query = db.selectFrom("orgs").select("id").where("name", "=", name);
  if (exceptId !== undefined) query = query.where("id", "!=", exceptId);
  return Boolean(await query.executeTakeFirst());
}

function cleanName(name: string): string | null {
  const clean = name.normalize("NFKC").replace(/\s+/g, " ").trim();
  return clean.length >= 2 && clean.length <= 40 ? clean : null;
}

/** The org, when it is within the scope. */
export async function getOrgInScope(db: DB, scope: Scope, orgId: number): Promise<Org | undefined> {
  const org = await getOrg(db, orgId);
  return org && isInScope(scope, org) ? org : undefined;
}

/** Whether this org is the top of the manager's own scope (which they may rename, not move or deactivate). */
function isScopeRoot(scope: Scope, org: Org): boolean {
  return scope.kind === "subtree" && scope.orgId === org.id;
}

export async function addOrg(db: DB, scope: Scope, input: Actor & { name: string; kind: OrgKind; parentId: number | null }): Promise<OrgChangeOutcome> {
  const name = cleanName(input.name);
  if (!name) return refused("name", "组织名称应为 2 到 40 个字");
  let parent: Org | undefined;
  if (input.parentId === null) {
    if (scope.kind !== "all") return refused("parentId", "请选择上级组织");
  } else {
    parent = await getOrgInScope(db, scope, input.parentId);
    if (!parent) return refused("parentId", "上级组织不在您的管理范围内");
    if (!parent.active) return refused("parentId", `上级组织“${parent.name}”已停用`);
  }
  if (await nameTaken(db, name)) return refused("name", `已有名为“${name}”的组织，请换一个名称`);
  const siblings = await db
    .selectFrom("orgs")
    .select((eb) => eb.fn.max("sort_order").as("last"))
    .where((eb) => (parent ? eb("parent_id", "=", parent.id) : eb("parent_id", "is", null)))
    .executeTakeFirst();
  const org = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("orgs")
      .values({ name, kind: input.kind, parent_id: parent?.id ?? null, path: "", sort_order: Number(siblings?.last ?? -1) + 1, created_at: input.now.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const created = await trx
      .updateTable("orgs")
      .set({ path: `${parent?.path ?? "/"}${inserted.id}/` })
      .where("id", "=", inserted.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorId: input.actorId, action: "org.create", target: `org:${created.id}`, detail: { name, kind: input.kind, parentId: parent?.id ?? null }, ip: input.ip, now: input.now });
    return created;
  });
  return { kind: "done", org, message: `已新建组织“${name}”` };
}

export async function renameOrg(db: DB, scope: Scope, input: Actor & { orgId: number; name: string; kind: OrgKind }): Promise<OrgChangeOutcome> {
  const org = await getOrgInScope(db, scope, input.orgId);
  if (!org) return { kind: "not_found" };
  const name = cleanName(input.name);
  if (!name) return refused("name", "组织名称应为 2 到 40 个字");
  if (name === org.name && input.kind === org.kind) return refused("name", "名称和类型都没有变化");
  if (await nameTaken(db, name, org.id)) return refused("name", `已有名为“${name}”的组织，请换一个名称`);
  const updated = await db.transaction().execute(async (trx) => {
    const row = await trx.updateTable("orgs").set({ name, kind: input.kind }).where("id", "=", org.id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "org.rename",
      target: `org:${org.id}`,
      detail: { from: org.name, to: name, fromKind: org.kind, toKind: input.kind },
      ip: input.ip,
      now: input.now,
    });
    return row;
  });
  return { kind: "done", org: updated, message: name === org.name ? "组织类型已修改" : `已改名为“${name}”` };
}

/**
 * Moves an organization (with everything below it) under another parent within the scope.
 * Refused for the manager's own scope root and for a parent inside the moved subtree.
 */
export async function moveOrg(db: DB, scope: Scope, input: Actor & { orgId: number; parentId: number }): Promise<OrgChangeOutcome> {
  const org = await getOrgInScope(db, scope, input.orgId);
  if (!org) return { kind: "not_found" };
  if (isScopeRoot(scope, org)) return refused("parentId", "不能移动您负责的最上级组织");
  const parent = await getOrgInScope(db, scope, input.parentId);
  if (!parent) return refused("parentId", "新的上级组织不在您的管理范围内");
  if (parent.id === org.parent_id) return refused("parentId", "已经在这个上级组织之下");
  if (parent.path.startsWith(org.path)) return refused("parentId", "不能移到本组织自己或其下级组织之下");
  if (!parent.active) return refused("parentId", `上级组织“${parent.name}”已停用`);

  const oldPath = org.path;
  const newPath = `${parent.path}${org.id}/`;
  const result = await db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom("orgs").select((eb) => eb.fn.max("sort_order").as("last")).where("parent_id", "=", parent.id).executeTakeFirst();
    await trx.updateTable("orgs").set({ parent_id: parent.id, sort_order: Number(last?.last ?? -1) + 1 }).where("id", "=", org.id).execute();
    // One statement for the whole subtree: `/1/4/9/…` becomes `/1/7/9/…` everywhere below.
    const moved = await trx
      .updateTable("orgs")
      .set({ path: sql<string>`${newPath} || substr(path, ${oldPath.length + 1})` })
      .where("path", "like", `${oldPath}%`)
      .executeTakeFirst();
    const audience = await syncOpenAudiences(trx, { userIds: await userIdsInSubtree(trx, newPath), now: input.now });
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "org.move",
      target: `org:${org.id}`,
      detail: { name: org.name, fromParentId: org.parent_id, toParentId: parent.id, orgs: Number(moved.numUpdatedRows), audience },
      ip: input.ip,
      now: input.now,
    });
    return trx.selectFrom("orgs").selectAll().where("id", "=", org.id).executeTakeFirstOrThrow();
  });
  return { kind: "done", org: result, message: `已将“${org.name}”移到“${parent.name}”之下` };
}

/** Why an organization cannot be deactivated now, or null. */
async function deactivationBlocker(db: DB, org: Org, now: Date): Promise<string | null> {
  const count = async (query: Promise<{ n: unknown } | undefined>) => Number((await query)?.n ?? 0);
  const cadres = await count(
    db
      .selectFrom("users")
      .innerJoin("orgs", "orgs.id", "users.org_id")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("orgs.path", "like", `${org.path}%`)
      .where("users.active", "=", 1)
      .executeTakeFirst(),
  );
  if (cadres > 0) return `本组织（含下级）还有 ${cadres} 名在册干部，请先调往其他组织或停用账号`;
  const children = await count(
    db.selectFrom("orgs").select((eb) => eb.fn.countAll().as("n")).where("parent_id", "=", org.id).where("active", "=", 1).executeTakeFirst(),
  );
  if (children > 0) return `还有 ${children} 个下级组织在用，请先停用或移走`;
  const organizers = await count(
    db
      .selectFrom("users")
      .innerJoin("orgs", "orgs.id", "users.scope_org_id")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("orgs.path", "like", `${org.path}%`)
      .where("users.role", "=", "organizer")
      .where("users.active", "=", 1)
      .executeTakeFirst(),
  );
  if (organizers > 0) return `还有 ${organizers} 名组织者负责本组织，请先变更其管理范围`;
  const exams = await count(
    db
      .selectFrom("exams")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("owner_org_id", "=", org.id)
      .where("status", "=", "published")
      .where("closes_at", ">", now.toISOString())
      .executeTakeFirst(),
  );
  if (exams > 0) return `本组织还有 ${exams} 场未结束的考试`;
  return null;
}

/** Deactivates (kept for history, hidden from pickers) or reactivates an organization. */
export async function setOrgActive(db: DB, scope: Scope, input: Actor & { orgId: number; active: boolean }): Promise<OrgChangeOutcome> {
  const org = await getOrgInScope(db, scope, input.orgId);
  if (!org) return { kind: "not_found" };
  if (Boolean(org.active) === input.active) return refused("form", input.active ? "组织已在用" : "组织已停用");
  if (!input.active) {
    if (isScopeRoot(scope, org)) return refused("form", "不能停用您负责的最上级组织");
    const blocker = await deactivationBlocker(db, org, input.now);
    if (blocker) return refused("form", blocker);
  } else if (org.parent_id !== null) {
    const parent = await getOrg(db, org.parent_id);
    if (parent && !parent.active) return refused("form", `上级组织“${parent.name}”已停用，请先启用上级组织`);
  }
  const updated = await db.transaction().execute(async (trx) => {
    const row = await trx.updateTable("orgs").set({ active: input.active ? 1 : 0 }).where("id", "=", org.id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: input.actorId,
      action: input.active ? "org.activate" : "org.deactivate",
      target: `org:${org.id}`,
      detail: { name: org.name },
      ip: input.ip,
      now: input.now,
    });
    return row;
  });
  return { kind: "done", org: updated, message: input.active ? `已启用“${org.name}”` : `已停用“${org.name}”，历史成绩仍保留在本组织名下` };
}
