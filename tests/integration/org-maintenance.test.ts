import type { DB } from "../../db/client";
import { saveResponses, startAttempt, submitAttempt } from "~/models/attempts.server";
import { fieldsOf, updateCadre } from "~/models/cadre-maintenance.server";
import { getCadre, listCadres } from "~/models/cadres.server";
import { createExam, getAssignment, getExam, getExamInScope, publishExam } from "~/models/exams.server";
import { addOrg, moveOrg, renameOrg, setOrgActive } from "~/models/org-maintenance.server";
import { getOrg, listOrgs, scopeForOrg } from "~/models/orgs.server";
import { loadExamReport } from "~/models/reports.server";
import { importRoster } from "~/models/roster.server";
import { action as orgAction, loader as orgLoader } from "~/routes/manage.orgs.$orgId";
import { action as treeAction } from "~/routes/manage.orgs._index";

import { uniqueSlug } from "../support/bank-fixtures";
import { examDefinition, generatedBank, importGeneratedBank } from "../support/exam-fixtures";
import { callRoute, sessionCookieFor } from "../support/route-calls";
import { createTestDatabase, makeOrg, makeUser, uniqueNo } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;
let slug: string;
const ALL = { kind: "all" } as const;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
  slug = uniqueSlug("orgs-bank");
  await importGeneratedBank(db, generatedBank(slug));
});
afterAll(() => cleanup());

const actor = (actorId: number) => ({ actorId, ip: "127.0.0.1", now: new Date() });

/** 局党委 → 一分局 (→ 林场 → 林场一队), 二分局; an admin and an organizer for each level. */
async function arrangeTree() {
  const tag = uniqueSlug("t");
  const root = await makeOrg(db, `局党委-${tag}`, null, "party_committee");
  const first = await makeOrg(db, `一分局党总支-${tag}`, root.id, "general_branch");
  const second = await makeOrg(db, `二分局党总支-${tag}`, root.id, "general_branch");
  const farm = await makeOrg(db, `林场党支部-${tag}`, first.id);
  const team = await makeOrg(db, `林场一队党小组-${tag}`, farm.id, "department");
  const admin = await makeUser(db, { orgId: root.id, role: "admin" });
  const firstOrganizer = await makeUser(db, { orgId: first.id, role: "organizer", scopeOrgId: first.id });
  const secondOrganizer = await makeUser(db, { orgId: second.id, role: "organizer", scopeOrgId: second.id });
  const farmOrganizer = await makeUser(db, { orgId: farm.id, role: "organizer", scopeOrgId: farm.id });
  const farmCadre = await makeUser(db, { orgId: farm.id, name: "林场干部" });
  const teamCadre = await makeUser(db, { orgId: team.id, name: "一队干部" });
  return { tag, root, first, second, farm, team, admin, firstOrganizer, secondOrganizer, farmOrganizer, farmCadre, teamCadre };
}

const cadreIds = async (orgId: number) => (await listCadres(db, await scopeForOrg(db, orgId), {})).rows.map((c) => c.id);

