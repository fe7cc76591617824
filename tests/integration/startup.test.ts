import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { startApp } from "~/startup.server";
import { attemptLogin } from "~/models/login.server";
import { AdminCreateError, createAdmin } from "~/models/admins.server";

function tempDbPath() {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-start-")), "kaoxue.db");
}

const baseEnv = { KAOXUE_TIME_ZONE: "Asia/Shanghai", KAOXUE_ALLOWED_ORIGINS: "", NODE_ENV: "test" } as const;

// Seeding the demo bureau takes seconds, more on a busy machine.
describe("start-up", { timeout: 180_000 }, () => {
  test("demo mode fills an empty database with the demo bureau and its three accounts", async () => {
    const runtime = await startApp({ ...baseEnv, DATABASE_PATH: tempDbPath(), KAOXUE_DEMO: "1" });
    try {
      const { db } = runtime;
      const orgs = await db.selectFrom("orgs").selectAll().execute();
      const root = orgs.find((o) => o.parent_id === null)!;
      expect(root.name).toBe("林业局党委");
      const grassroots = orgs.filter((o) => o.kind === "branch" || o.kind === "general_branch");
      expect(grassroots.length).toBeGreaterThanOrEqual(22);
      expect(grassroots.length).toBeLessThanOrEqual(30);
      expect(grassroots.filter((o) => o.name.includes("林场党支部")).length).toBeGreaterThanOrEqual(10);

      const users = await db.selectFrom("users").selectAll().execute();
      expect(users.length).toBeGreaterThanOrEqual(270);
      expect(users.length).toBeLessThanOrEqual(330);
      const ranks = new Set(users.map((u) => u.rank));
      expect(ranks).toEqual(new Set(["division", "section", "staff", "worker"]));
      expect(users.filter((u) => u.is_leader).length).toBeGreaterThan(30);

      const byNo = new Map(users.map((u) => [u.employee_no, u]));
      expect(byNo.get("A0001")).toMatchObject({ role: "admin", must_change_password: 0 });
      expect(byNo.get("B0001")).toMatchObject({ role: "organizer", scope_org_id: root.id, must_change_password: 0 });
      const cadre = byNo.get("C0001")!;
      expect(cadre).toMatchObject({ role: "cadre", must_change_password: 0 });
      expect(orgs.find((o) => o.id === cadre.org_id)?.name).toMatch(/林场党支部$/);
      for (const employeeNo of ["A0001", "B0001", "C0001"]) {
        const result = await attemptLogin(db, { employeeNo, password: "kaoxue-demo", ip: "127.0.0.1", userAgent: null, now: new Date() });
        expect(result.kind, employeeNo).toBe("ok");
      }
      expect(runtime.demo?.accounts.map((a) => a.employeeNo)).toEqual(["A0001", "B0001", "C0001"]);
    } finally {
      await runtime.stop();
    }
  }, 120_000);

  test("a second start leaves an existing database as it is", async () => {
    const file = tempDbPath();
    const first = await startApp({ ...baseEnv, DATABASE_PATH: file, KAOXUE_DEMO: "1" });
    const count = async (r: typeof first) => Number((await r.db.selectFrom("users").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    const before = await count(first);
    await first.stop();
    const second = await startApp({ ...baseEnv, DATABASE_PATH: file, KAOXUE_DEMO: "1" });
    expect(await count(second)).toBe(before);
    await second.stop();
  }, 120_000);

  test("KAOXUE_DEMO=0 starts with an empty database and no demo accounts; admin:create makes the first admin", async () => {
    const runtime = await startApp({ ...baseEnv, DATABASE_PATH: tempDbPath(), KAOXUE_DEMO: "0" });
    try {
      const { db } = runtime;
      expect(await db.selectFrom("users").selectAll().execute()).toEqual([]);
      expect(await db.selectFrom("orgs").selectAll().execute()).toEqual([]);
      expect(runtime.demo).toBeNull();

      await expect(createAdmin(db, { employeeNo: "X1", name: "管理员", password: "short", orgName: "某局党委", now: new Date() })).rejects.toThrow(AdminCreateError);
      const admin = await createAdmin(db, { employeeNo: "x1", name: "管理员", password: "admin-pass-2026", orgName: "某局党委", now: new Date() });
      expect(admin.orgName).toBe("某局党委");
      const login = await attemptLogin(db, { employeeNo: "X1", password: "admin-pass-2026", ip: "127.0.0.1", userAgent: null, now: new Date() });
      expect(login).toMatchObject({ kind: "ok", mustChangePassword: false });
      await expect(createAdmin(db, { employeeNo: "X1", name: "重复", password: "admin-pass-2026", orgName: "", now: new Date() })).rejects.toThrow("已存在");
    } finally {
      await runtime.stop();
    }
  });
});
