import {
  applySectionIntent,
  formFromDefinition,
  paperTotals,
  parseSectionIntent,
  previewPaperSpec,
  readExamForm,
} from "~/domain/exams/exam-form";
import { parseExamForm } from "~/schemas/exam-form.server";

import { examDefinition } from "../support/exam-fixtures";

const TZ = "Asia/Shanghai";

/** The entries a browser posts for a filled-in editor. */
function posted(overrides: Record<string, string | string[] | null> = {}): Array<[string, string]> {
  const base: Record<string, string | string[]> = {
    kind: "quarterly",
    title: "2026年第四季度党纪法规考试",
    description: "",
    period: "2026-Q4",
    opensAt: "2026-10-01T08:00",
    closesAt: "2026-12-31T18:00",
    durationMinutes: "60",
    passMark: "60",
    attemptsAllowed: "2",
    reviewPolicy: "after_submit",
    multiplePolicy: "partial_half",
    shuffleQuestions: "on",
    shuffleOptions: "on",
    graceSeconds: "30",
    ownerOrgId: "",
    "sections[0].title": "一、单选题",
    "sections[0].type": "single",
    "sections[0].count": "10",
    "sections[0].points": "4",
    "sections[0].source": "draw",
    "sections[0].bank.senlinfa-2019": "2",
    "sections[0].bank.jianchafa-2024": "",
    "sections[0].minScore": "",
    "sections[0].fixed": "",
    "sections[2].title": "二、判断题",
    "sections[2].type": "judge",
    "sections[2].count": "10",
    "sections[2].points": "6",
    "sections[2].source": "draw",
    "sections[2].bank.senlinfa-2019": "1",
    "sections[2].tags": ["林地保护", "总则"],
    "sections[2].difficulties": ["1", "2"],
    "sections[2].minScore": "",
    "sections[2].fixed": "",
    "audience.orgIds": ["4", "9"],
    "audience.ranks": ["section"],
    "audience.leadersOnly": "on",
    "audience.userIds": ["31", "31", "32"],
  };
  const merged = { ...base, ...overrides };
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(merged)) {
    if (v === null) continue;
    for (const one of Array.isArray(v) ? v : [v]) out.push([k, one]);
  }
  return out;
}

