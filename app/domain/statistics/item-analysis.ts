/**
 * Item analysis across differently drawn and shuffled papers: every question is identified
 * by bank slug + question key, and options are counted by their ORIGINAL index (bank order),
 * so "B" means the same option for every cadre. Definitions and the choice of the
 * discrimination index: docs/decisions/0007-report-statistics.md.
 */
import { chosenOriginalOptions } from "../exams/option-order";
import { paperRefs, questionAt } from "../exams/question-ref";
import type { Answer, FrozenPaper, GradeStatus, QuestionType, Response } from "../exams/types";

import { percentOf, roundRatio, toCents } from "./rounding";

/** One question as one cadre's counted attempt had it. */
export type ItemObservation = {
  /** `${bankSlug}#${key}`: the question's identity on any paper. */
  identity: string;
  bankSlug: string;
  key: string;
  rowId: number;
  sectionIndex: number;
  type: QuestionType;
  stem: string;
  /** The options in bank order (original indexes); [] for judge, fill and essay. */
  bankOptions: string[];
  answer: Answer;
  status: GradeStatus;
  points: number;
  maxPoints: number;
  /** Chosen options as original indexes; for judge 0 = 正确 and 1 = 错误. */
  chosen: number[];
};

/** The counted (best) attempt of one cadre: its total and its questions. */
export type CadreItems = { total: number; items: ItemObservation[] };

export type QuestionGradeFact = { ref: string; status: GradeStatus; points: number; maxPoints: number };

export const JUDGE_OPTIONS = ["正确", "错误"] as const;

function bankOrder(options: readonly string[], optionOrder: readonly number[]): string[] {
  const out = new Array<string>(options.length);
  options.forEach((text, displayed) => {
    out[optionOrder[displayed] ?? displayed] = text;
  });
  return out;
}

function chosenOf(type: QuestionType, question: Parameters<typeof chosenOriginalOptions>[0], response: Response | undefined): number[] {
  if (!response) return [];
  if (type === "judge") return response.kind === "judge" ? [response.value ? 0 : 1] : [];
  if ((type === "single" && response.kind === "single") || (type === "multiple" && response.kind === "multiple")) {
    return chosenOriginalOptions(question, response);
  }
  return [];
}

/** The observations of one attempt from its frozen paper, its stored grade and its responses. */
export function observeAttempt(
  paper: FrozenPaper,
  grades: readonly QuestionGradeFact[],
  responses: Readonly<Record<string, Response>>,
): ItemObservation[] {
  const gradeByRef = new Map(grades.map((g) => [g.ref, g]));
  return paperRefs(paper).map((ref) => {
    const question = questionAt(paper, ref)!;
    const grade = gradeByRef.get(ref);
    const response = Object.prototype.hasOwnProperty.call(responses, ref) ? responses[ref] : undefined;
    return {
      identity: `${question.bankSlug}#${question.key}`,
      bankSlug: question.bankSlug,
      key: question.key,
      rowId: question.rowId,
      sectionIndex: Number(ref.split(":")[0]),
      type: question.type,
      stem: question.stem,
      bankOptions: bankOrder(question.options, question.optionOrder),
      answer: question.answer,
      status: grade?.status ?? "unanswered",
      points: grade?.points ?? 0,
      maxPoints: grade?.maxPoints ?? question.points,
      chosen: chosenOf(question.type, question, response),
    };
  });
}

/**
 * 区分度 by the upper–lower 27% method (Kelley): among the cadres who got the question, the
 * share fully correct in the top group minus the share in the bottom group, ranked by total
 * score. k = max(1, round(0.27·n)); the top group is everyone scoring at least the k-th
 * highest total and the bottom group everyone at most the k-th lowest, so tied cadres are
 * never split by an arbitrary order. null with fewer than 2 cadres. 2 decimals.
 */
export function upperLowerDiscrimination(respondents: ReadonlyArray<{ total: number; correct: boolean }>): number | null {
  const n = respondents.length;
  if (n < 2) return null;
  const k = Math.max(1, Math.round(0.27 * n));
  const totals = respondents.map((r) => toCents(r.total)).sort((a, b) => b - a);
  const upperCut = totals[k - 1];
  const lowerCut = totals[n - k];
  let upper = 0;
  let upperRight = 0;
  let lower = 0;
  let lowerRight = 0;
  for (const r of respondents) {
    const cents = toCents(r.total);
    if (cents >= upperCut) {
      upper++;
      if (r.correct) upperRight++;
    }
    if (cents <= lowerCut) {
      lower++;
      if (r.correct) lowerRight++;
    }
  }
  // P_H − P_L = (uR·l − lR·u) / (u·l), rounded from integers.
  return roundRatio(upperRight * lower - lowerRight * upper, upper * lower, 2);
}

