import type { DB } from "../../db/client";
import type { Org, OrgKind } from "../../db/schema";

/** Everything an organizer may see: all orgs (admin) or one org's subtree. */
export type Scope = { kind: "all" } | { kind: "subtree"; orgId: number; path: string };

export async function createOrg(
  db: DB,
  input: { name: string; kind: OrgKind; parentId: number | null; sortOrder?: number; now: Date },
): Promise<Org> {
  return db.transaction().execute(async (trx) => {
    const parent = input.parentId
      ? await trx.selectFrom("orgs").select(["id", "path"]).where("id", "=", input.parentId).executeTakeFirstOrThrow()
      : null;
    const inserted = await trx
      .insertInto("orgs")
      .values({
        name: input.name,
        kind: input.kind,
        parent_id: parent?.id ?? null,
        path: "",
        sort_order: input.sortOrder ?? 0,
        created_at: input.now.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const path = `${parent?.path ?? "/"}${inserted.id}/`;
    return trx.updateTable("orgs").set({ path }).where("id", "=", inserted.id).returningAll().executeTakeFirstOrThrow();
  });
}

export async function getOrg(db: DB, id: number): Promise<Org | undefined> {
  return db.selectFrom("orgs").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function scopeForOrg(db: DB, orgId: number): Promise<Scope> {
  const org = await db.selectFrom("orgs").select(["id", "path"]).where("id", "=", orgId).executeTakeFirstOrThrow();
  return { kind: "subtree", orgId: org.id, path: org.path };
}

/**
 * Orgs within the scope, in tree order (parents before children, siblings by sort order).
 * `activeOnly` leaves out deactivated ones (for pickers: nobody new goes there).
 */
export async function listOrgs(db: DB, scope: Scope, options: { activeOnly?: boolean } = {}): Promise<Org[]> {
  let query = db.selectFrom("orgs").selectAll();
  if (scope.kind === "subtree") query = query.where("path", "like", `${scope.path}%`);
  if (options.activeOnly) query = query.where("active", "=", 1);
  const orgs = await query.execute();
  return sortAsTree(orgs);
}

export function sortAsTree(orgs: Org[]): Org[] {
  const children = new Map<number | null, Org[]>();
  const ids = new Set(orgs.map((o) => o.id));
  for (const org of orgs) {
    const parentKey = org.parent_id !== null && ids.has(org.parent_id) ? org.parent_id : null;
    const list = children.get(parentKey) ?? [];
    list.push(org);
    children.set(parentKey, list);
  }
  const out: Org[] = [];
  const visit = (parent: number | null) => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.sort_order - b.sort_order || a.id - b.id);
    for (const org of list) {
      out.push(org);
      visit(org.id);
    }
  };
  visit(null);
  return out;
}

export function orgDepth(org: Pick<Org, "path">): number {
  return org.path.split("/").filter(Boolean).length - 1;
}

export function isInScope(scope: Scope, org: Pick<Org, "path">): boolean {
  return scope.kind === "all" || org.path.startsWith(scope.path);
}

/** Cadre counts per org (direct members only), for the tree page. */
export async function countMembersByOrg(db: DB, scope: Scope): Promise<Map<number, number>> {
  let query = db
    .selectFrom("users")
    .innerJoin("orgs", "orgs.id", "users.org_id")
    .select(["users.org_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("users.active", "=", 1)
    .groupBy("users.org_id");
  if (scope.kind === "subtree") query = query.where("orgs.path", "like", `${scope.path}%`);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.org_id, Number(r.n)]));
}
