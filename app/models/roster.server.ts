import type { DB } from "../../db/client";
import { type RosterCadre, type RosterError, validateRoster } from "~/domain/roster";
import { hashPassword, randomInitialPassword } from "~/utils/password.server";

import { syncOpenAudiences } from "./audience-sync.server";
import { recordAudit } from "./audit.server";
import { findExistingEmployeeNos } from "./cadres.server";
import { createHandout } from "./handouts.server";
import { isInScope, type Scope } from "./orgs.server";

export type RosterImportResult =
  | { ok: true; created: number; handout: { id: string; key: string } }
  | { ok: false; errors: RosterError[] };

async function hashAll(passwords: string[]): Promise<string[]> {
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

/**
 * Validates the whole table; any bad row means nothing is written. Good files create the
 * cadres with random initial passwords, which are returned once as a sealed handout.
 */
export async function importRoster(
  db: DB,
  input: { actorId: number; scope: Scope; table: string[][]; fileName: string; ip: string; now: Date },
): Promise<RosterImportResult> {
  const orgs = await db.selectFrom("orgs").select(["id", "name", "path", "active"]).execute();
  const orgsInScope = new Map<string, number>();
  const orgsOutOfScope = new Set<string>();
  const orgsInactive = new Set<string>();
  for (const org of orgs) {
    if (!isInScope(input.scope, org)) orgsOutOfScope.add(org.name);
    else if (org.active) orgsInScope.set(org.name, org.id);
    else orgsInactive.add(org.name);
  }
  const candidateNos = input.table.slice(1).flatMap((r) => r.map((c) => c.normalize("NFKC").trim().toUpperCase()));
  const existingEmployeeNos = await findExistingEmployeeNos(db, [...new Set(candidateNos)].filter(Boolean));

  const refuse = async (errors: RosterError[]) => {
    await recordAudit(db, {
      actorId: input.actorId,
      action: "roster.import_refused",
      target: input.fileName,
      detail: { errors: errors.length, firstRow: errors[0]?.row },
      ip: input.ip,
      now: input.now,
    });
    return { ok: false as const, errors };
  };

  const validated = validateRoster(input.table, { orgsInScope, orgsOutOfScope, orgsInactive, existingEmployeeNos });
  if (!validated.ok) return refuse(validated.errors);

  const cadres: RosterCadre[] = validated.cadres;
  const passwords = cadres.map(() => randomInitialPassword());
  const hashes = await hashAll(passwords);
  const now = input.now.toISOString();

  const conflict = await db.transaction().execute(async (trx) => {
    // Someone may have created one of these 工号 while we were hashing.
    const taken = await findExistingEmployeeNos(trx, cadres.map((c) => c.employeeNo));
    if (taken.size > 0) return cadres.filter((c) => taken.has(c.employeeNo));
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
            role: "cadre" as const,
            scope_org_id: null,
            password_hash: hashes[i + j],
            must_change_password: 1,
            active: 1,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
    // Cadres who join an organization inside an open exam's audience are assigned at once.
    const created = await trx.selectFrom("users").select("id").where("employee_no", "in", cadres.map((c) => c.employeeNo)).execute();
    const audience = await syncOpenAudiences(trx, { userIds: created.map((u) => u.id), now: input.now });
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

  const handout = await createHandout(db, {
    createdBy: input.actorId,
    rows: cadres.map((c, i) => ({ employeeNo: c.employeeNo, name: c.name, orgName: c.orgName, password: passwords[i] })),
    now: input.now,
  });
  return { ok: true, created: cadres.length, handout };
}
