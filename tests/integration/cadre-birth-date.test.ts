import type { DB } from "../../db/client";
import { importRoster } from "~/models/roster.server";
import { applyRosterUpdate, previewRosterUpdate } from "~/models/roster-update.server";
import { scopeForOrg } from "~/models/orgs.server";
import { action as cadreAction, loader as cadreLoader } from "~/routes/manage.cadres.$cadreId";
import { readXlsxSheets } from "~/utils/spreadsheet.server";
import { rosterTemplateXlsx } from "~/utils/roster-files.server";

import { callRoute, sessionCookieFor } from "../support/route-calls";
import { createTestDatabase, makeOrg, makeUser, uniqueNo } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

const birthDateOf = async (userId: number) => (await db.selectFrom("users").select("birth_date").where("id", "=", userId).executeTakeFirstOrThrow()).birth_date;

describe("a cadre's birth date", () => {
  test("the roster template has the optional 出生日期 column, and importing new cadres stores it", async () => {
    const sheets = await readXlsxSheets(Buffer.from(await rosterTemplateXlsx("某林场党支部")));
    expect(sheets[0].rows[0]).toEqual(["工号", "姓名", "组织", "职级", "领导干部", "党员", "出生日期"]);

    const root = await makeOrg(db, `出生日期林业局-${uniqueNo()}`, null, "party_committee");
    const farm = await makeOrg(db, `出生日期林场党支部-${uniqueNo()}`, root.id);
    const organizer = await makeUser(db, { orgId: root.id, role: "organizer", scopeOrgId: root.id });
    const [a, b] = [uniqueNo(), uniqueNo()];
    const table = [sheets[0].rows[0], [a, "张林", farm.name, "科级", "是", "是", "1972年5月9日"], [b, "李森", farm.name, "职工", "否", "是", ""]];
    const scope = await scopeForOrg(db, root.id);
    const future = await importRoster(db, { actorId: organizer.id, scope, table: [table[0], [uniqueNo(), "赵未", farm.name, "职工", "否", "是", "2999-01-01"]], fileName: "x.csv", ip: "127.0.0.1", now: new Date() });
    expect(future).toMatchObject({ ok: false, errors: [{ column: "出生日期", code: "bad_birth_date" }] });
    expect(await importRoster(db, { actorId: organizer.id, scope, table, fileName: "花名册.xlsx", ip: "127.0.0.1", now: new Date() })).toMatchObject({ ok: true, created: 2 });
    const rows = await db.selectFrom("users").select(["employee_no", "birth_date"]).where("employee_no", "in", [a, b]).orderBy("employee_no").execute();
    expect(Object.fromEntries(rows.map((r) => [r.employee_no, r.birth_date]))).toEqual({ [a]: "1972-05-09", [b]: null });
  });

  test("a roster update previews a birth date as a change, and an empty cell keeps the recorded one", async () => {
    const root = await makeOrg(db, `出生日期更新局-${uniqueNo()}`, null, "party_committee");
    const farm = await makeOrg(db, `出生日期更新林场-${uniqueNo()}`, root.id);
    const organizer = await makeUser(db, { orgId: root.id, role: "organizer", scopeOrgId: root.id });
    const zhang = await makeUser(db, { orgId: farm.id, name: "张林", rank: "staff" });
    const li = await makeUser(db, { orgId: farm.id, name: "李森", rank: "staff" });
    await db.updateTable("users").set({ birth_date: "1980-01-01" }).where("id", "=", li.id).execute();
    const importer = { actorId: organizer.id, actorRole: "organizer" as const, scope: await scopeForOrg(db, root.id), ip: "127.0.0.1", now: new Date() };
    const header = ["工号", "姓名", "组织", "职级", "领导干部", "党员", "出生日期"];
    const preview = await previewRosterUpdate(db, {
      ...importer,
      table: [header, [zhang.employee_no, "张林", farm.name, "一般干部", "否", "是", "1969/7/1"], [li.employee_no, "李森", farm.name, "一般干部", "否", "是", ""]],
      fileName: "出生日期.csv",
      effectiveOn: "2026-10-08",
    });
    expect(preview).toMatchObject({ ok: true, plan: { updates: [{ employeeNo: zhang.employee_no, changes: [{ field: "birthDate", from: null, to: "1969-07-01" }] }], unchanged: 1 } });
    if (!preview.ok) return;
    expect(await birthDateOf(zhang.id)).toBeNull();
    expect(await applyRosterUpdate(db, { ...importer, previewId: preview.previewId })).toMatchObject({ ok: true });
    expect(await birthDateOf(zhang.id)).toBe("1969-07-01");
    expect(await birthDateOf(li.id)).toBe("1980-01-01");
  });

  test("the cadre page shows and edits it; a bad or future date changes nothing", async () => {
    const org = await makeOrg(db, `出生日期支部-${uniqueNo()}`);
    const organizer = await makeUser(db, { orgId: org.id, role: "organizer", scopeOrgId: org.id });
    const cadre = await makeUser(db, { orgId: org.id, name: "孙杉" });
    const cookie = await sessionCookieFor(db, organizer.id);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
    const form = (birthDate: string) => ({ intent: "update", name: "孙杉", orgId: String(org.id), rank: "staff", isLeader: "0", isPartyMember: "1", birthDate, effectiveOn: today, note: "" });
    const call = (f?: Record<string, string>) => callRoute(f ? cadreAction : cadreLoader, { db, cookie, path: `/manage/cadres/${cadre.id}`, params: { cadreId: String(cadre.id) }, form: f });
    expect(await call()).toMatchObject({ data: { cadre: { birthDate: null }, edit: { fields: { birthDate: null } } } });

    expect(await call(form("1975-02-30"))).toMatchObject({ status: 400, data: { fieldErrors: { birthDate: "出生日期格式如 1975-03-08" } } });
    expect(await call(form("2999-01-01"))).toMatchObject({ status: 400, data: { fieldErrors: { birthDate: "出生日期不能晚于今天" } } });
    expect(await birthDateOf(cadre.id)).toBeNull();

    expect(await call(form("1975-03-08"))).toMatchObject({ status: 200, data: { done: "已保存 1 项修改" } });
    expect(await call()).toMatchObject({ data: { cadre: { birthDate: "1975-03-08" } } });
    const { intent, name, orgId, rank, isLeader, isPartyMember, effectiveOn } = form("");
    // A form without the field leaves the date alone; an emptied field clears it.
    expect(await call({ intent, name, orgId, rank, isLeader, isPartyMember, effectiveOn })).toMatchObject({ data: { done: "没有需要保存的修改" } });
    expect(await call(form(""))).toMatchObject({ data: { done: "已保存 1 项修改" } });
    expect(await birthDateOf(cadre.id)).toBeNull();
    const audit = await db.selectFrom("audit_log").select("detail").where("action", "=", "user.update").where("actor_id", "=", organizer.id).orderBy("id").execute();
    expect(audit.map((a) => JSON.parse(a.detail!).changes)).toEqual([[{ field: "birthDate", from: null, to: "1975-03-08" }], [{ field: "birthDate", from: "1975-03-08", to: null }]]);
  });
});
