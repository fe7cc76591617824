/**
 * Editing a cadre's standing (组织, 职级, 领导干部, 党员, 姓名): the users row changes, each
 * transfer or promotion goes into the change history with the date it took effect, open
 * exams' audiences follow (audience-sync), and the whole edit is one audit entry.
 */
import type { DB } from "../../db/client";
import type { UserUpdate } from "../../db/schema";
import { type CadreFieldKey, type CadreFields, diffCadre, type FieldChange, localDateOf, RECORDED_FIELDS, valueToStored } from "~/domain/cadre-changes";
import { DEFAULT_TIME_ZONE } from "~/utils/time";

import { recordAudit } from "./audit.server";
import { type AudienceSync, syncOpenAudiences } from "./audience-sync.server";
import { type Cadre, getCadre } from "./cadres.server";
import { getOrg, isInScope, type Scope } from "./orgs.server";

/** How each editable field is stored on the users row. */
const USER_COLUMNS: { [K in CadreFieldKey]: (value: CadreFields[K]) => UserUpdate } = {
  name: (name) => ({ name }),
  orgId: (org_id) => ({ org_id }),
  rank: (rank) => ({ rank }),
  isLeader: (v) => ({ is_leader: v ? 1 : 0 }),
  isPartyMember: (v) => ({ is_party_member: v ? 1 : 0 }),
  birthDate: (birth_date) => ({ birth_date }),
};

export function fieldsOf(cadre: Pick<Cadre, "name" | "org_id" | "rank" | "is_leader" | "is_party_member" | "birth_date">): CadreFields {
  return {
    name: cadre.name,
    orgId: cadre.org_id,
    rank: cadre.rank,
    isLeader: Boolean(cadre.is_leader),
    isPartyMember: Boolean(cadre.is_party_member),
    birthDate: cadre.birth_date,
  };
}

/** The audit detail of a change list (values as stored: org ids, rank codes, booleans). */
export function changesDetail(changes: FieldChange[]) {
  return changes.map((c) => ({ field: c.field, from: c.from, to: c.to }));
}

/**
 * Writes one cadre's changes inside the caller's transaction: the users row and one history
 * row per recorded field. The caller syncs audiences and audits.
 */
export async function applyCadreChanges(
  trx: DB,
  input: { userId: number; changes: FieldChange[]; effectiveOn: string; note: string | null; source: "edit" | "import"; actorId: number; now: Date },
): Promise<void> {
  if (input.changes.length === 0) return;
  const stamp = input.now.toISOString();
  let update: UserUpdate = { updated_at: stamp };
  for (const change of input.changes) {
    const column = USER_COLUMNS[change.field] as (value: unknown) => UserUpdate;
    update = { ...update, ...column(change.to) };
  }
  await trx.updateTable("users").set(update).where("id", "=", input.userId).execute();
  const history = input.changes.flatMap((c) => {
    const field = RECORDED_FIELDS[c.field];
    return field
      ? [
          {
            user_id: input.userId,
            field,
            from_value: valueToStored(c.from),
            to_value: valueToStored(c.to),
            effective_on: input.effectiveOn,
            note: input.note,
            source: input.source,
            recorded_by: input.actorId,
            recorded_at: stamp,
          },
        ]
      : [];
  });
  if (history.length > 0) await trx.insertInto("cadre_changes").values(history).execute();
}

export type CadreUpdateOutcome =
  | { kind: "updated"; changes: FieldChange[]; audience: AudienceSync }
  | { kind: "unchanged" }
  | { kind: "not_found" }
  | { kind: "refused"; field: CadreFieldKey | "effectiveOn"; message: string };

/** An organizer edits one cadre within their scope; the new organization must be active and in scope too. */
export async function updateCadre(
  db: DB,
  scope: Scope,
  input: { cadreId: number; fields: CadreFields; effectiveOn: string; note: string | null; actorId: number; ip: string | null; now: Date; timeZone?: string },
): Promise<CadreUpdateOutcome> {
  const cadre = await getCadre(db, scope, input.cadreId);
  if (!cadre) return { kind: "not_found" };
  if (input.effectiveOn > localDateOf(input.now, input.timeZone ?? DEFAULT_TIME_ZONE)) {
    return { kind: "refused", field: "effectiveOn", message: "生效日期不能晚于今天；调动生效后再修改" };
  }
  if (input.fields.birthDate && input.fields.birthDate > localDateOf(input.now, input.timeZone ?? DEFAULT_TIME_ZONE)) {
    return { kind: "refused", field: "birthDate", message: "出生日期不能晚于今天" };
  }
  const org = await getOrg(db, input.fields.orgId);
  if (!org || !isInScope(scope, org)) return { kind: "refused", field: "orgId", message: "所选组织不在您的管理范围内" };
  const changes = diffCadre(fieldsOf(cadre), input.fields);
  if (changes.length === 0) return { kind: "unchanged" };
  if (!org.active && changes.some((c) => c.field === "orgId")) return { kind: "refused", field: "orgId", message: `组织“${org.name}”已停用，不能调入` };

  const audience = await db.transaction().execute(async (trx) => {
    await applyCadreChanges(trx, { userId: cadre.id, changes, effectiveOn: input.effectiveOn, note: input.note, source: "edit", actorId: input.actorId, now: input.now });
    const synced = await syncOpenAudiences(trx, { userIds: [cadre.id], now: input.now });
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "user.update",
      target: cadre.employee_no,
      detail: { name: input.fields.name, changes: changesDetail(changes), effectiveOn: input.effectiveOn, note: input.note, audience: synced },
      ip: input.ip,
      now: input.now,
    });
    return synced;
  });
  return { kind: "updated", changes, audience };
}

/** A cadre's change history, newest first, with the organizations' current names. */
export async function listCadreChanges(db: DB, userId: number) {
  return db
    .selectFrom("cadre_changes")
    .leftJoin("users as recorder", "recorder.id", "cadre_changes.recorded_by")
    .select([
      "cadre_changes.id",
      "cadre_changes.field",
      "cadre_changes.from_value",
      "cadre_changes.to_value",
      "cadre_changes.effective_on",
      "cadre_changes.note",
      "cadre_changes.source",
      "cadre_changes.recorded_at",
      "recorder.name as recorderName",
    ])
    .where("cadre_changes.user_id", "=", userId)
    .orderBy("cadre_changes.effective_on", "desc")
    .orderBy("cadre_changes.id", "desc")
    .execute();
}
