/**
 * A roster import that updates existing cadres (by 工号) as well as creating new ones. It
 * goes in two steps: the preview lists every change and stores the parsed table for its
 * uploader; confirming re-plans from the stored table against the database as it is now and
 * applies only if the plan is the one that was shown, all in one transaction (all or nothing).
 */
import crypto from "node:crypto";

import type { DB } from "../../db/client";
import { type CadreFields } from "~/domain/cadre-changes";
import { type RosterCadre, type RosterError, validateRoster } from "~/domain/roster";
import { type ExistingCadre, planRosterUpdate, type RosterPlan } from "~/domain/roster-update";
import { randomInitialPassword } from "~/utils/password.server";

import { mayManageAccount } from "./accounts.server";
import { syncOpenAudiences } from "./audience-sync.server";
import { recordAudit } from "./audit.server";
import { applyCadreChanges, changesDetail } from "./cadre-maintenance.server";
import { createHandout } from "./handouts.server";
import { isInScope, type Scope } from "./orgs.server";
import { employeeNosIn, handoutRows, hashAll, insertCadres, recordRosterRefusal, rosterOrgContext } from "./roster.server";

export const PREVIEW_TTL_MS = 60 * 60 * 1000;

type Importer = { actorId: number; actorRole: "organizer" | "admin" | "cadre"; scope: Scope };

async function existingCadres(db: DB, importer: Importer, employeeNos: string[]): Promise<Map<string, ExistingCadre>> {
  const found = new Map<string, ExistingCadre>();
  for (let i = 0; i < employeeNos.length; i += 500) {
    const rows = await db
      .selectFrom("users")
      .innerJoin("orgs", "orgs.id", "users.org_id")
      .select(["users.id", "users.employee_no", "users.name", "users.org_id", "users.rank", "users.is_leader", "users.is_party_member", "users.birth_date", "users.role", "users.active", "orgs.path"])
      .where("users.employee_no", "in", employeeNos.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      const fields: CadreFields = { name: r.name, orgId: r.org_id, rank: r.rank, isLeader: Boolean(r.is_leader), isPartyMember: Boolean(r.is_party_member), birthDate: r.birth_date };
      found.set(r.employee_no, {
        id: r.id,
        employeeNo: r.employee_no,
        fields,
        inScope: isInScope(importer.scope, { path: r.path }),
        manageable: mayManageAccount({ id: importer.actorId, role: importer.actorRole }, { id: r.id, role: r.role }),
        active: Boolean(r.active),
      });
    }
  }
  return found;
}

/** The plan of a table for this importer against the database as it is now. */
async function planTable(db: DB, importer: Importer, table: string[][]) {
  const { orgNames, ...orgContext } = await rosterOrgContext(db, importer.scope);
  // In update mode an existing 工号 is not an error: it is the cadre to update.
  const validated = validateRoster(table, { ...orgContext, existingEmployeeNos: new Set() });
  if (!validated.ok) return { ok: false as const, errors: validated.errors };
  const planned = planRosterUpdate(validated.cadres, await existingCadres(db, importer, employeeNosIn(table)));
  if (!planned.ok) return planned;
  return { ok: true as const, plan: planned.plan, orgNames };
}

/** The plan's identity: what would be created and what would change, from what to what. */
function planHash(plan: RosterPlan): string {
  const summary = {
    creates: plan.creates.map((c) => [c.employeeNo, c.name, c.orgId, c.rank, c.isLeader, c.isPartyMember, c.birthDate ?? null]),
    updates: plan.updates.map((u) => [u.userId, u.changes.map((c) => [c.field, c.from, c.to])]),
    unchanged: plan.unchanged,
  };
  return crypto.createHash("sha256").update(JSON.stringify(summary)).digest("hex");
}

export type RosterPreview =
  | { ok: true; previewId: string; plan: RosterPlan; orgNames: Map<number, string>; effectiveOn: string }
  | { ok: false; errors: RosterError[] };

