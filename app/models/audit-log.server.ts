/**
 * Reading the audit log: filtered by date range, action, person (the actor, or the cadre an
 * entry is about) and organization (of either), with the names every entry mentions looked up
 * in a few batched queries, so the page and the export can describe entries in words
 * (domain/audit-descriptions.ts).
 */
import { sql } from "kysely";

import type { DB } from "../../db/client";
import type { AuditLookups } from "~/domain/audit-descriptions";
import { parseTarget } from "~/domain/audit-descriptions";

export type AuditLogFilter = {
  action?: string;
  /** 工号 or 姓名 */
  person?: string;
  orgId?: number;
  /** Instants: [from, to). */
  from?: Date;
  to?: Date;
};

export const AUDIT_LOG_PAGE_SIZE = 50;
/** An export holds at most this many entries (the newest); the page says so when it is cut. */
export const AUDIT_EXPORT_LIMIT = 20_000;

export type AuditLogRow = {
  id: number;
  at: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
  actorId: number | null;
  actorEmployeeNo: string | null;
  actorName: string | null;
};

async function personMatches(db: DB, person: string) {
  const no = person.normalize("NFKC").trim().toUpperCase();
  const rows = await db
    .selectFrom("users")
    .select(["id", "employee_no"])
    .where((eb) => eb.or([eb("employee_no", "=", no), eb("name", "=", person.trim())]))
    .limit(50)
    .execute();
  return { ids: rows.map((r) => r.id), nos: [...new Set([no, ...rows.map((r) => r.employee_no)])] };
}

async function filteredQuery(db: DB, filter: AuditLogFilter) {
  let query = db
    .selectFrom("audit_log")
    .leftJoin("users as actor", "actor.id", "audit_log.actor_id")
    .leftJoin("orgs as actor_org", "actor_org.id", "actor.org_id")
    // The cadre an entry is about, when its target is their 工号 or `cadre:<id>` (both use an index).
    .leftJoin("users as subject_no", "subject_no.employee_no", "audit_log.target")
    .leftJoin("users as subject_id", (join) =>
      join.on(sql<boolean>`subject_id.id = case when audit_log.target like 'cadre:%' then cast(substr(audit_log.target, 7) as integer) end`),
    )
    .leftJoin("orgs as subject_no_org", "subject_no_org.id", "subject_no.org_id")
    .leftJoin("orgs as subject_id_org", "subject_id_org.id", "subject_id.org_id")
    .select([
      "audit_log.id",
      "audit_log.at",
      "audit_log.action",
      "audit_log.target",
      "audit_log.detail",
      "audit_log.ip",
      "audit_log.actor_id as actorId",
      "actor.employee_no as actorEmployeeNo",
      "actor.name as actorName",
    ]);
  if (filter.action) query = query.where("audit_log.action", "=", filter.action);
  if (filter.from) query = query.where("audit_log.at", ">=", filter.from.toISOString());
  if (filter.to) query = query.where("audit_log.at", "<", filter.to.toISOString());
  if (filter.person) {
    const { ids, nos } = await personMatches(db, filter.person);
    query = query.where((eb) =>
      eb.or([
        ...(ids.length ? [eb("audit_log.actor_id", "in", ids), eb("subject_id.id", "in", ids)] : []),
        eb("audit_log.target", "in", nos),
        // Entries that name the cadre in their detail (延时, 补考, 结束作答, …): JSON.stringify writes no spaces.
        ...nos.map((no) => sql<boolean>`audit_log.detail like ${`%"employeeNo":"${no.replace(/[\\%_"]/g, (c) => `\\${c}`)}"%`} escape '\\'`),
      ]),
    );
  }
  if (filter.orgId) {
    const org = await db.selectFrom("orgs").select("path").where("id", "=", filter.orgId).executeTakeFirst();
    const path = `${org?.path ?? "/none/"}%`;
    query = query.where((eb) =>
      eb.or([eb("actor_org.path", "like", path), eb("subject_no_org.path", "like", path), eb("subject_id_org.path", "like", path)]),
    );
  }
  return query;
}

