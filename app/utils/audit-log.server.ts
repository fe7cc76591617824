/**
 * The audit log as people read it, shared by the page and its exports: filters from the URL
 * (calendar days in the bureau's zone), each entry as a sentence with linked names, and the
 * export table with exactly the page's columns and words.
 */
import { type AuditPart, auditText, describeAudit } from "~/domain/audit-descriptions";
import type { Table } from "~/domain/statistics/report-tables";
import { zonedInstant } from "~/domain/zoned-time";
import { type AuditLogFilter, type AuditLogRow, auditLookups } from "~/models/audit-log.server";
import { AUDIT_ACTIONS } from "~/models/audit.server";
import type { DB } from "../../db/client";
import { AuditFilterSchema, type AuditFilterForm } from "~/schemas/audit.server";

import { parseSearch } from "./forms";
import { formatDateTimeSeconds } from "./time";

function dayStart(day: string, timeZone: string, plusDays = 0): Date {
  const [year, month, date] = day.split("-").map(Number);
  return zonedInstant({ year, month, day: date + plusDays, hour: 0, minute: 0, second: 0 }, timeZone);
}

/** The URL's filters: the form values as typed, and the model's filter (an invalid value is dropped). */
export function auditFilterFrom(url: URL, timeZone: string): { form: AuditFilterForm; filter: AuditLogFilter } {
  const form = parseSearch(url, AuditFilterSchema) ?? { page: 1 };
  return {
    form,
    filter: {
      action: form.action && form.action in AUDIT_ACTIONS ? form.action : undefined,
      person: form.person,
      orgId: form.orgId,
      from: form.from ? dayStart(form.from, timeZone) : undefined,
      to: form.to ? dayStart(form.to, timeZone, 1) : undefined,
    },
  };
}

export type PresentedAuditRow = {
  id: number;
  at: string;
  atUtc: string;
  action: string;
  actor: AuditPart;
  description: AuditPart[];
  ip: string;
};

export async function presentAuditRows(db: DB, rows: readonly AuditLogRow[], timeZone: string): Promise<PresentedAuditRow[]> {
  const lookups = await auditLookups(db, rows);
  return rows.map((r) => {
    const label = AUDIT_ACTIONS[r.action as keyof typeof AUDIT_ACTIONS] ?? r.action;
    return {
      id: r.id,
      at: formatDateTimeSeconds(r.at, timeZone),
      atUtc: r.at,
      action: label,
      actor: r.actorId !== null && r.actorEmployeeNo ? { text: `${r.actorName}（${r.actorEmployeeNo}）`, href: `/manage/cadres/${r.actorId}` } : "系统",
      description: describeAudit(r, lookups, label),
      ip: r.ip ?? "",
    };
  });
}

/** The export: the page's columns, the same words (links as their text). */
export function auditTable(rows: readonly PresentedAuditRow[], timeZone: string): Table {
  const text = (p: AuditPart) => (typeof p === "string" ? p : p.text);
  return {
    name: "审计日志",
    columns: [
      { header: `时间（${timeZone}）`, kind: "text", width: 20 },
      { header: "时间（UTC）", kind: "text", width: 26 },
      { header: "事件", kind: "text", width: 16 },
      { header: "操作人", kind: "text", width: 18 },
      { header: "内容", kind: "text", width: 70 },
      { header: "地址", kind: "text", width: 16 },
    ],
    rows: rows.map((r) => [r.at, r.atUtc, r.action, text(r.actor), auditText(r.description), r.ip]),
  };
}
