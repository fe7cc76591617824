/**
 * What the exam editor needs besides the exam: the banks and versions to pin, the live
 * counts (questions available per section, the paper's total, cadres selected), the
 * cadres to name, and the scope checks on the owner and the audience.
 */
import type { DB } from "../../db/client";
import type { AudienceSpec } from "~/domain/audience";
import { paperTotals } from "~/domain/exams/exam-form";
import { eligibleForDraw, planPaper } from "~/domain/exams/paper-check";
import type { PaperSpec } from "~/domain/exams/types";

import { listCadres } from "./cadres.server";
import { resolveAudience } from "./exams.server";
import { getOrg, isInScope, type Scope, scopeForOrg } from "./orgs.server";
import { loadPool, pinsOf } from "./question-pool.server";

export type BankChoice = { slug: string; title: string; versions: number[] };

/** Every bank with all its versions, newest first (the newest is the default pin). */
export async function bankChoices(db: DB): Promise<BankChoice[]> {
  const rows = await db
    .selectFrom("bank_versions")
    .innerJoin("banks", "banks.id", "bank_versions.bank_id")
    .select(["banks.slug", "bank_versions.version", "bank_versions.title"])
    .orderBy("banks.slug")
    .orderBy("bank_versions.version", "desc")
    .execute();
  const banks = new Map<string, BankChoice>();
  for (const r of rows) {
    const bank = banks.get(r.slug) ?? { slug: r.slug, title: r.title, versions: [] };
    bank.versions.push(r.version);
    banks.set(r.slug, bank);
  }
  return [...banks.values()];
}

export type SectionPreview = {
  /** What the section can count on (paper-check.ts); compare with its count. */
  available: number;
  problems: string[];
  /** Knowledge points of the section's type in its banks, to filter by. */
  tags: Array<{ tag: string; count: number }>;
};

export type EditorPreview = {
  sections: SectionPreview[];
  questions: number;
  totalScore: number;
  /** null when the owner org is not known yet. */
  audienceCount: number | null;
};

/** The live counts for a (possibly half-filled) paper and audience. */
export async function previewExam(db: DB, input: { spec: PaperSpec; ownerOrgId: number | null; audience: AudienceSpec }): Promise<EditorPreview> {
  const pool = await loadPool(db, pinsOf(input.spec));
  const plan = planPaper(input.spec, pool);
  const sections = input.spec.sections.map((section, index): SectionPreview => {
    const tags = new Map<string, number>();
    if (section.source.kind === "draw") {
      const ofType = eligibleForDraw({ ...section, source: { kind: "draw", banks: section.source.banks } }, pool);
      for (const q of ofType) for (const tag of q.tags) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    }
    return {
      available: plan.sections[index].available,
      problems: plan.problems.filter((p) => p.section === index).map((p) => p.message),
      tags: [...tags].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1)),
    };
  });
  const totals = paperTotals(input.spec);
  const owner = input.ownerOrgId ? await getOrg(db, input.ownerOrgId) : undefined;
  const audienceCount = owner ? (await resolveAudience(db, { ownerOrgId: owner.id, spec: input.audience })).length : null;
  return { sections, questions: totals.questions, totalScore: totals.score, audienceCount };
}

/** The owner org when it is active and within the scope (an organizer may not create exams for a sibling branch). */
export async function ownerInScope(db: DB, scope: Scope, orgId: number | null) {
  const org = orgId ? await getOrg(db, orgId) : undefined;
  return org && org.active && isInScope(scope, org) ? org : undefined;
}

/** Why an audience cannot belong to the owner's exam (an org or cadre outside the owner's subtree), or null. */
export async function audienceScopeProblem(db: DB, input: { ownerOrgId: number; audience: AudienceSpec }): Promise<string | null> {
  const ownerScope = await scopeForOrg(db, input.ownerOrgId);
  if (input.audience.orgIds.length > 0) {
    const orgs = await db.selectFrom("orgs").select(["id", "path"]).where("id", "in", input.audience.orgIds).execute();
    if (orgs.length !== new Set(input.audience.orgIds).size || orgs.some((o) => !isInScope(ownerScope, o))) {
      return "所选组织不在本考试所属组织的范围内";
    }
  }
  if (input.audience.userIds.length > 0) {
    const named = await namedCadres(db, input.ownerOrgId, input.audience.userIds);
    if (named.length !== new Set(input.audience.userIds).size) return "指定的干部不在本考试所属组织的范围内";
  }
  return null;
}

/** The named cadres of an audience that lie within the owner's subtree, for the picker. */
export async function namedCadres(db: DB, ownerOrgId: number, userIds: number[]) {
  if (userIds.length === 0) return [];
  const owner = await scopeForOrg(db, ownerOrgId);
  return db
    .selectFrom("users")
    .innerJoin("orgs", "orgs.id", "users.org_id")
    .select(["users.id", "users.employee_no as employeeNo", "users.name", "orgs.name as orgName"])
    .where("users.id", "in", userIds.slice(0, 500))
    .where("orgs.path", "like", `${owner.kind === "subtree" ? owner.path : "/"}%`)
    .orderBy("users.employee_no")
    .execute();
}

/** Cadres matching 工号 or 姓名 within the owner's subtree, to add by name. */
export async function searchAudienceCadres(db: DB, input: { ownerOrgId: number; q: string; exclude: number[] }) {
  const q = input.q.trim();
  if (q === "") return [];
  const { rows } = await listCadres(db, await scopeForOrg(db, input.ownerOrgId), { q });
  return rows
    .filter((c) => !input.exclude.includes(c.id))
    .slice(0, 20)
    .map((c) => ({ id: c.id, employeeNo: c.employee_no, name: c.name, orgName: c.orgName }));
}
