import ExcelJS from "exceljs";

import type { DB } from "../../db/client";
import { changeRole } from "~/models/accounts.server";
import { getCadre, listCadres } from "~/models/cadres.server";
import { importRoster } from "~/models/roster.server";
import { scopeForOrg } from "~/models/orgs.server";
import { readUploadedTable, SpreadsheetError } from "~/utils/spreadsheet.server";

import { createTestDatabase, makeOrg, makeUser, uniqueNo } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

async function xlsxFile(rows: string[][]): Promise<File> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("花名册");
  for (const row of rows) sheet.addRow(row);
  const buffer = await workbook.xlsx.writeBuffer();
  return new File([buffer], "花名册.xlsx");
}

describe("roster files", () => {
  test("an .xlsx roster from the template imports the cadres", async () => {
    const root = await makeOrg(db, "表格测试党委", null, "party_committee");
    await makeOrg(db, "表格测试党支部", root.id);
    const organizer = await makeUser(db, { orgId: root.id, role: "organizer", scopeOrgId: root.id });
    const scope = await scopeForOrg(db, root.id);
    const no = uniqueNo("X");
    const table = await readUploadedTable(await xlsxFile([["工号", "姓名", "组织", "职级", "领导干部", "党员"], [no, "林木", "表格测试党支部", "处级", "是", "是"]]));
    const result = await importRoster(db, { actorId: organizer.id, scope, table, fileName: "花名册.xlsx", ip: "127.0.0.1", now: new Date() });
    expect(result).toMatchObject({ ok: true, created: 1 });
    expect((await listCadres(db, scope, { q: no })).rows[0]).toMatchObject({ name: "林木", rank: "division", is_leader: 1 });
  });

  test("a CSV that is not UTF-8, a .xls, or an empty file is refused with a clear Chinese reason", async () => {
    const gbk = new File([Uint8Array.from([0xb9, 0xa4, 0xba, 0xc5, 0x0a])], "roster.csv");
    await expect(readUploadedTable(gbk)).rejects.toThrow("不是 UTF-8 编码");
    await expect(readUploadedTable(new File(["x"], "roster.xls"))).rejects.toThrow("只支持 .xlsx 或 .csv 文件");
    await expect(readUploadedTable(new File([], "roster.csv"))).rejects.toThrow(SpreadsheetError);
    await expect(readUploadedTable(new File(["not a zip"], "roster.xlsx"))).rejects.toThrow("无法读取该 Excel 文件");
  });

  test("a role change is recorded in the audit log with from and to", async () => {
    const org = await makeOrg(db, "角色测试党支部");
    const admin = await makeUser(db, { orgId: org.id, role: "admin" });
    const target = await makeUser(db, { orgId: org.id });
    const cadre = (await getCadre(db, { kind: "all" }, target.id))!;
    await changeRole(db, { actorId: admin.id, cadre, role: "organizer", scopeOrgId: org.id, ip: "10.1.1.1", now: new Date() });
    expect(await getCadre(db, { kind: "all" }, target.id)).toMatchObject({ role: "organizer", scope_org_id: org.id });
    const entry = await db.selectFrom("audit_log").selectAll().where("action", "=", "user.role_change").where("target", "=", target.employee_no).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: admin.id, ip: "10.1.1.1" });
    expect(JSON.parse(entry.detail!)).toEqual({ from: "cadre", to: "organizer", scopeOrgId: org.id });
  });
});
