import { meetingPhase, planWarnings, type PlanItem, yearCount } from "~/domain/law-study/plan";
import { parseKeyPoints, parseArticleList } from "~/domain/law-study/key-points";
import { acceptedSeconds, applyReadingReport, MAX_SECONDS_PER_REPORT } from "~/domain/law-study/reading";

const TZ = "Asia/Shanghai";
const at = (iso: string) => new Date(iso);

describe("reading time is capped by the server's clock", () => {
  const opened = { openedAt: "2026-03-01T01:00:00.000Z", lastSeenAt: "2026-03-01T01:00:00.000Z", activeSeconds: 0 };

  test("a report cannot claim more seconds than passed on the server since it last heard from the reader", () => {
    expect(acceptedSeconds(opened, 3600, at("2026-03-01T01:00:10.000Z"))).toBe(10);
    expect(acceptedSeconds(opened, 4, at("2026-03-01T01:00:10.000Z"))).toBe(4);
  });

  test("replaying a report right after adds nothing; the next span is measured from the last report", () => {
    const first = applyReadingReport(opened, 60, at("2026-03-01T01:01:00.000Z"));
    expect(first.activeSeconds).toBe(60);
    const replay = applyReadingReport(first, 60, at("2026-03-01T01:01:00.500Z"));
    expect(replay.activeSeconds).toBe(60);
    const later = applyReadingReport(replay, 30, at("2026-03-01T01:01:40.000Z"));
    expect(later.activeSeconds).toBe(90);
  });

  test("negative, not-a-number and huge claims; a tab left open overnight counts at most ten minutes a report", () => {
    const now = at("2026-03-02T01:00:00.000Z");
    expect(acceptedSeconds(opened, -50, now)).toBe(0);
    expect(acceptedSeconds(opened, Number.NaN, now)).toBe(0);
    expect(acceptedSeconds(opened, 86_400, now)).toBe(MAX_SECONDS_PER_REPORT);
    expect(acceptedSeconds({ openedAt: null, lastSeenAt: null, activeSeconds: 0 }, 30, now)).toBe(0);
  });

  test("a server clock that went backwards accepts nothing", () => {
    expect(acceptedSeconds(opened, 30, at("2026-03-01T00:59:00.000Z"))).toBe(0);
  });
});

function item(id: number, month: number, type: PlanItem["type"] = "party_committee", supersededText = false): PlanItem {
  return { id, type, startsAt: `2026-${String(month).padStart(2, "0")}-10T01:00:00.000Z`, supersededText, moduleTitle: `模块${id}` };
}

describe("plan warnings", () => {
  test("twelve items, one a month: no warning", () => {
    expect(planWarnings(Array.from({ length: 12 }, (_, i) => item(i, i + 1, i % 2 ? "executive" : "party_committee")), TZ)).toEqual([]);
  });

  test("fewer than 12 items and the months without one are named; study-group sessions do not fill a month", () => {
    const items = [item(1, 1), item(2, 2), item(3, 2, "executive"), item(4, 5, "study_group")];
    const warnings = planWarnings(items, TZ);
    expect(warnings.map((w) => w.code)).toEqual(["too_few", "empty_month"]);
    expect(warnings[0].message).toBe("全年计划会前学法 3 次，少于 12 次（每月至少一次）");
    expect(warnings[1].message).toBe("3月、4月、5月、6月、7月、8月、9月、10月、11月、12月没有安排会前学法");
  });

  test("a month is the meeting's month in the bureau's time zone", () => {
    // 2026-01-31 20:00 UTC is 2026-02-01 04:00 in Shanghai.
    const late = { ...item(1, 1), startsAt: "2026-01-31T20:00:00.000Z" };
    expect(planWarnings([late], TZ)[1].message).toMatch(/^1月、3月/);
  });

  test("an item for a module of a superseded text is allowed, with a warning", () => {
    const items = Array.from({ length: 12 }, (_, i) => item(i, i + 1, "party_committee", i === 4));
    const warnings = planWarnings(items, TZ);
    expect(warnings.map((w) => w.code)).toEqual(["superseded"]);
    expect(warnings[0].message).toContain("5月“模块4”");
  });
});

describe("the year's count", () => {
  test("distinct regulations of held 党委会议 and 常务会议; 中心组学习 counted apart; meetings not complete do not count", () => {
    const count = yearCount([
      { type: "party_committee", regulationId: 1, phase: "complete", present: 8 },
      { type: "executive", regulationId: 1, phase: "complete", present: 6 },
      { type: "executive", regulationId: 2, phase: "complete", present: 7 },
      { type: "party_committee", regulationId: 3, phase: "awaiting_attendance", present: 0 },
      { type: "party_committee", regulationId: 4, phase: "complete", present: 0 },
      { type: "study_group", regulationId: 5, phase: "complete", present: 9 },
      { type: "study_group", regulationId: 5, phase: "outline_open", present: 0 },
    ]);
    expect(count).toEqual({ regulations: 2, preMeetings: 3, studyGroupSessions: 1 });
  });
});

describe("meeting phases", () => {
  const startsAt = "2026-03-10T01:00:00.000Z";
  test("planned → scheduled → outline open 3 days before → awaiting attendance → complete", () => {
    expect(meetingPhase({ status: "planned", startsAt }, { attendees: 0, recorded: 0 }, at("2026-03-01T00:00:00Z"))).toBe("planned");
    expect(meetingPhase({ status: "scheduled", startsAt }, { attendees: 5, recorded: 0 }, at("2026-03-07T00:59:59Z"))).toBe("scheduled");
    expect(meetingPhase({ status: "scheduled", startsAt }, { attendees: 5, recorded: 0 }, at("2026-03-07T01:00:00Z"))).toBe("outline_open");
    expect(meetingPhase({ status: "scheduled", startsAt }, { attendees: 5, recorded: 4 }, at("2026-03-10T02:00:00Z"))).toBe("awaiting_attendance");
    expect(meetingPhase({ status: "scheduled", startsAt }, { attendees: 5, recorded: 5 }, at("2026-03-10T02:00:00Z"))).toBe("complete");
  });
});

describe("key points", () => {
  test("each line is a point citing its articles; a point without an article is refused", () => {
    const { points, problems } = parseKeyPoints("1. 采伐须申请许可证（第五十六条）\n\n- 防火期由县级以上政府规定（第三十四条、第三十四条之一）\n没有依据的要点");
    expect(points.map((p) => p.articles)).toEqual([["第五十六条"], ["第三十四条", "第三十四条之一"], []]);
    expect(points[0].text).toBe("采伐须申请许可证（第五十六条）");
    expect(problems).toEqual(["第 3 条要点没有写明依据的条文（如“（第十条）”）"]);
    expect(parseArticleList("第十条、第十二条 第十条")).toEqual(["第十条", "第十二条"]);
  });
});
