/**
 * What a new exam starts as, per kind: a definition that validates as it stands (the paper
 * totals 100 when the banks hold enough questions, and the pass mark is a share of whatever
 * the paper totals), the period of today's quarter, and a window starting today. Pure: takes
 * `now`, the zone and what the banks hold.
 */
import type { ExamKind } from "../../../db/schema";
import type { ExamDefinition } from "~/schemas/exams.server";

import { EVERYONE } from "../audience";
import { EXAM_KIND_LABELS } from "../exam-labels";
import { wallParts, zonedInstant } from "../zoned-time";
import { quarterOf, quarterRange } from "./attempt-time";
import { periodLabel } from "./next-quarter";

type KindDefaults = {
  title: (period: string) => string;
  durationMinutes: number | null;
  /** Share of the paper's total needed to pass. */
  passShare: number;
  attemptsAllowed: number | null;
  reviewPolicy: ExamDefinition["reviewPolicy"];
  /** Days the window stays open from today; null = to the end of the quarter. */
  days: number | null;
  /** Single-choice questions wanted and points each (the paper totals count × points). */
  count: number;
  points: number;
};

const DEFAULTS: Record<ExamKind, KindDefaults> = {
  quarterly: { title: (p) => `${periodLabel(p)}党纪法规考试`, durationMinutes: 60, passShare: 0.6, attemptsAllowed: 1, reviewPolicy: "after_submit", days: null, count: 20, points: 5 },
  // Local rules often ask 80 of 100, and allow one makeup after a fail.
  pre_appointment: { title: () => "任前廉政法规考试", durationMinutes: 60, passShare: 0.8, attemptsAllowed: 2, reviewPolicy: "after_close", days: 14, count: 20, points: 5 },
  knowledge_test: { title: (p) => `${periodLabel(p)}知识测试`, durationMinutes: 30, passShare: 0.6, attemptsAllowed: 1, reviewPolicy: "after_submit", days: 14, count: 20, points: 5 },
  law_study: { title: () => "会前学法测验", durationMinutes: 15, passShare: 0.6, attemptsAllowed: null, reviewPolicy: "after_submit", days: 7, count: 10, points: 10 },
  practice: { title: () => "专项练习", durationMinutes: null, passShare: 0.6, attemptsAllowed: null, reviewPolicy: "after_submit", days: null, count: 20, points: 5 },
};

/** A title not yet used by the exams listed (二、三… appended), so a new exam never looks like a copy of one. */
export function unusedTitle(title: string, taken: ReadonlySet<string>): string {
  if (!taken.has(title)) return title;
  const numerals = ["二", "三", "四", "五", "六", "七", "八", "九", "十"];
  for (const n of numerals) if (!taken.has(`${title}（${n}）`)) return `${title}（${n}）`;
  return `${title}（新）`;
}

export function newExamDefinition(input: {
  kind: ExamKind;
  now: Date;
  timeZone: string;
  /** Newest version of every bank, to draw from. */
  banks: Array<{ slug: string; version: number }>;
  /** Single-choice questions those versions hold together. */
  singlesAvailable: number;
  /** Titles of exams already in the scope. */
  takenTitles: ReadonlySet<string>;
}): ExamDefinition {
  const d = DEFAULTS[input.kind];
  const period = quarterOf(input.now, input.timeZone);
  const today = wallParts(input.now.getTime(), input.timeZone);
  const opensAt = zonedInstant({ year: today.year, month: today.month, day: today.day, hour: 0, minute: 0, second: 0 }, input.timeZone);
  const closesAt =
    d.days === null
      ? quarterRange(period, input.timeZone).end
      : zonedInstant({ year: today.year, month: today.month, day: today.day + d.days, hour: 0, minute: 0, second: 0 }, input.timeZone);
  // Fewer questions than wanted: a smaller paper that can still be drawn, with the pass mark in proportion.
  const count = Math.max(1, Math.min(d.count, input.singlesAvailable || d.count));
  const total = count * d.points;
  return {
    kind: input.kind,
    title: unusedTitle(d.title(period), input.takenTitles),
    description: null,
    period: input.kind === "quarterly" ? period : null,
    opensAt,
    closesAt,
    durationMinutes: d.durationMinutes,
    passMark: Math.round(total * d.passShare * 10) / 10,
    sectionMinimums: false,
    attemptsAllowed: d.attemptsAllowed,
    reviewPolicy: d.reviewPolicy,
    multiplePolicy: "partial_half",
    graceSeconds: 30,
    audience: EVERYONE,
    paper: {
      shuffleQuestions: true,
      shuffleOptions: true,
      sections: [{ title: "一、单选题", type: "single", count, points: d.points, source: { kind: "draw", banks: input.banks } }],
    },
  };
}

/** The kinds in the order the new-exam page offers them, with their labels. */
export const NEW_EXAM_KINDS = (Object.keys(DEFAULTS) as ExamKind[]).map((kind) => ({ kind, label: EXAM_KIND_LABELS[kind] }));
