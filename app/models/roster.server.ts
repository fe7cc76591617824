import type { DB } from "../../db/client";
import { localDateOf } from "~/domain/cadre-changes";
import { type RosterCadre, type RosterContext, type RosterError, validateRoster } from "~/domain/roster";
import { DEFAULT_TIME_ZONE } from "~/utils/time";
import { hashPassword, randomInitialPassword } from "~/utils/password.server";

import { syncOpenAudiences } from "./audience-sync.server";
import { recordAudit } from "./audit.server";
import { findExistingEmployeeNos } from "./cadres.server";
import { createHandout, type HandoutRow } from "./handouts.server";
import { isInScope, type Scope } from "./orgs.server";

export type RosterImportResult =
  | { ok: true; created: number; handout: { id: string; key: string } }
  | { ok: false; errors: RosterError[] };

export async function hashAll(passwords: string[]): Promise<string[]> {
  // argon2 runs in libuv's thread pool; a few at a time keeps both cores busy without starving requests.
  const out: string[] = new Array(passwords.length);
  let next = 0;
  const worker = async () => {
    while (next < passwords.length) {
      const i = next++;
      out[i] = await hashPassword(passwords[i]);
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

/** Which organization names a roster may use for this importer (active, in scope), and why others are refused. */
export async function rosterOrgContext(db: DB, scope: Scope): Promise<Omit<RosterContext, "existingEmployeeNos"> & { orgNames: Map<number, string> }> {
  const orgs = await db.selectFrom("orgs").select(["id", "name", "path", "active"]).execute();
  const orgsInScope = new Map<string, number>();
  const orgsOutOfScope = new Set<string>();
  const orgsInactive = new Set<string>();
  for (const org of orgs) {
    if (!isInScope(scope, org)) orgsOutOfScope.add(org.name);
    else if (org.active) orgsInScope.set(org.name, org.id);
    else orgsInactive.add(org.name);
  }
  return { orgsInScope, orgsOutOfScope, orgsInactive, orgNames: new Map(orgs.map((o) => [o.id, o.name])) };
}

/** The 工号 a table's data rows mention, normalized as the validator does. */
export function employeeNosIn(table: string[][]): string[] {
  return [...new Set(table.slice(1).flatMap((r) => r.map((c) => c.normalize("NFKC").trim().toUpperCase())))].filter(Boolean);
}

export async function recordRosterRefusal(db: DB, input: { actorId: number; fileName: string; errors: RosterError[]; ip: string; now: Date }) {
  await recordAudit(db, {
    actorId: input.actorId,
    action: "roster.import_refused",
    target: input.fileName,
    detail: { errors: input.errors.length, firstRow: input.errors[0]?.row },
    ip: input.ip,
    now: input.now,
  });
}

/** Inserts new cadres (inside the caller's transaction) with hashed initial passwords; returns their ids. */
export async function insertCadres(trx: DB, cadres: RosterCadre[], hashes: string[], now: Date): Promise<number[]> {
  const stamp = now.toISOString();
  for (let i = 0; i < cadres.length; i += 200) {
    await trx
      .insertInto("users")
      .values(
        cadres.slice(i, i + 200).map((c, j) => ({
          employee_no: c.employeeNo,
          name: c.name,
          org_id: c.orgId,
          rank: c.rank,
          is_leader: c.isLeader ? 1 : 0,
          is_party_member: c.isPartyMember ? 1 : 0,
          birth_date: c.birthDate ?? null,
          role: "cadre" as const,
          scope_org_id: null,
          password_hash: hashes[i + j],
          must_change_password: 1,
          active: 1,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .execute();
  }
  const ids: number[] = [];
  for (let i = 0; i < cadres.length; i += 500) {
    const rows = await trx.selectFrom("users").select("id").where("employee_no", "in", cadres.slice(i, i + 500).map((c) => c.employeeNo)).execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

export function handoutRows(cadres: RosterCadre[], passwords: string[]): HandoutRow[] {
  return cadres.map((c, i) => ({ employeeNo: c.employeeNo, name: c.name, orgName: c.orgName, password: passwords[i] }));
}

/**
 * Validates the whole table; any bad row means nothing is written. Good files create the
 * cadres with random initial passwords, which are returned once as a sealed handout.
 */
export async function importRoster(
  db: DB,
  input: { actorId: number; scope: Scope; table: string[][]; fileName: string; ip: string; now: Date },
): Promise<RosterImportResult> {
  const orgContext = await rosterOrgContext(db, input.scope);
  const existingEmployeeNos = await findExistingEmployeeNos(db, employeeNosIn(input.table));

  const refuse = async (errors: RosterError[]) => {
    await recordRosterRefusal(db, { ...input, errors });
    return { ok: false as const, errors };
  };

  const validated = validateRoster(input.table, { ...orgContext, existingEmployeeNos, today: localDateOf(input.now, DEFAULT_TIME_ZONE) });
  if (!validated.ok) return refuse(validated.errors);

  const cadres: RosterCadre[] = validated.cadres;
  const passwords = cadres.map(() => randomInitialPassword());
  const hashes = await hashAll(passwords);

  const conflict = await db.transaction().execute(async (trx) => {
    // Someone may have created one of these 工号 while we were hashing.
    const taken = await findExistingEmployeeNos(trx, cadres.map((c) => c.employeeNo));
    if (taken.size > 0) return cadres.filter((c) => taken.has(c.employeeNo));
    const created = await insertCadres(trx, cadres, hashes, input.now);
    // Cadres who join an organization inside an open exam's audience are assigned at once.
    const audience = await syncOpenAudiences(trx, { userIds: created, now: input.now });
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "roster.import",
      target: input.fileName,
      detail: { created: cadres.length, audience },
      ip: input.ip,
      now: input.now,
    });
    return [];
  });
  if (conflict.length > 0) {
    return refuse(
      conflict.map((c) => ({ row: c.row, column: "工号" as const, code: "exists_in_database" as const, message: `工号 ${c.employeeNo} 已存在于系统中` })),
    );
  }

  const handout = await createHandout(db, { createdBy: input.actorId, rows: handoutRows(cadres, passwords), now: input.now });
  return { ok: true, created: cadres.length, handout };
}
