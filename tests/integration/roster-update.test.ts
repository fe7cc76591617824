import type { DB } from "../../db/client";
import { listCadreChanges } from "~/models/cadre-maintenance.server";
import { createExam, getAssignment, publishExam } from "~/models/exams.server";
import { type Scope, scopeForOrg } from "~/models/orgs.server";
import { importRoster } from "~/models/roster.server";
import { applyRosterUpdate, previewRosterUpdate } from "~/models/roster-update.server";
import { action as importAction } from "~/routes/manage.cadres.import";

import { uniqueSlug } from "../support/bank-fixtures";
import { examDefinition, generatedBank, importGeneratedBank } from "../support/exam-fixtures";
import { callRoute, sessionCookieFor } from "../support/route-calls";
import { createTestDatabase, makeOrg, makeUser, uniqueNo } from "../support/test-db";

const HEADER = ["工号", "姓名", "组织", "职级", "领导干部", "党员"];

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

async function arrange() {
  const tag = uniqueSlug("r");
  const root = await makeOrg(db, `更新测试局党委-${tag}`, null, "party_committee");
  const east = await makeOrg(db, `更新东林党支部-${tag}`, root.id);
  const west = await makeOrg(db, `更新西林党支部-${tag}`, root.id);
  const other = await makeOrg(db, `别的局-${tag}`, null, "party_committee");
  const organizer = await makeUser(db, { orgId: root.id, role: "organizer", scopeOrgId: root.id });
  const scope = await scopeForOrg(db, root.id);
  const zhang = await makeUser(db, { orgId: east.id, name: "张林", rank: "staff" });
  const li = await makeUser(db, { orgId: east.id, name: "李森", rank: "worker" });
  return { root, east, west, other, organizer, scope, zhang, li };
}

function importer(organizer: { id: number }, scope: Scope) {
  return { actorId: organizer.id, actorRole: "organizer" as const, scope, ip: "127.0.0.1", now: new Date() };
}

async function standing(userId: number) {
  return db.selectFrom("users").select(["name", "org_id", "rank", "is_leader", "is_party_member"]).where("id", "=", userId).executeTakeFirstOrThrow();
}

