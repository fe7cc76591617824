import type { DB } from "../../db/client";
import { mayManageAccount } from "~/models/accounts.server";
import { getCadre, listCadres } from "~/models/cadres.server";
import { importRoster } from "~/models/roster.server";
import { listOrgs, scopeForOrg } from "~/models/orgs.server";

import { createTestDatabase, makeOrg, makeUser } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

describe("organizer scope", () => {
  test("an organizer of one branch never sees a cadre of the sibling branch", async () => {
    const root = await makeOrg(db, "局党委", null, "party_committee");
    const east = await makeOrg(db, "东林党总支", root.id, "general_branch");
    const eastFarm = await makeOrg(db, "东林一场党支部", east.id);
    const west = await makeOrg(db, "西林党总支", root.id, "general_branch");
    const westFarm = await makeOrg(db, "西林一场党支部", west.id);

    const eastCadre = await makeUser(db, { orgId: eastFarm.id, name: "东林干部" });
    const westCadre = await makeUser(db, { orgId: westFarm.id, name: "西林干部" });
    const eastScope = await scopeForOrg(db, east.id);

    const listed = await listCadres(db, eastScope, {});
    expect(listed.rows.map((r) => r.id)).toContain(eastCadre.id);
    expect(listed.rows.map((r) => r.id)).not.toContain(westCadre.id);

    // Even when asked for the sibling's org or by name, nothing leaks.
    expect((await listCadres(db, eastScope, { orgId: westFarm.id })).rows).toEqual([]);
    expect((await listCadres(db, eastScope, { q: "西林" })).rows).toEqual([]);
    expect(await getCadre(db, eastScope, westCadre.id)).toBeUndefined();
    expect(await getCadre(db, eastScope, eastCadre.id)).toMatchObject({ name: "东林干部" });

    expect((await listOrgs(db, eastScope)).map((o) => o.name)).toEqual(["东林党总支", "东林一场党支部"]);

    // The whole-bureau scope sees both.
    const all = await listCadres(db, await scopeForOrg(db, root.id), {});
    expect(all.rows.map((r) => r.id)).toEqual(expect.arrayContaining([eastCadre.id, westCadre.id]));

    // An organizer cannot import cadres into the sibling branch either.
    const organizer = await makeUser(db, { orgId: east.id, role: "organizer", scopeOrgId: east.id });
    const result = await importRoster(db, {
      actorId: organizer.id,
      scope: eastScope,
      table: [["工号", "姓名", "组织", "职级", "领导干部", "党员"], ["X9001", "越界", "西林一场党支部", "职工", "否", "是"]],
      fileName: "x.csv",
      ip: "127.0.0.1",
      now: new Date(),
    });
    expect(result).toMatchObject({ ok: false, errors: [{ code: "org_out_of_scope" }] });
  });

  test("an organizer may manage plain cadres only; admins anyone but themselves", () => {
    expect(mayManageAccount({ id: 1, role: "organizer" }, { id: 2, role: "cadre" })).toBe(true);
    expect(mayManageAccount({ id: 1, role: "organizer" }, { id: 2, role: "admin" })).toBe(false);
    expect(mayManageAccount({ id: 1, role: "organizer" }, { id: 2, role: "organizer" })).toBe(false);
    expect(mayManageAccount({ id: 1, role: "admin" }, { id: 2, role: "organizer" })).toBe(true);
    expect(mayManageAccount({ id: 1, role: "admin" }, { id: 1, role: "admin" })).toBe(false);
  });
});