describe("moving an organization", () => {
  test("keeps the subtree's scope right for organizers: the new parent's organizer sees it, the old one no longer does", async () => {
    const t = await arrangeTree();
    const farmExam = await createExam(db, { definition: examDefinition(slug), ownerOrgId: t.farm.id, createdBy: null, now: new Date() });

    const moved = await moveOrg(db, ALL, { ...actor(t.admin.id), orgId: t.farm.id, parentId: t.second.id });
    expect(moved).toMatchObject({ kind: "done" });

    const farm = (await getOrg(db, t.farm.id))!;
    const team = (await getOrg(db, t.team.id))!;
    const second = (await getOrg(db, t.second.id))!;
    expect(farm.parent_id).toBe(t.second.id);
    expect(farm.path).toBe(`${second.path}${farm.id}/`);
    expect(team.path).toBe(`${farm.path}${team.id}/`);

    expect(await cadreIds(t.second.id)).toEqual(expect.arrayContaining([t.farmCadre.id, t.teamCadre.id]));
    expect(await cadreIds(t.first.id)).not.toContain(t.farmCadre.id);
    expect(await cadreIds(t.first.id)).not.toContain(t.teamCadre.id);
    // The farm's own organizer still has the farm and everything below it.
    expect(await cadreIds(t.farm.id)).toEqual(expect.arrayContaining([t.farmCadre.id, t.teamCadre.id]));

    // The farm's exams moved with it.
    expect(await getExamInScope(db, await scopeForOrg(db, t.second.id), farmExam)).toBeDefined();
    expect(await getExamInScope(db, await scopeForOrg(db, t.first.id), farmExam)).toBeUndefined();

    const audit = await db.selectFrom("audit_log").select("detail").where("action", "=", "org.move").where("actor_id", "=", t.admin.id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ fromParentId: t.first.id, toParentId: t.second.id, orgs: 2 });
  });

  test("refuses a move under the organization itself or below it, out of scope, or of the organizer's own top", async () => {
    const t = await arrangeTree();
    expect(await moveOrg(db, ALL, { ...actor(t.admin.id), orgId: t.first.id, parentId: t.team.id })).toMatchObject({ kind: "refused", field: "parentId" });
    expect(await moveOrg(db, ALL, { ...actor(t.admin.id), orgId: t.farm.id, parentId: t.farm.id })).toMatchObject({ kind: "refused" });
    const firstScope = await scopeForOrg(db, t.first.id);
    expect(await moveOrg(db, firstScope, { ...actor(t.firstOrganizer.id), orgId: t.farm.id, parentId: t.second.id })).toMatchObject({ kind: "refused", field: "parentId" });
    expect(await moveOrg(db, firstScope, { ...actor(t.firstOrganizer.id), orgId: t.second.id, parentId: t.first.id })).toEqual({ kind: "not_found" });
    const farmScope = await scopeForOrg(db, t.farm.id);
    expect(await moveOrg(db, farmScope, { ...actor(t.farmOrganizer.id), orgId: t.farm.id, parentId: t.team.id })).toMatchObject({ kind: "refused" });
    expect((await getOrg(db, t.farm.id))!.parent_id).toBe(t.first.id);
  });

  test("keeps historical results with the organization; an open exam of the old parent drops those who had not started", async () => {
    const t = await arrangeTree();
    const idle = await makeUser(db, { orgId: t.farm.id, name: "未考干部" });
    const closedExam = await createExam(db, { definition: examDefinition(slug), ownerOrgId: t.first.id, createdBy: null, now: new Date() });
    expect((await publishExam(db, { examId: closedExam, actorId: null, ip: null, now: new Date() })).ok).toBe(true);
    const started = await startAttempt(db, { examId: closedExam, userId: t.farmCadre.id, now: new Date(), seed: 5 });
    if (started.kind !== "started") throw new Error("not started");
    await saveResponses(db, { attemptId: started.attemptId, userId: t.farmCadre.id, answers: [{ ref: "0:0", response: { kind: "single", option: 1 } }], seq: 1, now: new Date() });
    await submitAttempt(db, { attemptId: started.attemptId, userId: t.farmCadre.id, now: new Date() });

    await moveOrg(db, ALL, { ...actor(t.admin.id), orgId: t.farm.id, parentId: t.second.id });

    expect(await getAssignment(db, closedExam, t.farmCadre.id)).toMatchObject({ org_id: t.farm.id });
    expect(await getAssignment(db, closedExam, idle.id)).toBeUndefined();
    const report = await loadExamReport(db, (await getExam(db, closedExam))!, new Date());
    expect(report.participants.find((p) => p.name === "林场干部")?.orgName).toBe(t.farm.name);
    expect(report.byOrg.find((o) => o.orgId === t.farm.id)).toMatchObject({ took: 1 });
  });
});

