import { startAction, startBlockers, type StartContext } from "~/domain/exams/access-rules";

const open: StartContext = {
  now: new Date("2026-11-02T01:00:00Z"),
  opensAt: new Date("2026-10-01T00:00:00Z"),
  closesAt: new Date("2026-12-31T16:00:00Z"),
  status: "published",
  inAudience: true,
  attemptsUsed: 0,
  attemptsAllowed: 1,
  hasOpenAttempt: false,
};

describe("who may start an attempt", () => {
  it("lets a cadre in the audience start a published, open exam with attempts left", () => {
    expect(startBlockers(open)).toEqual([]);
    expect(startAction(open)).toEqual({ action: "start" });
  });

  it.each<[string, Partial<StartContext>, string]>([
    ["the exam is a draft", { status: "draft" }, "考试尚未发布"],
    ["the exam was closed by an organizer", { status: "closed" }, "考试已关闭"],
    ["the cadre is not in the audience", { inAudience: false }, "您不在本次考试的参考范围内"],
    ["the exam has not opened yet", { now: new Date("2026-09-30T23:59:59Z") }, "考试尚未开始"],
    ["the exam has closed", { now: new Date("2026-12-31T16:00:00Z") }, "考试已截止"],
    ["every attempt is used", { attemptsUsed: 2, attemptsAllowed: 2 }, "作答次数已用完（共 2 次）"],
  ])("refuses when %s", (_, change, reason) => {
    expect(startBlockers({ ...open, ...change })).toEqual([reason]);
    expect(startAction({ ...open, ...change })).toEqual({ action: "blocked", reasons: [reason] });
  });

  it("lists every reason at once", () => {
    expect(
      startBlockers({ ...open, status: "draft", inAudience: false, now: new Date("2026-09-01T00:00:00Z") })
    ).toEqual(["考试尚未发布", "您不在本次考试的参考范围内", "考试尚未开始"]);
  });

  it("allows unlimited attempts when none is set (practice)", () => {
    expect(startBlockers({ ...open, attemptsUsed: 40, attemptsAllowed: null })).toEqual([]);
  });

  it("offers 继续作答 for an open attempt even when it used the last attempt", () => {
    const resuming = { ...open, attemptsUsed: 1, attemptsAllowed: 1, hasOpenAttempt: true };
    expect(startBlockers(resuming)).toEqual([]);
    expect(startAction(resuming)).toEqual({ action: "continue" });
  });

  it("lets an open attempt with an extension continue past the exam's close", () => {
    expect(startAction({ ...open, hasOpenAttempt: true, now: new Date("2026-12-31T16:05:00Z") })).toEqual({
      action: "continue",
    });
  });

  it("does not let an open attempt continue once the exam is closed by an organizer", () => {
    expect(startBlockers({ ...open, hasOpenAttempt: true, status: "closed" })).toEqual(["考试已关闭"]);
  });
});
