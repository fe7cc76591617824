/**
 * A cadre's editable standing and what changes between two versions of it: the cadre page
 * and the roster update both diff with `diffCadre`, so the preview, the audit log and the
 * change history name the same changes. Adding a field (e.g. 出生日期) is one entry in
 * CadreFields, CADRE_FIELD_LABELS and, if it is shown specially, `formatFieldValue`.
 * Pure and browser-safe.
 */
import type { CadreChangeField, Rank } from "../../db/schema";

import { RANK_LABELS } from "./labels";
import { wallParts } from "./zoned-time";

export type CadreFields = {
  name: string;
  orgId: number;
  rank: Rank;
  isLeader: boolean;
  isPartyMember: boolean;
  /** YYYY-MM-DD or null (the pre-appointment open-book rule needs it); a correction is only audited. */
  birthDate: string | null;
};

export type CadreFieldKey = keyof CadreFields;

export const CADRE_FIELD_LABELS: Record<CadreFieldKey, string> = {
  name: "姓名",
  orgId: "组织",
  rank: "职级",
  isLeader: "领导干部",
  isPartyMember: "党员",
  birthDate: "出生日期",
};

export type FieldValue = CadreFields[CadreFieldKey];
export type FieldChange = { field: CadreFieldKey; from: FieldValue; to: FieldValue };

/** The fields whose changes go into the cadre's change history (a name correction is only audited). */
export const RECORDED_FIELDS: Partial<Record<CadreFieldKey, CadreChangeField>> = {
  orgId: "org",
  rank: "rank",
  isLeader: "is_leader",
  isPartyMember: "is_party_member",
};

export function diffCadre(before: CadreFields, after: CadreFields): FieldChange[] {
  return (Object.keys(CADRE_FIELD_LABELS) as CadreFieldKey[])
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, from: before[field], to: after[field] }));
}

/** How a stored value reads: an org by its name, a rank by its label, a flag as 是/否. */
export function formatFieldValue(field: CadreFieldKey, value: FieldValue, orgNames: ReadonlyMap<number, string>): string {
  if (field === "orgId") return orgNames.get(value as number) ?? `组织 ${value}`;
  if (field === "rank") return RANK_LABELS[value as Rank] ?? String(value);
  if (typeof value === "boolean") return value ? "是" : "否";
  if (value === null) return "未登记";
  return String(value);
}

/** 处级 is highest: a promotion moves to a smaller index. */
const RANK_ORDER: Rank[] = ["division", "section", "staff", "worker"];

/** What kind of change it is, in the words a personnel office uses. */
export function changeKindLabel(field: CadreFieldKey, from: FieldValue, to: FieldValue): string {
  switch (field) {
    case "orgId":
      return "调动";
    case "rank":
      return RANK_ORDER.indexOf(to as Rank) < RANK_ORDER.indexOf(from as Rank) ? "晋升" : "职级调整";
    case "isLeader":
      return to ? "任领导干部" : "不再任领导干部";
    case "isPartyMember":
      return to ? "成为党员" : "党员身份变更";
    default:
      return `${CADRE_FIELD_LABELS[field]}更正`;
  }
}

/** `组织：甲党支部 → 乙党支部`. */
export function describeChange(change: FieldChange, orgNames: ReadonlyMap<number, string>): string {
  return `${CADRE_FIELD_LABELS[change.field]}：${formatFieldValue(change.field, change.from, orgNames)} → ${formatFieldValue(change.field, change.to, orgNames)}`;
}

/** A stored history value (text) → the field's value. */
export function storedToValue(field: CadreChangeField, value: string | null): FieldValue | null {
  if (value === null) return null;
  if (field === "org") return Number(value);
  if (field === "is_leader" || field === "is_party_member") return value === "1";
  return value as Rank;
}

export function valueToStored(value: FieldValue): string {
  return typeof value === "boolean" ? (value ? "1" : "0") : String(value);
}

export const FIELD_OF_RECORD: Record<CadreChangeField, CadreFieldKey> = {
  org: "orgId",
  rank: "rank",
  is_leader: "isLeader",
  is_party_member: "isPartyMember",
};

/** YYYY-MM-DD that is a real calendar date. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The calendar date a clock in `timeZone` shows at `now`: `2026-11-26`. */
export function localDateOf(now: Date, timeZone: string): string {
  const p = wallParts(now.getTime(), timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}