function toRow(r: {
  id: number;
  at: string;
  action: string;
  target: string | null;
  detail: string | null;
  ip: string | null;
  actorId: number | null;
  actorEmployeeNo: string | null;
  actorName: string | null;
}): AuditLogRow {
  let detail: Record<string, unknown> | null = null;
  try {
    detail = r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null;
  } catch {
    detail = null;
  }
  return { ...r, detail };
}

export async function listAuditLog(db: DB, filter: AuditLogFilter, page: number) {
  const rows = await (await filteredQuery(db, filter))
    .orderBy("audit_log.id", "desc")
    .limit(AUDIT_LOG_PAGE_SIZE + 1)
    .offset((page - 1) * AUDIT_LOG_PAGE_SIZE)
    .execute();
  return { rows: rows.slice(0, AUDIT_LOG_PAGE_SIZE).map(toRow), hasMore: rows.length > AUDIT_LOG_PAGE_SIZE };
}

/** Every matching entry, newest first, up to AUDIT_EXPORT_LIMIT. */
export async function exportAuditLog(db: DB, filter: AuditLogFilter) {
  const rows = await (await filteredQuery(db, filter)).orderBy("audit_log.id", "desc").limit(AUDIT_EXPORT_LIMIT + 1).execute();
  return { rows: rows.slice(0, AUDIT_EXPORT_LIMIT).map(toRow), cut: rows.length > AUDIT_EXPORT_LIMIT };
}

async function inChunks<T, R>(items: T[], load: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 500) if (items.length) out.push(...(await load(items.slice(i, i + 500))));
  return out;
}

/** The names the entries mention (cadres, exams, attempts, organizations), looked up in batches. */
export async function auditLookups(db: DB, rows: readonly AuditLogRow[]): Promise<AuditLookups> {
  const nos = new Set<string>();
  const userIds = new Set<number>();
  const examIds = new Set<number>();
  const attemptIds = new Set<number>();
  for (const r of rows) {
    const target = parseTarget(r.target);
    if (target?.kind === "text") nos.add(target.text);
    if (target?.kind === "cadre") userIds.add(target.id);
    if (target?.kind === "exam") examIds.add(target.id);
    if (target?.kind === "attempt") attemptIds.add(target.id);
    if (r.actorId !== null) userIds.add(r.actorId);
    const d = r.detail ?? {};
    if (typeof d.employeeNo === "string") nos.add(d.employeeNo);
    if (typeof d.examId === "number") examIds.add(d.examId);
    if (typeof d.from === "number" && r.action === "exam.copy") examIds.add(d.from);
    if (Array.isArray(d.changes)) for (const c of d.changes as Array<{ employeeNo?: unknown }>) if (typeof c.employeeNo === "string") nos.add(c.employeeNo);
  }
  const attempts = await inChunks([...attemptIds], (chunk) =>
    db.selectFrom("attempts").innerJoin("users", "users.id", "attempts.user_id").select(["attempts.id", "attempts.exam_id", "users.employee_no", "users.name"]).where("attempts.id", "in", chunk).execute(),
  );
  for (const a of attempts) examIds.add(a.exam_id);
  const byNo = await inChunks([...nos], (chunk) => db.selectFrom("users").select(["id", "employee_no", "name"]).where("employee_no", "in", chunk).execute());
  const byId = await inChunks([...userIds], (chunk) => db.selectFrom("users").select(["id", "employee_no", "name"]).where("id", "in", chunk).execute());
  const exams = await inChunks([...examIds], (chunk) => db.selectFrom("exams").select(["id", "title"]).where("id", "in", chunk).execute());
  const orgs = await db.selectFrom("orgs").select(["id", "name"]).execute();
  return {
    usersByNo: new Map([...byNo, ...byId].map((u) => [u.employee_no, { id: u.id, name: u.name }])),
    usersById: new Map([...byNo, ...byId].map((u) => [u.id, { employeeNo: u.employee_no, name: u.name }])),
    exams: new Map(exams.map((e) => [e.id, { title: e.title }])),
    attempts: new Map(attempts.map((a) => [a.id, { examId: a.exam_id, employeeNo: a.employee_no, name: a.name }])),
    orgs: new Map(orgs.map((o) => [o.id, o.name])),
  };
}
