/**
 * A roster that updates existing cadres: each validated row is either a new cadre or an
 * existing one (by 工号) whose fields are diffed with diffCadre. Pure; the model loads who
 * exists and whether the importer may change them.
 */
import { type CadreFields, diffCadre, type FieldChange } from "./cadre-changes";
import type { RosterCadre, RosterError } from "./roster";

export type ExistingCadre = {
  id: number;
  employeeNo: string;
  fields: CadreFields;
  /** Within the importer's scope. */
  inScope: boolean;
  /** The importer may change this account (an organizer may not change organizers or admins). */
  manageable: boolean;
  active: boolean;
};

export type RosterUpdateRow = { row: number; userId: number; employeeNo: string; name: string; changes: FieldChange[]; inactive: boolean };

export type RosterPlan = {
  creates: RosterCadre[];
  updates: RosterUpdateRow[];
  /** Existing cadres whose row says nothing new. */
  unchanged: number;
};

/** A row's fields; an empty 出生日期 keeps what is recorded (`recorded`), it never clears it. */
export function fieldsOfRow(cadre: RosterCadre, recorded: string | null = null): CadreFields {
  return { name: cadre.name, orgId: cadre.orgId, rank: cadre.rank, isLeader: cadre.isLeader, isPartyMember: cadre.isPartyMember, birthDate: cadre.birthDate ?? recorded };
}

export function planRosterUpdate(
  cadres: readonly RosterCadre[],
  existing: ReadonlyMap<string, ExistingCadre>,
): { ok: true; plan: RosterPlan } | { ok: false; errors: RosterError[] } {
  const plan: RosterPlan = { creates: [], updates: [], unchanged: 0 };
  const errors: RosterError[] = [];
  for (const cadre of cadres) {
    const current = existing.get(cadre.employeeNo);
    if (!current) {
      plan.creates.push(cadre);
      continue;
    }
    if (!current.inScope) {
      errors.push({ row: cadre.row, column: "工号", code: "exists_out_of_scope", message: `工号 ${cadre.employeeNo} 是您管理范围以外的干部，不能修改` });
      continue;
    }
    const changes = diffCadre(current.fields, fieldsOfRow(cadre, current.fields.birthDate));
    if (changes.length === 0) {
      plan.unchanged++;
      continue;
    }
    if (!current.manageable) {
      errors.push({ row: cadre.row, column: "工号", code: "not_manageable", message: `工号 ${cadre.employeeNo} 是组织者或管理员账号，请由管理员在干部页面修改` });
      continue;
    }
    plan.updates.push({ row: cadre.row, userId: current.id, employeeNo: cadre.employeeNo, name: cadre.name, changes, inactive: !current.active });
  }
  return errors.length ? { ok: false, errors } : { ok: true, plan };
}
