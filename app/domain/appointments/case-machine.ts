/**
 * The state machine of a pre-appointment case (任前事项). A case is open while any of its
 * three steps — commitment (承诺), talk (谈话), test (考试) — is pending; the steps may be
 * done in any order. It is 已完成 once all three are done and the test passed (or a valid
 * earlier pass was reused); 暂缓任用 or 已取消 by the organizer's decision or by the
 * bureau's rule after a failed makeup. A closed case never changes again.
 *
 * Pure: every transition takes the case as it is and the event, and returns the case after
 * it with the history entries to record, or a Chinese refusal. The models persist that.
 */
import type { AppointmentStatus } from "../../../db/schema";

import type { IsoDate } from "./calendar";
import { type AppointmentRules, SECOND_FAIL_LABELS } from "./rules";

export type StepState = "pending" | "done";

export type TestStep =
  /** Waiting for a result; `makeupOpen` after a first fail when a makeup is allowed. */
  | { result: "pending"; failures: number; makeupOpen: boolean }
  | { result: "passed"; score: number; passedAt: string }
  /** A valid earlier pass counts instead of a new test. */
  | { result: "reused"; score: number; passedAt: string }
  /** Out of tries. */
  | { result: "failed"; failures: number };

export type CaseSnapshot = { status: AppointmentStatus; commitment: StepState; talk: StepState; test: TestStep };

export type CaseRules = Pick<AppointmentRules, "makeupAllowed" | "secondFailAction">;

export type CaseEvent =
  | { kind: "sign_commitment" }
  | { kind: "record_talk" }
  /** One finished, fully graded attempt of the case's exam. */
  | { kind: "attempt_graded"; passed: boolean; score: number; finishedAt: string }
  | { kind: "reuse_pass"; score: number; passedAt: string; passedOn: IsoDate; validUntil: IsoDate }
  | { kind: "defer"; reason: string }
  | { kind: "cancel"; reason: string };

export const HISTORY_KINDS = [
  "created",
  "exam_assigned",
  "commitment_signed",
  "talk_recorded",
  "talk_updated",
  "test_passed",
  "test_failed",
  "makeup_opened",
  "pass_reused",
  "completed",
  "deferred",
  "cancelled",
  "notice_acknowledged",
] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export type HistoryEntry = { kind: HistoryKind; from: AppointmentStatus; to: AppointmentStatus; note: string };

export type Transition =
  | {
      ok: true;
      next: CaseSnapshot;
      history: HistoryEntry[];
      /** Give the cadre the one makeup attempt (a freshly drawn paper). */
      openMakeup: boolean;
      /** What the responsible organizer must be told, or null. */
      notice: string | null;
    }
  | { ok: false; message: string };

export const STATUS_LABELS: Record<AppointmentStatus, string> = { open: "进行中", completed: "已完成", deferred: "暂缓任用", cancelled: "已取消" };

export function isClosed(status: AppointmentStatus): boolean {
  return status !== "open";
}

export function closedMessage(status: AppointmentStatus): string {
  return `该任前事项${status === "completed" ? "已完成" : STATUS_LABELS[status]}，已经办结，不能再更改`;
}

const REASON_MAX = 200;

function refuse(message: string): Transition {
  return { ok: false, message };
}

function testDone(test: TestStep): boolean {
  return test.result === "passed" || test.result === "reused";
}

/** Applies a step's change; the case completes when it was the last step missing. */
function settle(before: CaseSnapshot, next: CaseSnapshot, entries: Array<Omit<HistoryEntry, "from" | "to">>): Transition {
  const history: HistoryEntry[] = entries.map((e) => ({ ...e, from: before.status, to: before.status }));
  if (next.commitment === "done" && next.talk === "done" && testDone(next.test)) {
    next = { ...next, status: "completed" };
    history.push({ kind: "completed", from: before.status, to: "completed", note: "任前承诺、谈话、考试均已完成" });
  }
  return { ok: true, next, history, openMakeup: false, notice: null };
}

