/**
 * A bureau's pre-appointment settings: the rules (pass mark, section minimums, makeup,
 * what a failed makeup does, open-book age, validity, duration) and the versioned
 * 廉政承诺书. A bureau is a top-level organization. Changing either is for administrators
 * and audited; a text version is never edited, a change adds the next version.
 */
import type { DB } from "../../db/client";
import {
  type AppointmentRules,
  DEFAULT_COMMITMENT_BODY,
  DEFAULT_COMMITMENT_TITLE,
  DEFAULT_RULES,
  rulesPaperSpec,
  rulesProblems,
} from "~/domain/appointments/rules";
import type { BankPin } from "~/domain/exams/types";
import { parseRules } from "~/schemas/appointments.server";

import { recordAudit } from "./audit.server";
import { listBanks } from "./banks.server";
import { paperProblems } from "./exams.server";

type Actor = { actorId: number; ip: string | null; now: Date };

/** The bureau (top-level organization) an organization belongs to. */
export async function bureauOf(db: DB, orgId: number): Promise<number> {
  const org = await db.selectFrom("orgs").select("path").where("id", "=", orgId).executeTakeFirstOrThrow();
  return Number(org.path.split("/").filter(Boolean)[0]);
}

/** Top-level organizations, for an administrator's choice of bureau. */
export async function listBureaus(db: DB) {
  return db.selectFrom("orgs").select(["id", "name"]).where("parent_id", "is", null).orderBy("sort_order").orderBy("id").execute();
}

export async function getRules(db: DB, bureauOrgId: number): Promise<{ rules: AppointmentRules; updatedAt: string | null; updatedBy: string | null }> {
  const row = await db
    .selectFrom("appointment_settings")
    .leftJoin("users", "users.id", "appointment_settings.updated_by")
    .select(["appointment_settings.rules", "appointment_settings.updated_at", "users.name as updatedBy"])
    .where("bureau_org_id", "=", bureauOrgId)
    .executeTakeFirst();
  if (!row) return { rules: DEFAULT_RULES, updatedAt: null, updatedBy: null };
  return { rules: parseRules(row.rules), updatedAt: row.updated_at, updatedBy: row.updatedBy };
}

/** Every bank's newest version: what the standard paper draws from when a case opens. */
export async function newestBankPins(db: DB): Promise<BankPin[]> {
  return (await listBanks(db)).map((b) => ({ slug: b.bank, version: b.version }));
}

/** Field problems of a set of rules, including sections the banks cannot fill. */
export async function checkRules(db: DB, rules: AppointmentRules): Promise<Record<string, string>> {
  const problems = rulesProblems(rules);
  if (Object.keys(problems).length > 0) return problems;
  const banks = await newestBankPins(db);
  if (banks.length === 0) return { sections: "系统中还没有题库，无法组卷" };
  const fill = await paperProblems(db, rulesPaperSpec(rules, banks));
  if (fill.length > 0) return { sections: fill.map((p) => p.message).join("；") };
  return {};
}

export type SaveRulesOutcome = { kind: "saved" } | { kind: "unchanged" } | { kind: "invalid"; fieldErrors: Record<string, string> };

export async function saveRules(db: DB, input: Actor & { bureauOrgId: number; rules: AppointmentRules }): Promise<SaveRulesOutcome> {
  const fieldErrors = await checkRules(db, input.rules);
  if (Object.keys(fieldErrors).length > 0) return { kind: "invalid", fieldErrors };
  const before = (await getRules(db, input.bureauOrgId)).rules;
  if (JSON.stringify(before) === JSON.stringify(input.rules)) return { kind: "unchanged" };
  const stamp = input.now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("appointment_settings")
      .values({ bureau_org_id: input.bureauOrgId, rules: JSON.stringify(input.rules), updated_by: input.actorId, updated_at: stamp })
      .onConflict((oc) => oc.column("bureau_org_id").doUpdateSet({ rules: JSON.stringify(input.rules), updated_by: input.actorId, updated_at: stamp }))
      .execute();
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "appointment.settings",
      target: `org:${input.bureauOrgId}`,
      detail: { before, after: input.rules },
      ip: input.ip,
      now: input.now,
    });
  });
  return { kind: "saved" };
}

export type CommitmentText = { id: number; version: number; title: string; body: string; createdAt: string; createdBy: string | null };

async function newestText(db: DB, bureauOrgId: number): Promise<CommitmentText | undefined> {
  const row = await db
    .selectFrom("appointment_commitment_texts as t")
    .leftJoin("users", "users.id", "t.created_by")
    .select(["t.id", "t.version", "t.title", "t.body", "t.created_at as createdAt", "users.name as createdBy"])
    .where("t.bureau_org_id", "=", bureauOrgId)
    .orderBy("t.version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row;
}

/** The text a cadre signs now: the bureau's newest version (the built-in text becomes version 1 on first use). */
export async function currentCommitmentText(db: DB, bureauOrgId: number, now: Date): Promise<CommitmentText> {
  const found = await newestText(db, bureauOrgId);
  if (found) return found;
  await db
    .insertInto("appointment_commitment_texts")
    .values({ bureau_org_id: bureauOrgId, version: 1, title: DEFAULT_COMMITMENT_TITLE, body: DEFAULT_COMMITMENT_BODY, created_by: null, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(["bureau_org_id", "version"]).doNothing())
    .execute();
  return (await newestText(db, bureauOrgId))!;
}

export async function getCommitmentText(db: DB, id: number): Promise<CommitmentText | undefined> {
  return db
    .selectFrom("appointment_commitment_texts as t")
    .leftJoin("users", "users.id", "t.created_by")
    .select(["t.id", "t.version", "t.title", "t.body", "t.created_at as createdAt", "users.name as createdBy"])
    .where("t.id", "=", id)
    .executeTakeFirst();
}

export async function listCommitmentTexts(db: DB, bureauOrgId: number) {
  return db
    .selectFrom("appointment_commitment_texts as t")
    .leftJoin("users", "users.id", "t.created_by")
    .select(["t.id", "t.version", "t.title", "t.created_at as createdAt", "users.name as createdBy"])
    .select((eb) =>
      eb.selectFrom("appointment_cases as c").select((c) => c.fn.countAll<number>().as("n")).whereRef("c.commitment_text_id", "=", "t.id").as("signatures"),
    )
    .where("t.bureau_org_id", "=", bureauOrgId)
    .orderBy("t.version", "desc")
    .execute();
}

/** A changed text becomes the next version; versions already signed stay exactly as they were. */
export async function saveCommitmentText(
  db: DB,
  input: Actor & { bureauOrgId: number; title: string; body: string },
): Promise<{ kind: "saved"; version: number } | { kind: "unchanged"; version: number }> {
  const current = await currentCommitmentText(db, input.bureauOrgId, input.now);
  const body = input.body.replace(/\r\n?/g, "\n").trim();
  const title = input.title.trim();
  if (current.title === title && current.body === body) return { kind: "unchanged", version: current.version };
  const version = current.version + 1;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("appointment_commitment_texts")
      .values({ bureau_org_id: input.bureauOrgId, version, title, body, created_by: input.actorId, created_at: input.now.toISOString() })
      .execute();
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "appointment.commitment_text",
      target: `org:${input.bureauOrgId}`,
      detail: { version, title, characters: body.length },
      ip: input.ip,
      now: input.now,
    });
  });
  return { kind: "saved", version };
}
