import { neutralizeFormula, parseCsv, toCsv } from "~/utils/csv";

describe("CSV", () => {
  test("reads UTF-8 with and without BOM, quoted fields, CRLF", () => {
    const text = '工号,姓名\r\nT1,"张,三"\r\nT2,"说""好"""\r\n';
    expect(parseCsv(text)).toEqual([["工号", "姓名"], ["T1", "张,三"], ["T2", '说"好"']]);
    expect(parseCsv("\uFEFF" + text)[0][0]).toBe("工号");
  });

  test("writes a BOM and neutralizes cells that a spreadsheet would run", () => {
    const out = toCsv([["姓名", "得分"], ["=HYPERLINK(\"x\")", 90], ["+1", "@SUM(A1)"], ["-2", "\tTAB"]]);
    expect(out.startsWith("\uFEFF")).toBe(true);
    expect(out).toContain(`"'=HYPERLINK(""x"")",90`);
    expect(out).toContain("'+1,'@SUM(A1)");
    expect(parseCsv(out)[3]).toEqual(["'-2", "'\tTAB"]);
  });

  test("numbers are written as numbers, so negative scores are not mangled", () => {
    expect(toCsv([[-3]])).toBe("\uFEFF-3\r\n");
    expect(neutralizeFormula("普通文本")).toBe("普通文本");
  });
});