export function transition(state: CaseSnapshot, event: CaseEvent, rules: CaseRules): Transition {
  if (isClosed(state.status)) return refuse(closedMessage(state.status));
  switch (event.kind) {
    case "sign_commitment":
      if (state.commitment === "done") return refuse("任前廉政承诺书已经签署，不能重复签署");
      return settle(state, { ...state, commitment: "done" }, [{ kind: "commitment_signed", note: "干部签署了任前廉政承诺书" }]);

    case "record_talk":
      return settle(state, { ...state, talk: "done" }, [
        state.talk === "done" ? { kind: "talk_updated", note: "更正了任前谈话记录" } : { kind: "talk_recorded", note: "记录了任前谈话" },
      ]);

    case "attempt_graded": {
      if (state.test.result !== "pending") return refuse("任前考试已有结论，不再计入新的成绩");
      if (event.passed) {
        return settle(state, { ...state, test: { result: "passed", score: event.score, passedAt: event.finishedAt } }, [
          { kind: "test_passed", note: `任前考试通过（${event.score} 分）` },
        ]);
      }
      const failures = state.test.failures + 1;
      const allowed = rules.makeupAllowed ? 2 : 1;
      if (failures < allowed) {
        return {
          ok: true,
          next: { ...state, test: { result: "pending", failures, makeupOpen: true } },
          history: [
            { kind: "test_failed", from: "open", to: "open", note: `任前考试未通过（${event.score} 分）` },
            { kind: "makeup_opened", from: "open", to: "open", note: "按局设置开放补考一次（重新抽题）" },
          ],
          openMakeup: true,
          notice: null,
        };
      }
      const to: AppointmentStatus = rules.secondFailAction === "defer" ? "deferred" : "cancelled";
      const outcome = SECOND_FAIL_LABELS[rules.secondFailAction];
      const failed = failures >= 2 ? `补考仍未通过（${event.score} 分）` : `任前考试未通过（${event.score} 分），局设置不安排补考`;
      return {
        ok: true,
        next: { ...state, status: to, test: { result: "failed", failures } },
        history: [
          { kind: "test_failed", from: "open", to: "open", note: failed },
          { kind: to, from: "open", to, note: `按局设置${outcome}` },
        ],
        openMakeup: false,
        notice: `${failed}，已按局设置${outcome}`,
      };
    }

    case "reuse_pass":
      if (state.test.result !== "pending" || state.test.failures > 0) return refuse("本次任前考试已经开始计分，不能再改为沿用以往成绩");
      return settle(state, { ...state, test: { result: "reused", score: event.score, passedAt: event.passedAt } }, [
        { kind: "pass_reused", note: `沿用 ${event.passedOn} 通过的任前考试成绩（${event.score} 分，有效期至 ${event.validUntil}）` },
      ]);

    case "defer":
    case "cancel": {
      const reason = event.reason.trim();
      if (reason === "") return refuse("请填写原因（将记入事项记录）");
      if (reason.length > REASON_MAX) return refuse(`原因最多 ${REASON_MAX} 字`);
      const to: AppointmentStatus = event.kind === "defer" ? "deferred" : "cancelled";
      return {
        ok: true,
        next: { ...state, status: to },
        history: [{ kind: to, from: state.status, to, note: event.kind === "defer" ? "决定暂缓任用" : "取消任前事项" }],
        openMakeup: false,
        notice: null,
      };
    }
  }
}

/** Applies events one after another, stopping at the first refusal. */
export function transitionAll(state: CaseSnapshot, events: CaseEvent[], rules: CaseRules): Transition {
  let current: Transition = { ok: true, next: state, history: [], openMakeup: false, notice: null };
  for (const event of events) {
    if (!current.ok) return current;
    const step = transition(current.next, event, rules);
    if (!step.ok) return step;
    current = {
      ok: true,
      next: step.next,
      history: [...current.history, ...step.history],
      openMakeup: current.openMakeup || step.openMakeup,
      notice: step.notice ?? current.notice,
    };
  }
  return current;
}

export const COMMITMENT_LABELS: Record<StepState, string> = { pending: "待签署", done: "已签署" };
export const TALK_LABELS: Record<StepState, string> = { pending: "待谈话", done: "已谈话" };

/** 考试 as the board and the file show it. */
export function testLabel(test: TestStep): string {
  switch (test.result) {
    case "pending":
      return test.failures === 0 ? "待考试" : "未通过，待补考";
    case "passed":
      return `通过（${test.score} 分）`;
    case "reused":
      return `沿用（${test.score} 分）`;
    case "failed":
      return test.failures >= 2 ? "补考未通过" : "未通过";
  }
}

/** 待承诺、待谈话、待考试 while open (what is still missing); the closed state otherwise. */
export function stateLabel(state: CaseSnapshot): string {
  if (isClosed(state.status)) return STATUS_LABELS[state.status];
  const missing = [
    state.commitment === "pending" ? "待承诺" : null,
    state.talk === "pending" ? "待谈话" : null,
    state.test.result === "pending" ? (state.test.makeupOpen ? "待补考" : "待考试") : null,
  ].filter((s): s is string => s !== null);
  return missing.join("、") || STATUS_LABELS.open;
}
