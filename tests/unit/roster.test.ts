import { type RosterContext, validateRoster } from "~/domain/roster";

const HEADER = ["工号", "姓名", "组织", "职级", "领导干部", "党员"];

const context: RosterContext = {
  orgsInScope: new Map([
    ["东方红林场党支部", 11],
    ["青山林场党支部", 12],
  ]),
  orgsOutOfScope: new Set(["机关第一党支部"]),
  existingEmployeeNos: new Set(["C0001"]),
};

function codes(table: string[][]) {
  const result = validateRoster(table, context);
  return result.ok ? [] : result.errors.map((e) => [e.row, e.column, e.code]);
}

describe("roster row validation", () => {
  test("good rows become cadres with ranks and flags", () => {
    const result = validateRoster(
      [HEADER, ["t100", "张伟", "东方红林场党支部", "科级", "是", "是"], ["T101", " 李 娜 ", "青山林场党支部", "职工", "否", ""]],
      context,
    );
    expect(result).toEqual({
      ok: true,
      cadres: [
        { row: 2, employeeNo: "T100", name: "张伟", orgId: 11, orgName: "东方红林场党支部", rank: "section", isLeader: true, isPartyMember: true },
        { row: 3, employeeNo: "T101", name: "李 娜", orgId: 12, orgName: "青山林场党支部", rank: "worker", isLeader: false, isPartyMember: true },
      ],
    });
  });

  test("each bad row is reported with its spreadsheet row number and reason", () => {
    expect(
      codes([
        HEADER,
        ["T1", "", "东方红林场党支部", "科级", "否", "是"],
        ["T2", "王五", "不存在党支部", "科级", "否", "是"],
        ["T3", "赵六", "东方红林场党支部", "厅级", "否", "是"],
        ["T4", "钱七", "东方红林场党支部", "职工", "也许", "是"],
        ["C0001", "孙八", "东方红林场党支部", "职工", "否", "是"],
        ["T6", "周九", "东方红林场党支部", "职工", "否", "是"],
        ["t6", "吴十", "东方红林场党支部", "职工", "否", "是"],
        ["", "郑一", "东方红林场党支部", "职工", "否", "是"],
        ["T9", "冯二", "机关第一党支部", "职工", "否", "是"],
        ["T 10", "陈三", "东方红林场党支部", "职工", "否", "是"],
      ]),
    ).toEqual([
      [2, "姓名", "missing_name"],
      [3, "组织", "unknown_org"],
      [4, "职级", "bad_rank"],
      [5, "领导干部", "bad_flag"],
      [6, "工号", "exists_in_database"],
      [8, "工号", "duplicate_in_file"],
      [9, "工号", "missing_employee_no"],
      [10, "组织", "org_out_of_scope"],
      [11, "工号", "bad_employee_no"],
    ]);
  });

  test("a duplicate 工号 names the row it repeats", () => {
    const result = validateRoster(
      [HEADER, ["T7", "甲", "东方红林场党支部", "职工", "否", "是"], ["T7", "乙", "东方红林场党支部", "职工", "否", "是"]],
      context,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0].message).toBe("工号 T7 与第 2 行重复");
  });

  test("a missing column is reported against the header", () => {
    expect(codes([["工号", "姓名", "组织"], ["T1", "甲", "东方红林场党支部"]])).toEqual([
      [1, "职级", "missing_column"],
      [1, "领导干部", "missing_column"],
      [1, "党员", "missing_column"],
    ]);
  });

  test("blank lines are skipped, an empty file is an error", () => {
    expect(codes([HEADER, ["", "", "", "", "", ""]])).toEqual([[2, null, "empty_file"]]);
    expect(codes([])).toEqual([[1, null, "empty_file"]]);
    expect(codes([HEADER, [], ["T1", "甲", "东方红林场党支部", "职工", "否", "是"]])).toEqual([]);
  });

  test("full-width letters and digits in a 工号 are read as half-width", () => {
    const result = validateRoster([HEADER, ["Ｔ１２", "甲", "东方红林场党支部", "一般干部", "否", "是"]], context);
    expect(result.ok && result.cadres[0].employeeNo).toBe("T12");
  });
});
