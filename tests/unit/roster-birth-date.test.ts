import { parseBirthDate, type RosterContext, validateRoster } from "~/domain/roster";

const context: RosterContext = { orgsInScope: new Map([["东方红林场党支部", 11]]), orgsOutOfScope: new Set(), existingEmployeeNos: new Set(), today: "2026-05-10" };
const HEADER = ["工号", "姓名", "组织", "职级", "领导干部", "党员", "出生日期"];

describe("the roster's optional 出生日期 column", () => {
  test("the usual ways of writing a date all mean the same day", () => {
    for (const written of ["1975-03-08", "1975/3/8", "1975.03.08", "1975年3月8日", "19750308", "1975 - 3 - 8"]) {
      expect(parseBirthDate(written, "2026-05-10"), written).toBe("1975-03-08");
    }
  });

  test("impossible, too early and future dates are not birth dates", () => {
    expect(parseBirthDate("1975-02-30", "2026-05-10")).toBeNull();
    expect(parseBirthDate("1899-12-31", "2026-05-10")).toBeNull();
    expect(parseBirthDate("2026-05-11", "2026-05-10")).toBeNull();
    expect(parseBirthDate("三月八日", "2026-05-10")).toBeNull();
  });

  test("a row may leave it empty; a bad one is reported with its row and nothing is imported", () => {
    const good = validateRoster([HEADER, ["T1", "张伟", "东方红林场党支部", "科级", "是", "是", "1975/3/8"], ["T2", "李娜", "东方红林场党支部", "职工", "否", "是", ""]], context);
    expect(good).toMatchObject({ ok: true, cadres: [{ employeeNo: "T1", birthDate: "1975-03-08" }, { employeeNo: "T2" }] });
    expect(good.ok && "birthDate" in good.cadres[1]).toBe(false);

    const bad = validateRoster([HEADER, ["T3", "王五", "东方红林场党支部", "科级", "否", "是", "1975-13-01"]], context);
    expect(bad).toEqual({
      ok: false,
      errors: [{ row: 2, column: "出生日期", code: "bad_birth_date", message: "出生日期“1975-13-01”无效，应为 1975-03-08 这样的日期，可以不填" }],
    });
  });

  test("a roster without the column is still read", () => {
    const result = validateRoster([HEADER.slice(0, 6), ["T4", "赵六", "东方红林场党支部", "职工", "否", "是"]], context);
    expect(result).toMatchObject({ ok: true, cadres: [{ employeeNo: "T4" }] });
  });
});