describe("a roster that updates existing cadres", () => {
  test("the preview lists what changes and saves nothing; confirming applies all of it with its date, history and audit", async () => {
    const t = await arrange();
    const newcomer = uniqueNo("U");
    const table = [
      HEADER,
      [t.zhang.employee_no, "张林", t.west.name, "科级", "是", "是"],
      [t.li.employee_no, "李森", t.east.name, "职工", "否", "是"],
      [newcomer, "王新", t.east.name, "一般干部", "否", "否"],
    ];
    const preview = await previewRosterUpdate(db, { ...importer(t.organizer, t.scope), table, fileName: "调整.xlsx", effectiveOn: "2026-10-08" });
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.plan.creates.map((c) => c.employeeNo)).toEqual([newcomer]);
    expect(preview.plan.unchanged).toBe(1);
    expect(preview.plan.updates).toHaveLength(1);
    expect(preview.plan.updates[0].changes).toEqual([
      { field: "orgId", from: t.east.id, to: t.west.id },
      { field: "rank", from: "staff", to: "section" },
      { field: "isLeader", from: false, to: true },
    ]);
    // Nothing is written by the preview.
    expect(await standing(t.zhang.id)).toMatchObject({ org_id: t.east.id, rank: "staff", is_leader: 0 });
    expect(await db.selectFrom("users").select("id").where("employee_no", "=", newcomer).executeTakeFirst()).toBeUndefined();

    const applied = await applyRosterUpdate(db, { ...importer(t.organizer, t.scope), previewId: preview.previewId });
    expect(applied).toMatchObject({ ok: true, created: 1, updated: 1, unchanged: 1 });
    expect(await standing(t.zhang.id)).toMatchObject({ org_id: t.west.id, rank: "section", is_leader: 1 });
    expect(await db.selectFrom("users").select("must_change_password").where("employee_no", "=", newcomer).executeTakeFirst()).toEqual({ must_change_password: 1 });

    const history = await listCadreChanges(db, t.zhang.id);
    expect(history.map((h) => [h.field, h.effective_on, h.source])).toEqual(
      expect.arrayContaining([
        ["org", "2026-10-08", "import"],
        ["rank", "2026-10-08", "import"],
        ["is_leader", "2026-10-08", "import"],
      ]),
    );
    const audit = await db.selectFrom("audit_log").select("detail").where("action", "=", "roster.update").where("actor_id", "=", t.organizer.id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ created: 1, updated: 1, unchanged: 1, effectiveOn: "2026-10-08" });

    // A preview is used once.
    expect(await applyRosterUpdate(db, { ...importer(t.organizer, t.scope), previewId: preview.previewId })).toMatchObject({ ok: false });
  });

  test("all or nothing: one bad row previews nothing, and a change after the preview refuses the confirmation", async () => {
    const t = await arrange();
    const bad = await previewRosterUpdate(db, {
      ...importer(t.organizer, t.scope),
      table: [HEADER, [t.zhang.employee_no, "张林", t.west.name, "科级", "是", "是"], [t.li.employee_no, "李森", "没有这个党支部", "职工", "否", "是"]],
      fileName: "坏.csv",
      effectiveOn: "2026-10-08",
    });
    expect(bad).toMatchObject({ ok: false, errors: [{ row: 3, column: "组织" }] });

    const preview = await previewRosterUpdate(db, {
      ...importer(t.organizer, t.scope),
      table: [HEADER, [t.zhang.employee_no, "张林", t.west.name, "科级", "是", "是"], [t.li.employee_no, "李森", t.west.name, "职工", "否", "是"], [uniqueNo("U"), "赵新", t.east.name, "职工", "否", "否"]],
      fileName: "好.csv",
      effectiveOn: "2026-10-08",
    });
    if (!preview.ok) throw new Error("preview refused");
    // Someone changes 李森 in the meantime: what was previewed is no longer what would happen.
    await db.updateTable("users").set({ rank: "staff" }).where("id", "=", t.li.id).execute();
    const before = await db.selectFrom("users").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
    const refused = await applyRosterUpdate(db, { ...importer(t.organizer, t.scope), previewId: preview.previewId });
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining("未导入任何数据") });
    expect(await standing(t.zhang.id)).toMatchObject({ org_id: t.east.id, rank: "staff" });
    expect(await db.selectFrom("users").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).toEqual(before);
    expect(await listCadreChanges(db, t.zhang.id)).toEqual([]);
  });

  test("refuses cadres outside the importer's scope and organizers' accounts; only the uploader can confirm", async () => {
    const t = await arrange();
    const stranger = await makeUser(db, { orgId: t.other.id });
    const colleague = await makeUser(db, { orgId: t.east.id, role: "organizer", scopeOrgId: t.east.id });
    const refused = await previewRosterUpdate(db, {
      ...importer(t.organizer, t.scope),
      table: [HEADER, [stranger.employee_no, "外人", t.east.name, "职工", "否", "否"], [colleague.employee_no, "同事", t.west.name, "科级", "否", "是"]],
      fileName: "越权.csv",
      effectiveOn: "2026-10-08",
    });
    expect(refused).toMatchObject({ ok: false, errors: [{ row: 2, code: "exists_out_of_scope" }, { row: 3, code: "not_manageable" }] });

    const preview = await previewRosterUpdate(db, {
      ...importer(t.organizer, t.scope),
      table: [HEADER, [t.li.employee_no, "李森", t.west.name, "职工", "否", "是"]],
      fileName: "调动.csv",
      effectiveOn: "2026-10-08",
    });
    if (!preview.ok) throw new Error("preview refused");
    const other = await makeUser(db, { orgId: t.root.id, role: "organizer", scopeOrgId: t.root.id });
    expect(await applyRosterUpdate(db, { ...importer(other, t.scope), previewId: preview.previewId })).toMatchObject({ ok: false, message: expect.stringContaining("预览已过期或不存在") });
    expect(await standing(t.li.id)).toMatchObject({ org_id: t.east.id });

    // The page confirms through the same model.
    const cookie = await sessionCookieFor(db, t.organizer.id);
    const confirmed = await callRoute(importAction, { db, cookie, path: "/manage/cadres/import", form: { intent: "apply", previewId: preview.previewId } });
    expect(confirmed).toMatchObject({ status: 200, data: { kind: "applied", updated: 1, created: 0, downloadUrl: null } });
    expect(await standing(t.li.id)).toMatchObject({ org_id: t.west.id });
  });

  test("an updated cadre joins the open exams of their new organization", async () => {
    const t = await arrange();
    const slug = uniqueSlug("rbank");
    await importGeneratedBank(db, generatedBank(slug));
    await makeUser(db, { orgId: t.west.id });
    const examId = await createExam(db, { definition: examDefinition(slug), ownerOrgId: t.west.id, createdBy: null, now: new Date() });
    expect((await publishExam(db, { examId, actorId: null, ip: null, now: new Date() })).ok).toBe(true);
    const preview = await previewRosterUpdate(db, {
      ...importer(t.organizer, t.scope),
      table: [HEADER, [t.zhang.employee_no, "张林", t.west.name, "一般干部", "否", "是"]],
      fileName: "调入西林.csv",
      effectiveOn: "2026-10-08",
    });
    if (!preview.ok) throw new Error("preview refused");
    await applyRosterUpdate(db, { ...importer(t.organizer, t.scope), previewId: preview.previewId });
    expect(await getAssignment(db, examId, t.zhang.id)).toMatchObject({ org_id: t.west.id });
  });

  test("without 更新已有干部 an existing 工号 is still refused", async () => {
    const t = await arrange();
    const result = await importRoster(db, { actorId: t.organizer.id, scope: t.scope, table: [HEADER, [t.zhang.employee_no, "张林", t.west.name, "科级", "是", "是"]], fileName: "x.csv", ip: "127.0.0.1", now: new Date() });
    expect(result).toMatchObject({ ok: false, errors: [{ code: "exists_in_database" }] });
  });
});
