import { boardTable, yearCountTable, yearSentence } from "~/domain/appointments/board";
import { typedNameMatches } from "~/domain/appointments/commitment";
import { DEFAULT_RULES, describeRules, rulesMaxScore, rulesPaperSpec, rulesProblems } from "~/domain/appointments/rules";

describe("the bureau's pre-appointment rules", () => {
  test("the defaults: 80 of 100 to pass, one makeup, 暂缓任用 after a second fail, open-book from 50, valid two years", () => {
    expect(rulesMaxScore(DEFAULT_RULES)).toBe(100);
    expect(describeRules(DEFAULT_RULES)).toEqual([
      "满分 100 分，80 分及格",
      "未通过可补考一次（重新抽题）；补考仍未通过的，暂缓任用",
      "任用决定之日年满 50 周岁的干部开卷考试",
      "考试合格有效期 2 年，有效期内再任职可沿用",
    ]);
  });

  test("the standard paper leaves out empty sections and carries the section minimums", () => {
    const rules = { ...DEFAULT_RULES, sections: DEFAULT_RULES.sections.map((s) => (s.type === "fill" ? { ...s, count: 0 } : s.type === "single" ? { ...s, minScore: 30 } : s)) };
    const spec = rulesPaperSpec(rules, [{ slug: "a", version: 2 }]);
    expect(spec.sections.map((s) => [s.title, s.count, s.points, s.minScore])).toEqual([
      ["一、单选题", 20, 2, 30],
      ["二、多选题", 10, 3, undefined],
      ["三、判断题", 20, 1, undefined],
    ]);
    expect(spec.sections[0].source).toEqual({ kind: "draw", banks: [{ slug: "a", version: 2 }] });
  });

  test("impossible rules are refused field by field", () => {
    expect(rulesProblems({ ...DEFAULT_RULES, passMark: 101 })).toEqual({ passMark: "及格线不能高于试卷满分 100 分" });
    const minimum = { ...DEFAULT_RULES, sections: DEFAULT_RULES.sections.map((s, i) => (i === 1 ? { ...s, minScore: 31 } : s)) };
    expect(rulesProblems(minimum)).toEqual({ "sections.1.minScore": "多选题最低分不能高于该部分满分 30 分" });
    expect(rulesProblems({ ...DEFAULT_RULES, sections: DEFAULT_RULES.sections.map((s) => ({ ...s, count: 0 })) })).toEqual({ sections: "试卷至少需要一道题" });
  });
});

describe("signing and the board", () => {
  test("the typed name must be the cadre's own; spaces and full-width letters do not matter", () => {
    expect(typedNameMatches("王林", "王林")).toBe(true);
    expect(typedNameMatches(" 王　林 ", "王林")).toBe(true);
    expect(typedNameMatches("ＡＬＩ", "ALI")).toBe(true);
    expect(typedNameMatches("王森", "王林")).toBe(false);
    expect(typedNameMatches("", "王林")).toBe(false);
    expect(typedNameMatches("王", "王林")).toBe(false);
  });

  test("the board's table says each step, the state and the age in days", () => {
    const table = boardTable(
      [
        {
          id: 1,
          employeeNo: "L0030",
          name: "张森",
          orgName: "青山林场党支部",
          post: "青山林场场长",
          documentNo: null,
          decidedOn: "2026-05-01",
          openBook: true,
          organizerName: "李秀英",
          snapshot: { status: "open", commitment: "done", talk: "pending", test: { result: "pending", failures: 1, makeupOpen: true } },
          commitmentSignedAt: "2026-05-02T16:30:00.000Z",
          talkOn: null,
          createdAt: "2026-05-01T02:00:00.000Z",
          closedAt: null,
        },
      ],
      new Date("2026-05-11T02:00:00.000Z"),
      "Asia/Shanghai",
    );
    expect(table.columns.map((c) => c.header)).toEqual(["序号", "工号", "姓名", "单位", "新任职务", "任用文号", "决定日期", "承诺", "谈话", "考试", "考试方式", "状态", "天数", "负责人"]);
    expect(table.rows[0]).toEqual([1, "L0030", "张森", "青山林场党支部", "青山林场场长", "—", "2026-05-01", "已签署 2026-05-03", "待谈话", "未通过，待补考", "开卷", "待谈话、待补考", 10, "李秀英"]);
  });

  test("the year's count has a total row and the sentence of the annual report", () => {
    const table = yearCountTable(2026, [
      { orgName: "东方红林场党支部", cases: 3, completed: 2 },
      { orgName: "青山林场党支部", cases: 1, completed: 1 },
    ]);
    expect(table.name).toBe("2026年度统计");
    expect(table.rows.at(-1)).toEqual(["合计", 4, 3]);
    expect(yearSentence(2026, 3)).toBe("2026年共组织 3 名新任职干部进行了任前承诺、谈话、考试");
  });
});