describe("adding, renaming and deactivating", () => {
  test("an organizer adds a branch under their own organization; names are unique; top level is for admins", async () => {
    const t = await arrangeTree();
    const firstScope = await scopeForOrg(db, t.first.id);
    const added = await addOrg(db, firstScope, { ...actor(t.firstOrganizer.id), name: `新林场党支部-${t.tag}`, kind: "branch", parentId: t.first.id });
    expect(added).toMatchObject({ kind: "done" });
    if (added.kind !== "done") return;
    expect(added.org.path.startsWith((await getOrg(db, t.first.id))!.path)).toBe(true);
    expect(await addOrg(db, firstScope, { ...actor(t.firstOrganizer.id), name: t.farm.name, kind: "branch", parentId: t.first.id })).toMatchObject({ kind: "refused", field: "name" });
    expect(await addOrg(db, firstScope, { ...actor(t.firstOrganizer.id), name: `越权-${t.tag}`, kind: "branch", parentId: t.second.id })).toMatchObject({ kind: "refused", field: "parentId" });
    expect(await addOrg(db, firstScope, { ...actor(t.firstOrganizer.id), name: `顶级-${t.tag}`, kind: "party_committee", parentId: null })).toMatchObject({ kind: "refused" });
    expect(await addOrg(db, ALL, { ...actor(t.admin.id), name: `另一林业局-${t.tag}`, kind: "party_committee", parentId: null })).toMatchObject({ kind: "done" });
  });

  test("a rename keeps the organization's results and is audited with both names", async () => {
    const t = await arrangeTree();
    const renamed = await renameOrg(db, ALL, { ...actor(t.admin.id), orgId: t.farm.id, name: `红旗林场党支部-${t.tag}`, kind: "branch" });
    expect(renamed).toMatchObject({ kind: "done" });
    const audit = await db.selectFrom("audit_log").select("detail").where("action", "=", "org.rename").where("actor_id", "=", t.admin.id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ from: t.farm.name, to: `红旗林场党支部-${t.tag}` });
  });

  test("deactivation is refused while cadres are there; afterwards nobody can be imported or transferred in", async () => {
    const t = await arrangeTree();
    const scope = await scopeForOrg(db, t.first.id);
    const blocked = await setOrgActive(db, scope, { ...actor(t.firstOrganizer.id), orgId: t.team.id, active: false });
    expect(blocked).toMatchObject({ kind: "refused", message: expect.stringContaining("1 名在册干部") });

    const cadre = (await getCadre(db, scope, t.teamCadre.id))!;
    await updateCadre(db, scope, { cadreId: cadre.id, fields: { ...fieldsOf(cadre), orgId: t.farm.id }, effectiveOn: "2026-01-05", note: "撤并", ...actor(t.firstOrganizer.id) });
    expect(await setOrgActive(db, scope, { ...actor(t.firstOrganizer.id), orgId: t.team.id, active: false })).toMatchObject({ kind: "done" });
    expect((await listOrgs(db, scope, { activeOnly: true })).map((o) => o.id)).not.toContain(t.team.id);

    const imported = await importRoster(db, {
      actorId: t.firstOrganizer.id,
      scope,
      table: [["工号", "姓名", "组织", "职级", "领导干部", "党员"], [uniqueNo(), "新人", t.team.name, "职工", "否", "否"]],
      fileName: "x.csv",
      ip: "127.0.0.1",
      now: new Date(),
    });
    expect(imported).toMatchObject({ ok: false, errors: [{ code: "org_inactive", message: `组织“${t.team.name}”已停用` }] });
    const back = (await getCadre(db, scope, t.teamCadre.id))!;
    expect(await updateCadre(db, scope, { cadreId: back.id, fields: { ...fieldsOf(back), orgId: t.team.id }, effectiveOn: "2026-01-06", note: null, ...actor(t.firstOrganizer.id) })).toMatchObject({
      kind: "refused",
      field: "orgId",
    });
    expect(await setOrgActive(db, scope, { ...actor(t.firstOrganizer.id), orgId: t.first.id, active: false })).toMatchObject({ kind: "refused" });
  });
});

describe("organization pages", () => {
  test("an organization outside the organizer's scope answers 404 and is logged; a bad form changes nothing", async () => {
    const t = await arrangeTree();
    const cookie = await sessionCookieFor(db, t.secondOrganizer.id);
    const page = await callRoute(orgLoader, { db, cookie, path: `/manage/orgs/${t.farm.id}`, params: { orgId: String(t.farm.id) } });
    expect(page.status).toBe(404);
    const post = await callRoute(orgAction, { db, cookie, path: `/manage/orgs/${t.farm.id}`, params: { orgId: String(t.farm.id) }, form: { intent: "rename", name: "改名", kind: "branch" } });
    expect(post.status).toBe(404);
    expect((await getOrg(db, t.farm.id))!.name).toBe(t.farm.name);
    const denied = await db.selectFrom("audit_log").select("target").where("action", "=", "access.denied").where("actor_id", "=", t.secondOrganizer.id).execute();
    expect(denied.map((d) => d.target)).toContain(`/manage/orgs/${t.farm.id}`);

    const own = await sessionCookieFor(db, t.firstOrganizer.id);
    const bad = await callRoute(orgAction, { db, cookie: own, path: `/manage/orgs/${t.farm.id}`, params: { orgId: String(t.farm.id) }, form: { intent: "move", parentId: "abc" } });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ error: "请选择上级组织" });
    const badName = await callRoute(treeAction, { db, cookie: own, path: "/manage/orgs", form: { intent: "create", name: "x", kind: "branch", parentId: String(t.first.id) } });
    expect(badName).toMatchObject({ status: 400, data: { fieldErrors: { name: "组织名称应为 2 到 40 个字" } } });
    const moved = await callRoute(orgAction, { db, cookie: own, path: `/manage/orgs/${t.team.id}`, params: { orgId: String(t.team.id) }, form: { intent: "move", parentId: String(t.first.id) } });
    expect(moved).toMatchObject({ status: 200, data: { done: expect.stringContaining("移到") } });
  });
});
