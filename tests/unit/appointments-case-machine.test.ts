import type { CaseEvent, CaseRules, CaseSnapshot } from "~/domain/appointments/case-machine";
import { stateLabel, testLabel, transition, transitionAll } from "~/domain/appointments/case-machine";

const fresh: CaseSnapshot = { status: "open", commitment: "pending", talk: "pending", test: { result: "pending", failures: 0, makeupOpen: false } };
const withMakeup: CaseRules = { makeupAllowed: true, secondFailAction: "defer" };
const cancelOnFail: CaseRules = { makeupAllowed: true, secondFailAction: "cancel" };
const noMakeup: CaseRules = { makeupAllowed: false, secondFailAction: "defer" };

const sign: CaseEvent = { kind: "sign_commitment" };
const talk: CaseEvent = { kind: "record_talk" };
const pass = (score = 92): CaseEvent => ({ kind: "attempt_graded", passed: true, score, finishedAt: "2026-05-10T02:00:00.000Z" });
const fail = (score = 61): CaseEvent => ({ kind: "attempt_graded", passed: false, score, finishedAt: "2026-05-10T02:00:00.000Z" });
const reuse: CaseEvent = { kind: "reuse_pass", score: 88, passedAt: "2025-06-01T02:00:00.000Z", passedOn: "2025-06-01", validUntil: "2027-05-31" };

