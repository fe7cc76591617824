import {
  acceptsSaves,
  attemptDeadline,
  examWindowState,
  isExpired,
  quarterOf,
  quarterRange,
  secondsLeft,
  secondsUsed,
} from "~/domain/exams/attempt-time";

const at = (iso: string) => new Date(iso);
const plusSeconds = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

describe("an attempt's deadline", () => {
  const closesAt = at("2026-12-31T16:00:00Z");

  it("is start + duration when the exam closes later", () => {
    const deadline = attemptDeadline({ startedAt: at("2026-11-02T01:00:00Z"), durationMinutes: 60, closesAt });
    expect(deadline.toISOString()).toBe("2026-11-02T02:00:00.000Z");
  });

  it("is the exam's close when the cadre started too late to use the whole duration", () => {
    const deadline = attemptDeadline({ startedAt: at("2026-12-31T15:30:00Z"), durationMinutes: 60, closesAt });
    expect(deadline.toISOString()).toBe("2026-12-31T16:00:00.000Z");
  });

  it("is moved by a per-cadre extension on both bounds", () => {
    expect(
      attemptDeadline({
        startedAt: at("2026-11-02T01:00:00Z"),
        durationMinutes: 60,
        closesAt,
        extraMinutes: 15,
      }).toISOString()
    ).toBe("2026-11-02T02:15:00.000Z");
    expect(
      attemptDeadline({
        startedAt: at("2026-12-31T15:30:00Z"),
        durationMinutes: 60,
        closesAt,
        extraMinutes: 15,
      }).toISOString()
    ).toBe("2026-12-31T16:15:00.000Z");
  });

  it("is the close alone for an untimed practice attempt", () => {
    expect(attemptDeadline({ startedAt: at("2026-11-02T01:00:00Z"), durationMinutes: null, closesAt })).toEqual(
      closesAt
    );
  });
});

describe("saving near the deadline", () => {
  const deadline = at("2026-11-02T02:00:00Z");

  it("accepts a save up to exactly 30 s after the deadline and refuses one at 31 s", () => {
    expect(acceptsSaves(plusSeconds(deadline, -1), deadline)).toBe(true);
    expect(acceptsSaves(plusSeconds(deadline, 30), deadline)).toBe(true);
    expect(acceptsSaves(plusSeconds(deadline, 30.001), deadline)).toBe(false);
    expect(acceptsSaves(plusSeconds(deadline, 31), deadline)).toBe(false);
  });

  it("counts the attempt expired only once the grace period is over", () => {
    expect(isExpired(plusSeconds(deadline, 30), deadline)).toBe(false);
    expect(isExpired(plusSeconds(deadline, 31), deadline)).toBe(true);
  });

  it("honours another grace period", () => {
    expect(acceptsSaves(plusSeconds(deadline, 60), deadline, 60)).toBe(true);
    expect(isExpired(plusSeconds(deadline, 1), deadline, 0)).toBe(true);
  });
});

describe("the countdown", () => {
  const deadline = at("2026-11-02T02:00:00Z");

  it("counts whole seconds left, rounded down", () => {
    expect(secondsLeft(at("2026-11-02T01:00:00Z"), deadline)).toBe(3600);
    expect(secondsLeft(at("2026-11-02T01:59:59.400Z"), deadline)).toBe(0);
    expect(secondsLeft(at("2026-11-02T01:59:58.999Z"), deadline)).toBe(1);
  });

  it("never goes negative", () => {
    expect(secondsLeft(plusSeconds(deadline, 25), deadline)).toBe(0);
  });

  it("reports time used in whole seconds", () => {
    expect(secondsUsed(at("2026-11-02T01:00:00Z"), at("2026-11-02T01:42:07.900Z"))).toBe(2527);
    expect(secondsUsed(at("2026-11-02T01:00:00Z"), at("2026-11-02T00:59:00Z"))).toBe(0);
  });
});

describe("the exam window", () => {
  const opensAt = at("2026-10-01T00:00:00Z");
  const closesAt = at("2026-10-31T00:00:00Z");
  it("is not open before opensAt, open from opensAt, closed from closesAt", () => {
    expect(examWindowState(plusSeconds(opensAt, -1), opensAt, closesAt)).toBe("not_open");
    expect(examWindowState(opensAt, opensAt, closesAt)).toBe("open");
    expect(examWindowState(plusSeconds(closesAt, -1), opensAt, closesAt)).toBe("open");
    expect(examWindowState(closesAt, opensAt, closesAt)).toBe("closed");
  });
});

describe("quarters", () => {
  it("are computed in Shanghai time: 2026-12-31T17:00Z is already 2027-Q1", () => {
    expect(quarterOf(at("2026-12-31T15:59:59Z"))).toBe("2026-Q4");
    expect(quarterOf(at("2026-12-31T16:00:00Z"))).toBe("2027-Q1");
    expect(quarterOf(at("2026-12-31T17:00:00Z"))).toBe("2027-Q1");
  });

  it("follow the time zone asked for", () => {
    expect(quarterOf(at("2026-12-31T17:00:00Z"), "UTC")).toBe("2026-Q4");
    expect(quarterOf(at("2026-07-01T03:00:00Z"), "America/New_York")).toBe("2026-Q2");
  });

  it("map every month to its quarter", () => {
    const quarters = Array.from({ length: 12 }, (_, m) => quarterOf(new Date(Date.UTC(2026, m, 15))));
    expect(quarters).toEqual(
      ["Q1", "Q1", "Q1", "Q2", "Q2", "Q2", "Q3", "Q3", "Q3", "Q4", "Q4", "Q4"].map((q) => `2026-${q}`)
    );
  });

  it("span from local midnight on the first day to the next quarter's start", () => {
    expect(quarterRange("2026-Q4")).toEqual({ start: at("2026-09-30T16:00:00Z"), end: at("2026-12-31T16:00:00Z") });
    expect(quarterRange("2027-Q1")).toEqual({ start: at("2026-12-31T16:00:00Z"), end: at("2027-03-31T16:00:00Z") });
    expect(quarterRange("2026-Q2", "America/New_York")).toEqual({
      start: at("2026-04-01T04:00:00Z"),
      end: at("2026-07-01T04:00:00Z"),
    });
    expect(quarterRange("2026-Q1", "America/New_York").start).toEqual(at("2026-01-01T05:00:00Z"));
  });

  it("refuse a period that is not a quarter", () => {
    expect(() => quarterRange("2026-Q5")).toThrow(RangeError);
  });
});
