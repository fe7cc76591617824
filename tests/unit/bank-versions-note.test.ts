import { storedVersionsNote } from "~/domain/banks/display";

describe("how many versions a bank has here", () => {
  test("a fresh install that imported 第 2 版 does not say 1 个版本 next to 第 2 版", () => {
    expect(storedVersionsNote(2, 1)).toBe("本系统从第 2 版开始导入，暂无更早的版本");
    expect(storedVersionsNote(2, 1)).not.toMatch(/1 个版本/);
  });
  test("a first version alone, and several versions", () => {
    expect(storedVersionsNote(1, 1)).toBe("共 1 个版本");
    expect(storedVersionsNote(3, 2)).toBe("本系统共导入 2 个版本");
  });
});