function run(events: CaseEvent[], rules: CaseRules = withMakeup, from: CaseSnapshot = fresh) {
  const result = transitionAll(from, events, rules);
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe("a pre-appointment case's state machine", () => {
  test("a new case waits for all three steps", () => {
    expect(stateLabel(fresh)).toBe("待承诺、待谈话、待考试");
  });

  test.each([
    ["commitment, talk, test", [sign, talk, pass()]],
    ["test, commitment, talk", [pass(), sign, talk]],
    ["talk, test, commitment", [talk, pass(), sign]],
  ])("the steps may come in any order (%s); the last one completes the case", (_, events) => {
    const partial = run(events.slice(0, 2));
    expect(partial.next.status).toBe("open");
    const done = run(events);
    expect(done.next.status).toBe("completed");
    expect(done.history.at(-1)).toMatchObject({ kind: "completed", from: "open", to: "completed" });
    expect(stateLabel(done.next)).toBe("已完成");
  });

  test("each step leaves its history entry and names what is still missing", () => {
    const signed = run([sign]);
    expect(signed.history).toEqual([{ kind: "commitment_signed", from: "open", to: "open", note: "干部签署了任前廉政承诺书" }]);
    expect(stateLabel(signed.next)).toBe("待谈话、待考试");
    expect(stateLabel(run([sign, talk]).next)).toBe("待考试");
    expect(stateLabel(run([talk, pass()]).next)).toBe("待承诺");
  });

  test("signing twice is refused", () => {
    const once = run([sign]).next;
    expect(transition(once, sign, withMakeup)).toEqual({ ok: false, message: "任前廉政承诺书已经签署，不能重复签署" });
  });

  test("recording the talk again is a correction, recorded as such", () => {
    const again = run([talk, talk]);
    expect(again.history.map((h) => h.kind)).toEqual(["talk_recorded", "talk_updated"]);
    expect(again.next.talk).toBe("done");
  });

  test("a first fail opens the one makeup when the bureau allows it", () => {
    const failed = run([sign, fail(61)]);
    expect(failed.next.status).toBe("open");
    expect(failed.next.test).toEqual({ result: "pending", failures: 1, makeupOpen: true });
    expect(failed.openMakeup).toBe(true);
    expect(failed.notice).toBeNull();
    expect(failed.history.map((h) => h.kind)).toEqual(["commitment_signed", "test_failed", "makeup_opened"]);
    expect(stateLabel(failed.next)).toBe("待谈话、待补考");
    expect(testLabel(failed.next.test)).toBe("未通过，待补考");
  });

  test("a makeup pass counts like a first pass", () => {
    const done = run([sign, talk, fail(70), pass(85)]);
    expect(done.next.status).toBe("completed");
    expect(done.next.test).toMatchObject({ result: "passed", score: 85 });
    expect(testLabel(done.next.test)).toBe("通过（85 分）");
  });

  test("a second fail marks the case 暂缓任用 by default and tells the organizer", () => {
    const failed = run([sign, talk, fail(70), fail(64)]);
    expect(failed.next.status).toBe("deferred");
    expect(failed.next.test).toEqual({ result: "failed", failures: 2 });
    expect(failed.notice).toBe("补考仍未通过（64 分），已按局设置暂缓任用");
    expect(failed.history.at(-1)).toMatchObject({ kind: "deferred", from: "open", to: "deferred" });
    expect(stateLabel(failed.next)).toBe("暂缓任用");
  });

  test("under the 取消 setting a second fail cancels the case", () => {
    const failed = run([fail(50), fail(55)], cancelOnFail);
    expect(failed.next.status).toBe("cancelled");
    expect(failed.notice).toBe("补考仍未通过（55 分），已按局设置取消任用");
  });

  test("when no makeup is allowed, the first fail already applies the rule", () => {
    const failed = run([fail(66)], noMakeup);
    expect(failed.next.status).toBe("deferred");
    expect(failed.openMakeup).toBe(false);
    expect(failed.next.test).toEqual({ result: "failed", failures: 1 });
    expect(failed.notice).toContain("局设置不安排补考");
  });

  test("a valid earlier pass is reused instead of a new test, and shown as such", () => {
    const reused = run([reuse]);
    expect(reused.next.test).toEqual({ result: "reused", score: 88, passedAt: "2025-06-01T02:00:00.000Z" });
    expect(reused.history[0]).toMatchObject({ kind: "pass_reused", note: "沿用 2025-06-01 通过的任前考试成绩（88 分，有效期至 2027-05-31）" });
    expect(testLabel(reused.next.test)).toBe("沿用（88 分）");
    expect(run([reuse, sign, talk]).next.status).toBe("completed");
  });

  test("an earlier pass cannot replace a test that already counted a fail", () => {
    const failed = run([fail()]).next;
    expect(transition(failed, reuse, withMakeup)).toMatchObject({ ok: false });
    const passed = run([pass()]).next;
    expect(transition(passed, reuse, withMakeup)).toMatchObject({ ok: false });
  });

  test("a result after the test passed is not counted", () => {
    const passed = run([pass()]).next;
    expect(transition(passed, fail(), withMakeup)).toEqual({ ok: false, message: "任前考试已有结论，不再计入新的成绩" });
  });

  test("the organizer may defer or cancel an open case, with a reason", () => {
    expect(transition(fresh, { kind: "defer", reason: "  " }, withMakeup)).toEqual({ ok: false, message: "请填写原因（将记入事项记录）" });
    const deferred = transition(fresh, { kind: "defer", reason: "群众反映问题待核实" }, withMakeup);
    expect(deferred).toMatchObject({ ok: true, next: { status: "deferred" }, history: [{ kind: "deferred", from: "open", to: "deferred" }] });
    const cancelled = transition(run([sign]).next, { kind: "cancel", reason: "任职安排调整" }, withMakeup);
    expect(cancelled).toMatchObject({ ok: true, next: { status: "cancelled", commitment: "done" } });
  });

  test.each([
    ["completed", "该任前事项已完成，已经办结，不能再更改"],
    ["deferred", "该任前事项暂缓任用，已经办结，不能再更改"],
    ["cancelled", "该任前事项已取消，已经办结，不能再更改"],
  ] as const)("a %s case refuses every further change", (status, message) => {
    const closed: CaseSnapshot = { ...fresh, status };
    for (const event of [sign, talk, pass(), fail(), reuse, { kind: "defer", reason: "x" } as const, { kind: "cancel", reason: "x" } as const]) {
      expect(transition(closed, event, withMakeup)).toEqual({ ok: false, message });
    }
  });
});