export async function previewRosterUpdate(
  db: DB,
  input: Importer & { table: string[][]; fileName: string; effectiveOn: string; ip: string; now: Date },
): Promise<RosterPreview> {
  const planned = await planTable(db, input, input.table);
  if (!planned.ok) {
    await recordRosterRefusal(db, { ...input, errors: planned.errors });
    return planned;
  }
  const previewId = crypto.randomBytes(16).toString("hex");
  await db.deleteFrom("roster_previews").where("expires_at", "<", input.now.toISOString()).execute();
  await db
    .insertInto("roster_previews")
    .values({
      id: previewId,
      created_by: input.actorId,
      file_name: input.fileName,
      table_json: JSON.stringify(input.table),
      effective_on: input.effectiveOn,
      plan_hash: planHash(planned.plan),
      created_at: input.now.toISOString(),
      expires_at: new Date(input.now.getTime() + PREVIEW_TTL_MS).toISOString(),
    })
    .execute();
  return { ok: true, previewId, plan: planned.plan, orgNames: planned.orgNames, effectiveOn: input.effectiveOn };
}

export type RosterApplyResult =
  | { ok: true; created: number; updated: number; unchanged: number; handout: { id: string; key: string } | null }
  | { ok: false; message: string; errors: RosterError[] };

class PlanChangedError extends Error {}

const CHANGED = "花名册预览之后系统中的干部或组织有了变化，未导入任何数据。请重新上传并核对预览。";

/** Applies a previewed update, exactly as previewed, or nothing. */
export async function applyRosterUpdate(db: DB, input: Importer & { previewId: string; ip: string; now: Date }): Promise<RosterApplyResult> {
  const preview = await db
    .selectFrom("roster_previews")
    .selectAll()
    .where("id", "=", input.previewId)
    .where("created_by", "=", input.actorId)
    .where("expires_at", ">", input.now.toISOString())
    .executeTakeFirst();
  if (!preview) return { ok: false, message: "预览已过期或不存在，请重新上传文件", errors: [] };
  const table = JSON.parse(preview.table_json) as string[][];
  const refuse = async (message: string, errors: RosterError[]) => {
    await recordRosterRefusal(db, { actorId: input.actorId, fileName: preview.file_name, errors, ip: input.ip, now: input.now });
    return { ok: false as const, message, errors };
  };

  const planned = await planTable(db, input, table);
  if (!planned.ok) return refuse(`文件中有 ${planned.errors.length} 处错误，未导入任何数据。`, planned.errors);
  if (planHash(planned.plan) !== preview.plan_hash) return refuse(CHANGED, []);

  const { creates } = planned.plan;
  const passwords = creates.map(() => randomInitialPassword());
  // Never hash inside a transaction: SQLite has one writer.
  const hashes = await hashAll(passwords);
  try {
    await db.transaction().execute(async (trx) => {
      const again = await planTable(trx, input, table);
      if (!again.ok || planHash(again.plan) !== preview.plan_hash) throw new PlanChangedError();
      const createdIds = await insertCadres(trx, creates, hashes, input.now);
      for (const update of again.plan.updates) {
        await applyCadreChanges(trx, {
          userId: update.userId,
          changes: update.changes,
          effectiveOn: preview.effective_on,
          note: `花名册：${preview.file_name}`,
          source: "import",
          actorId: input.actorId,
          now: input.now,
        });
      }
      const audience = await syncOpenAudiences(trx, { userIds: [...createdIds, ...again.plan.updates.map((u) => u.userId)], now: input.now });
      await recordAudit(trx, {
        actorId: input.actorId,
        action: "roster.update",
        target: preview.file_name,
        detail: {
          created: creates.length,
          updated: again.plan.updates.length,
          unchanged: again.plan.unchanged,
          effectiveOn: preview.effective_on,
          // The first changes, so the log says what happened without holding a whole roster.
          changes: again.plan.updates.slice(0, 50).map((u) => ({ employeeNo: u.employeeNo, name: u.name, changes: changesDetail(u.changes) })),
          audience,
        },
        ip: input.ip,
        now: input.now,
      });
      await trx.deleteFrom("roster_previews").where("id", "=", preview.id).execute();
    });
  } catch (error) {
    if (error instanceof PlanChangedError) return refuse(CHANGED, []);
    throw error;
  }
  const handout = creates.length > 0 ? await createHandout(db, { createdBy: input.actorId, rows: handoutRows(creates as RosterCadre[], passwords), now: input.now }) : null;
  return { ok: true, created: creates.length, updated: planned.plan.updates.length, unchanged: planned.plan.unchanged, handout };
}
