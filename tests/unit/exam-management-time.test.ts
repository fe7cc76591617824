import { formatLocalDateTime, parseLocalDateTime } from "~/domain/local-datetime";
import { EXAM_PHASE_LABELS, examPhase } from "~/domain/exams/exam-phase";
import { advanceTitle, nextPeriod, nextQuarterDefinition, periodLabel } from "~/domain/exams/next-quarter";

import { examDefinition } from "../support/exam-fixtures";

describe("datetime-local values in the configured time zone", () => {
  it("reads 08:00 in Asia/Shanghai as 00:00 UTC, whatever zone the server runs in", () => {
    expect(parseLocalDateTime("2026-10-01T08:00", "Asia/Shanghai")?.toISOString()).toBe("2026-10-01T00:00:00.000Z");
    expect(parseLocalDateTime("2026-01-01T00:00", "Asia/Shanghai")?.toISOString()).toBe("2025-12-31T16:00:00.000Z");
    expect(parseLocalDateTime("2026-10-01T08:00:30", "Asia/Shanghai")?.toISOString()).toBe("2026-10-01T00:00:30.000Z");
  });

  it("shows an instant as the wall clock in the zone, ready for the input", () => {
    expect(formatLocalDateTime(new Date("2025-12-31T16:00:00Z"), "Asia/Shanghai")).toBe("2026-01-01T00:00");
    expect(formatLocalDateTime(new Date("2026-10-01T00:00:59Z"), "Asia/Shanghai")).toBe("2026-10-01T08:00");
  });

  it("round-trips every hour of a year, also in a zone with daylight saving", () => {
    for (const zone of ["Asia/Shanghai", "Europe/Berlin"]) {
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3600_000) {
        const shown = formatLocalDateTime(new Date(t), zone);
        const back = parseLocalDateTime(shown, zone);
        // In the autumn overlap the wall clock names two instants; both show the same.
        expect(formatLocalDateTime(back!, zone)).toBe(shown);
      }
    }
  });

  it("takes the zone's offset on each side of a daylight-saving change", () => {
    expect(parseLocalDateTime("2026-03-28T12:00", "Europe/Berlin")?.toISOString()).toBe("2026-03-28T11:00:00.000Z");
    expect(parseLocalDateTime("2026-03-30T12:00", "Europe/Berlin")?.toISOString()).toBe("2026-03-30T10:00:00.000Z");
  });

  it("refuses values that are not a date and time", () => {
    for (const bad of ["", "2026-10-01", "2026-02-30T08:00", "2026-10-01T24:00", "2026-10-01 08:00x", "明天上午"]) {
      expect(parseLocalDateTime(bad, "Asia/Shanghai")).toBeNull();
    }
  });
});

describe("copying into the next quarter", () => {
  it("moves the period on, across the new year", () => {
    expect(nextPeriod("2026-Q1")).toBe("2026-Q2");
    expect(nextPeriod("2026-Q4")).toBe("2027-Q1");
    expect(periodLabel("2027-Q1")).toBe("2027年第一季度");
    expect(() => nextPeriod("2026-Q5")).toThrow();
  });

  it("moves the quarter named in the title, as it was written", () => {
    expect(advanceTitle("2026年第四季度党纪法规考试", "2026-Q4", "2027-Q1")).toBe("2027年第一季度党纪法规考试");
    expect(advanceTitle("2026 年第 3 季度 学习测试", "2026-Q3", "2026-Q4")).toBe("2026 年第 4 季度 学习测试");
    expect(advanceTitle("2026年二季度考试", "2026-Q2", "2026-Q3")).toBe("2026年三季度考试");
    expect(advanceTitle("青山林场 2026-Q4 测验", "2026-Q4", "2027-Q1")).toBe("青山林场 2027-Q1 测验");
    // Another quarter mentioned in passing is left alone.
    expect(advanceTitle("2026年第四季度考试（补2026年第三季度）", "2026-Q4", "2027-Q1")).toBe("2027年第一季度考试（补2026年第三季度）");
  });

  it("names the new quarter when the title had none", () => {
    expect(advanceTitle("森林法知识测试", "2026-Q4", "2027-Q1")).toBe("森林法知识测试（2027年第一季度）");
  });

  it("gives the next quarter's whole range as the window and keeps paper and audience", () => {
    const original = examDefinition("bank-x", {
      title: "2026年第四季度党纪法规考试",
      period: "2026-Q4",
      audience: { orgIds: [7], ranks: ["section"], leadersOnly: true, partyMembersOnly: false, userIds: [3] },
    });
    const copy = nextQuarterDefinition(original, "Asia/Shanghai");
    expect(copy.title).toBe("2027年第一季度党纪法规考试");
    expect(copy.period).toBe("2027-Q1");
    expect(copy.opensAt.toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(copy.closesAt.toISOString()).toBe("2027-03-31T16:00:00.000Z");
    expect(copy.paper).toEqual(original.paper);
    expect(copy.audience).toEqual(original.audience);
    expect(copy.durationMinutes).toBe(original.durationMinutes);
  });

  it("uses the quarter an exam without a period opened in", () => {
    const original = examDefinition("bank-x", { kind: "knowledge_test", title: "知识测试", period: null, opensAt: new Date("2026-08-10T02:00:00Z"), closesAt: new Date("2026-08-20T02:00:00Z") });
    const copy = nextQuarterDefinition(original, "Asia/Shanghai");
    expect(copy.period).toBeNull();
    expect(copy.title).toBe("知识测试（2026年第四季度）");
    expect(copy.opensAt.toISOString()).toBe("2026-09-30T16:00:00.000Z");
  });
});

describe("the state organizers see", () => {
  const opensAt = new Date("2026-10-01T00:00:00Z");
  const closesAt = new Date("2026-11-01T00:00:00Z");
  const at = (iso: string) => new Date(iso);

  it("is 草稿, 已发布 before the window, 进行中 within it, 已结束 after it or when closed early", () => {
    expect(examPhase({ status: "draft", opensAt, closesAt }, at("2026-10-15T00:00:00Z"))).toBe("draft");
    expect(examPhase({ status: "published", opensAt, closesAt }, at("2026-09-30T23:59:59Z"))).toBe("published");
    expect(examPhase({ status: "published", opensAt, closesAt }, opensAt)).toBe("running");
    expect(examPhase({ status: "published", opensAt, closesAt }, closesAt)).toBe("ended");
    expect(examPhase({ status: "closed", opensAt, closesAt }, at("2026-10-15T00:00:00Z"))).toBe("ended");
    expect(Object.values(EXAM_PHASE_LABELS)).toEqual(["草稿", "已发布", "进行中", "已结束"]);
  });
});
