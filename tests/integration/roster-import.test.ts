import type { DB } from "../../db/client";
import { takeHandout } from "~/models/handouts.server";
import { listCadres } from "~/models/cadres.server";
import { importRoster } from "~/models/roster.server";
import { type Scope, scopeForOrg } from "~/models/orgs.server";
import { verifyPassword } from "~/utils/password.server";
import { readXlsxTable } from "~/utils/spreadsheet.server";
import { parseCsv } from "~/utils/csv";
import { handoutXlsx } from "~/utils/roster-files.server";

import { createTestDatabase, makeOrg, makeUser, uniqueNo } from "../support/test-db";

const HEADER = ["工号", "姓名", "组织", "职级", "领导干部", "党员"];

let db: DB;
let cleanup: () => Promise<void>;
let organizerId: number;
let scope: Scope;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
  const root = await makeOrg(db, "测试林业局党委", null, "party_committee");
  await makeOrg(db, "测试一林场党支部", root.id);
  await makeOrg(db, "测试二林场党支部", root.id);
  organizerId = (await makeUser(db, { orgId: root.id, role: "organizer", scopeOrgId: root.id })).id;
  scope = await scopeForOrg(db, root.id);
});
afterAll(() => cleanup());

async function usersCount() {
  const row = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

function run(table: string[][]) {
  return importRoster(db, { actorId: organizerId, scope, table, fileName: "花名册.csv", ip: "127.0.0.1", now: new Date() });
}

describe("roster import", () => {
  test("a good file creates the cadres, each with a one-time initial password that works", async () => {
    const [a, b] = [uniqueNo(), uniqueNo()];
    const table = parseCsv(`\uFEFF${HEADER.join(",")}\n${a},张林,测试一林场党支部,科级,是,是\n${b},李森,测试二林场党支部,职工,否,否\n`);
    const result = await run(table);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.created).toBe(2);

    const { rows } = await listCadres(db, scope, { q: a });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "张林", orgName: "测试一林场党支部", rank: "section", is_leader: 1, must_change_password: 1 });

    const handout = await takeHandout(db, { ...result.handout, userId: organizerId, now: new Date() });
    expect(handout?.map((h) => h.employeeNo)).toEqual([a, b]);
    const hash = await db.selectFrom("users").select("password_hash").where("employee_no", "=", a).executeTakeFirstOrThrow();
    expect(hash.password_hash).not.toContain(handout![0].password);
    expect(await verifyPassword(hash.password_hash, handout![0].password)).toBe(true);

    // Handed out once: the second download finds nothing.
    expect(await takeHandout(db, { ...result.handout, userId: organizerId, now: new Date() })).toBeNull();

    // The spreadsheet of passwords is a real .xlsx that reads back.
    const table2 = await readXlsxTable(Buffer.from(await handoutXlsx(handout!)));
    expect(table2[0]).toEqual(["工号", "姓名", "组织", "初始密码"]);
    expect(table2[1][0]).toBe(a);
  });

  test("a file with one bad row imports nothing and reports that row", async () => {
    const before = await usersCount();
    const good = uniqueNo();
    const result = await run([
      HEADER,
      [good, "王一", "测试一林场党支部", "职工", "否", "是"],
      [uniqueNo(), "王二", "没有这个党支部", "职工", "否", "是"],
    ]);
    expect(result).toMatchObject({ ok: false, errors: [{ row: 3, column: "组织", code: "unknown_org" }] });
    expect(await usersCount()).toBe(before);
    expect((await listCadres(db, scope, { q: good })).rows).toHaveLength(0);
  });

  test("a 工号 already in the database is refused and nothing is written", async () => {
    const existing = uniqueNo();
    await run([HEADER, [existing, "赵一", "测试一林场党支部", "职工", "否", "是"]]);
    const before = await usersCount();
    const result = await run([
      HEADER,
      [uniqueNo(), "赵二", "测试一林场党支部", "职工", "否", "是"],
      [existing, "赵三", "测试一林场党支部", "职工", "否", "是"],
    ]);
    expect(result).toMatchObject({ ok: false, errors: [{ row: 3, code: "exists_in_database" }] });
    expect(await usersCount()).toBe(before);
  });

  test("a 工号 repeated within the file is refused", async () => {
    const no = uniqueNo();
    const result = await run([
      HEADER,
      [no, "钱一", "测试一林场党支部", "职工", "否", "是"],
      [no, "钱二", "测试二林场党支部", "职工", "否", "是"],
    ]);
    expect(result).toMatchObject({ ok: false, errors: [{ row: 3, code: "duplicate_in_file" }] });
  });

  test("refusals and imports are in the audit log, without any password", async () => {
    const entries = await db.selectFrom("audit_log").selectAll().where("action", "like", "roster.%").execute();
    expect(entries.some((e) => e.action === "roster.import")).toBe(true);
    expect(entries.some((e) => e.action === "roster.import_refused")).toBe(true);
    expect(JSON.stringify(entries)).not.toMatch(/password/i);
  });
});