describe("reading the posted editor", () => {
  it("turns indexed fields into sections in order, with banks, tags, difficulties and the audience", () => {
    const form = readExamForm(posted());
    expect(form.sections.map((s) => s.title)).toEqual(["一、单选题", "二、判断题"]);
    expect(form.sections[0].banks).toEqual({ "senlinfa-2019": "2", "jianchafa-2024": "" });
    expect(form.sections[1]).toMatchObject({ tags: ["林地保护", "总则"], difficulties: ["1", "2"] });
    expect(form.audience).toEqual({ orgIds: ["4", "9"], ranks: ["section"], leadersOnly: true, partyMembersOnly: false, userIds: ["31", "32"] });
    expect(form.shuffleQuestions).toBe(true);
    expect(form.sectionMinimums).toBe(false);
  });

  it("validates into the definition every exam uses, times read in the bureau's zone", () => {
    const result = parseExamForm(readExamForm(posted()), TZ);
    if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
    const { definition } = result;
    expect(definition.opensAt.toISOString()).toBe("2026-10-01T00:00:00.000Z");
    expect(definition.closesAt.toISOString()).toBe("2026-12-31T10:00:00.000Z");
    expect(definition.paper.sections[0]).toEqual({
      title: "一、单选题",
      type: "single",
      count: 10,
      points: 4,
      source: { kind: "draw", banks: [{ slug: "senlinfa-2019", version: 2 }] },
    });
    expect(definition.paper.sections[1].source).toEqual({ kind: "draw", banks: [{ slug: "senlinfa-2019", version: 1 }], tags: ["林地保护", "总则"], difficulties: [1, 2] });
    expect(definition.audience).toEqual({ orgIds: [4, 9], ranks: ["section"], leadersOnly: true, partyMembersOnly: false, userIds: [31, 32] });
    expect(definition).toMatchObject({ durationMinutes: 60, attemptsAllowed: 2, passMark: 60, graceSeconds: 30, description: null });
  });

  it("reads a blank duration as 不限时 and blank attempts as 不限", () => {
    const result = parseExamForm(readExamForm(posted({ durationMinutes: "", attemptsAllowed: "" })), TZ);
    expect(result.ok && [result.definition.durationMinutes, result.definition.attemptsAllowed]).toEqual([null, null]);
  });

  it("puts each problem next to its field, in Chinese", () => {
    const result = parseExamForm(
      readExamForm(
        posted({
          title: " ",
          closesAt: "2026-09-01T08:00",
          durationMinutes: "1.5",
          "sections[0].count": "abc",
          "sections[0].bank.senlinfa-2019": "",
          "sections[2].points": "0",
          "audience.ranks": ["general"],
        }),
      ),
      TZ,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors).toMatchObject({
      title: "请填写考试名称",
      durationMinutes: "考试时长须为整数",
      "sections[0].count": "题数须为数字",
      "sections[0].banks": "请至少选择一个题库",
      "sections[1].points": "每题分值须大于 0",
      audience: "职级无效",
    });
  });

  it("checks the window, the period of a quarterly exam and the pass mark against the total", () => {
    const result = parseExamForm(readExamForm(posted({ closesAt: "2026-09-01T08:00", period: "", passMark: "101" })), TZ);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors).toMatchObject({
      closesAt: "截止时间须晚于开始时间",
      period: "季度考试请填写期次，如 2026-Q4",
      passMark: "及格分不能高于试卷总分 100",
    });
  });

  it("refuses a paper without sections and a malformed fixed list", () => {
    const none = parseExamForm({ ...readExamForm(posted()), sections: [] }, TZ);
    expect(!none.ok && none.fieldErrors.sections).toBe("试卷至少需要一个部分");
    const fixed = parseExamForm(readExamForm(posted({ "sections[0].source": "fixed", "sections[0].fixed": "senlinfa-2019@1#q001\n第二题" })), TZ);
    expect(!fixed.ok && fixed.fieldErrors["sections[0].fixed"]).toMatch(/^第 2 行应写作/);
  });

  it("round-trips a stored definition through the form unchanged", () => {
    const definition = examDefinition("senlinfa-2019", {
      opensAt: new Date("2026-10-01T00:00:00Z"),
      closesAt: new Date("2026-12-31T16:00:00Z"),
      audience: { orgIds: [3], ranks: ["staff", "worker"], leadersOnly: false, partyMembersOnly: true, userIds: [8] },
    });
    definition.paper.sections[0] = {
      ...definition.paper.sections[0],
      minScore: 20,
      source: { kind: "draw", banks: [{ slug: "senlinfa-2019", version: 1 }], tags: ["总则"], difficulties: [2, 3] },
    };
    definition.paper.sections.push({ title: "五、指定题", type: "essay", count: 1, points: 10, source: { kind: "fixed", questions: [{ slug: "senlinfa-2019", version: 1, key: "q049" }] } });
    const form = formFromDefinition(definition, 5, TZ);
    expect(form.ownerOrgId).toBe("5");
    const back = parseExamForm(form, TZ);
    if (!back.ok) throw new Error(JSON.stringify(back.fieldErrors));
    expect(back.definition).toEqual(definition);
    expect(back.ownerOrgId).toBe(5);
  });
});

describe("editing sections without JavaScript", () => {
  const newest = [{ slug: "senlinfa-2019", version: 2 }, { slug: "jianchafa-2024", version: 1 }];

  it("adds a section of a type not yet on the paper, drawing from every bank at its newest version", () => {
    const form = applySectionIntent(readExamForm(posted()), { kind: "add-section" }, newest);
    expect(form.sections).toHaveLength(3);
    expect(form.sections[2]).toMatchObject({ title: "三、多选题", type: "multiple", banks: { "senlinfa-2019": "2", "jianchafa-2024": "1" } });
  });

  it("removes and moves sections by index, and ignores moves past either end", () => {
    const form = readExamForm(posted());
    expect(applySectionIntent(form, parseSectionIntent("remove-section:0")!, newest).sections.map((s) => s.type)).toEqual(["judge"]);
    expect(applySectionIntent(form, parseSectionIntent("move-down:0")!, newest).sections.map((s) => s.type)).toEqual(["judge", "single"]);
    expect(applySectionIntent(form, parseSectionIntent("move-up:0")!, newest).sections.map((s) => s.type)).toEqual(["single", "judge"]);
    expect(parseSectionIntent("save")).toBeNull();
    expect(parseSectionIntent("remove-section:x")).toBeNull();
  });

  it("previews a half-filled paper: unusable numbers count as 0, unused banks are left out", () => {
    const form = readExamForm(posted({ "sections[2].count": "", "sections[0].bank.jianchafa-2024": "" }));
    const spec = previewPaperSpec(form);
    expect(spec.sections[0].source).toEqual({ kind: "draw", banks: [{ slug: "senlinfa-2019", version: 2 }], tags: [], difficulties: [] });
    expect(spec.sections[1].count).toBe(0);
    expect(paperTotals(spec)).toEqual({ questions: 10, score: 40 });
    expect(paperTotals(previewPaperSpec(readExamForm(posted())))).toEqual({ questions: 20, score: 100 });
  });
});