export type OptionShare = {
  /** A–H by bank order; for judge A = 正确, B = 错误. */
  label: string;
  text: string;
  count: number;
  /** Percent (1 decimal) of the cadres who got the question; a multiple-choice row can sum past 100. */
  share: number | null;
  isAnswer: boolean;
};

export type ItemStats = {
  /** 题号: 1… in paper-definition order (section, then bank, then bank position). */
  no: number;
  identity: string;
  bankSlug: string;
  key: string;
  type: QuestionType;
  stem: string;
  tags: string[];
  /** Cadres whose counted attempt had this question. */
  respondents: number;
  correct: number;
  /** 正确率: share fully correct, percent with 1 decimal. */
  facility: number | null;
  /** 得分率: points earned / points available, percent with 1 decimal (partial credit counts). */
  scoreRate: number | null;
  /** 区分度: upperLowerDiscrimination. */
  discrimination: number | null;
  options: OptionShare[];
  unanswered: number;
  unansweredShare: number | null;
  /** The key as letters (B, AC), 正确/错误 for judge, "" for fill and essay. */
  answer: string;
};

export type QuestionInfo = { tags: string[]; position: number };

const letter = (i: number) => String.fromCharCode(65 + i);

function answerText(answer: Answer): { label: string; indexes: number[] } {
  if (answer.kind === "single") return { label: letter(answer.option), indexes: [answer.option] };
  if (answer.kind === "multiple") return { label: [...answer.options].sort((a, b) => a - b).map(letter).join(""), indexes: answer.options };
  if (answer.kind === "judge") return { label: answer.value ? JUDGE_OPTIONS[0] : JUDGE_OPTIONS[1], indexes: [answer.value ? 0 : 1] };
  return { label: "", indexes: [] };
}

/**
 * Per question over the cadres' counted attempts. `info` gives each question's tags and its
 * position in the bank (by the rowId of its first observation).
 */
export function itemAnalysis(cadres: readonly CadreItems[], info: ReadonlyMap<number, QuestionInfo>): ItemStats[] {
  const groups = new Map<string, { first: ItemObservation; section: number; seen: Array<{ total: number; item: ItemObservation }> }>();
  for (const cadre of cadres) {
    for (const item of cadre.items) {
      const group = groups.get(item.identity);
      if (group) {
        group.section = Math.min(group.section, item.sectionIndex);
        group.seen.push({ total: cadre.total, item });
      } else groups.set(item.identity, { first: item, section: item.sectionIndex, seen: [{ total: cadre.total, item }] });
    }
  }
  const ordered = [...groups.values()].sort(
    (a, b) =>
      a.section - b.section ||
      a.first.bankSlug.localeCompare(b.first.bankSlug) ||
      (info.get(a.first.rowId)?.position ?? 0) - (info.get(b.first.rowId)?.position ?? 0) ||
      a.first.key.localeCompare(b.first.key),
  );
  return ordered.map((group, i): ItemStats => {
    const { first, seen } = group;
    const n = seen.length;
    const correct = seen.filter((s) => s.item.status === "correct").length;
    const earned = seen.reduce((sum, s) => sum + toCents(s.item.points), 0);
    const available = seen.reduce((sum, s) => sum + toCents(s.item.maxPoints), 0);
    const key = answerText(first.answer);
    const optionTexts = first.type === "judge" ? [...JUDGE_OPTIONS] : first.bankOptions;
    const options = optionTexts.map((text, o): OptionShare => {
      const count = seen.filter((s) => s.item.chosen.includes(o)).length;
      return { label: letter(o), text, count, share: percentOf(count, n), isAnswer: key.indexes.includes(o) };
    });
    const unanswered = seen.filter((s) => s.item.status === "unanswered").length;
    return {
      no: i + 1,
      identity: first.identity,
      bankSlug: first.bankSlug,
      key: first.key,
      type: first.type,
      stem: first.stem,
      tags: info.get(first.rowId)?.tags ?? [],
      respondents: n,
      correct,
      facility: percentOf(correct, n),
      scoreRate: available === 0 ? null : percentOf(earned, available),
      discrimination: upperLowerDiscrimination(seen.map((s) => ({ total: s.total, correct: s.item.status === "correct" }))),
      options,
      unanswered,
      unansweredShare: percentOf(unanswered, n),
      answer: key.label,
    };
  });
}
