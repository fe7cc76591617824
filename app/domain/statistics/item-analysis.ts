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

/** What an observation says of the question itself: the same for every cadre who had that bank row. */
export type ItemQuestion = Omit<ItemObservation, "sectionIndex" | "status" | "points" | "maxPoints" | "chosen">;

/** Chosen original option indexes as a bit set (bit i = option i); options are at most eight. */
export function chosenMask(chosen: readonly number[]): number {
  let mask = 0;
  for (const o of chosen) mask |= 1 << o;
  return mask;
}

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

/** How many cadres who got one question had each total (in cents), and how many of them got it fully right. */
export type TotalsHistogram = Map<number, { n: number; correct: number }>;

function countTotal(histogram: TotalsHistogram, totalCents: number, correct: boolean): void {
  const bin = histogram.get(totalCents);
  if (bin) {
    bin.n++;
    if (correct) bin.correct++;
  } else histogram.set(totalCents, { n: 1, correct: correct ? 1 : 0 });
}

/**
 * 区分度 by the upper–lower 27% method (Kelley): among the cadres who got the question, the
 * share fully correct in the top group minus the share in the bottom group, ranked by total
 * score. k = max(1, round(0.27·n)); the top group is everyone scoring at least the k-th
 * highest total and the bottom group everyone at most the k-th lowest, so tied cadres are
 * never split by an arbitrary order. null with fewer than 2 cadres. 2 decimals.
 */
export function upperLowerDiscrimination(respondents: ReadonlyArray<{ total: number; correct: boolean }>): number | null {
  const histogram: TotalsHistogram = new Map();
  for (const r of respondents) countTotal(histogram, toCents(r.total), r.correct);
  return discriminationOfHistogram(histogram);
}

/**
 * The same index from the counts per total alone: memory grows with the number of distinct
 * totals (at most full marks × 100 + 1), never with the number of cadres.
 */
export function discriminationOfHistogram(histogram: TotalsHistogram): number | null {
  let n = 0;
  for (const bin of histogram.values()) n += bin.n;
  if (n < 2) return null;
  const k = Math.max(1, Math.round(0.27 * n));
  const totals = [...histogram.keys()].sort((a, b) => b - a);
  // The k-th highest and the k-th lowest total.
  const cutFrom = (order: number[]) => {
    let seen = 0;
    for (const cents of order) {
      seen += histogram.get(cents)!.n;
      if (seen >= k) return cents;
    }
    return order[order.length - 1];
  };
  const upperCut = cutFrom(totals);
  const lowerCut = cutFrom([...totals].reverse());
  let upper = 0;
  let upperRight = 0;
  let lower = 0;
  let lowerRight = 0;
  for (const [cents, bin] of histogram) {
    if (cents >= upperCut) {
      upper += bin.n;
      upperRight += bin.correct;
    }
    if (cents <= lowerCut) {
      lower += bin.n;
      lowerRight += bin.correct;
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

/** One question's running counts over the observations added so far. */
type ItemTally = {
  /** The first observation: the question's text, options and key, and the rowId of its tags and position. */
  first: ItemQuestion;
  section: number;
  respondents: number;
  correct: number;
  earnedCents: number;
  availableCents: number;
  unanswered: number;
  /** Cadres who chose each original option index. */
  chosen: number[];
  totals: TotalsHistogram;
};

/**
 * Item analysis fed one counted attempt at a time (the report reads attempt_items in
 * batches): it keeps counts per question and a histogram of totals per question, so its
 * memory depends on the number of questions and distinct totals, not on the number of cadres.
 * Observations must be added in the cadres' order for the first one of a question to be
 * the same as in itemAnalysis (it gives the text shown, and the tags looked up).
 */
export class ItemAnalysisBuilder {
  private readonly tallies = new Map<string, ItemTally>();

  /** The items of one cadre's counted attempt, with its total. */
  add(total: number, items: readonly ItemObservation[]): void {
    const totalCents = toCents(total);
    for (const item of items) this.observe(totalCents, item, item.sectionIndex, item.status, item.points, item.maxPoints, chosenMask(item.chosen));
  }

  /**
   * One question of one cadre's counted attempt, in parts: the report feeds 600,000 of these
   * from attempt_items rows without building an observation object for each.
   */
  observe(totalCents: number, question: ItemQuestion, sectionIndex: number, status: GradeStatus, points: number, maxPoints: number, chosen: number): void {
    let tally = this.tallies.get(question.identity);
    if (!tally) {
      tally = { first: question, section: sectionIndex, respondents: 0, correct: 0, earnedCents: 0, availableCents: 0, unanswered: 0, chosen: [], totals: new Map() };
      this.tallies.set(question.identity, tally);
    }
    if (sectionIndex < tally.section) tally.section = sectionIndex;
    tally.respondents++;
    const right = status === "correct";
    if (right) tally.correct++;
    if (status === "unanswered") tally.unanswered++;
    tally.earnedCents += toCents(points);
    tally.availableCents += toCents(maxPoints);
    for (let o = 0, rest = chosen; rest !== 0; o++, rest >>>= 1) if (rest & 1) tally.chosen[o] = (tally.chosen[o] ?? 0) + 1;
    countTotal(tally.totals, totalCents, right);
  }

  /** Rowids whose tags and position result() needs: the first observation of each question. */
  rowIds(): number[] {
    return [...new Set([...this.tallies.values()].map((t) => t.first.rowId))];
  }

  /** The questions in 题号 order; `info` gives each question's tags and bank position by rowId. */
  result(info: ReadonlyMap<number, QuestionInfo>): ItemStats[] {
    const ordered = [...this.tallies.values()].sort(
      (a, b) =>
        a.section - b.section ||
        a.first.bankSlug.localeCompare(b.first.bankSlug) ||
        (info.get(a.first.rowId)?.position ?? 0) - (info.get(b.first.rowId)?.position ?? 0) ||
        a.first.key.localeCompare(b.first.key),
    );
    return ordered.map((tally, i): ItemStats => {
      const { first } = tally;
      const n = tally.respondents;
      const key = answerText(first.answer);
      const optionTexts = first.type === "judge" ? [...JUDGE_OPTIONS] : first.bankOptions;
      const options = optionTexts.map((text, o): OptionShare => {
        const count = tally.chosen[o] ?? 0;
        return { label: letter(o), text, count, share: percentOf(count, n), isAnswer: key.indexes.includes(o) };
      });
      return {
        no: i + 1,
        identity: first.identity,
        bankSlug: first.bankSlug,
        key: first.key,
        type: first.type,
        stem: first.stem,
        tags: info.get(first.rowId)?.tags ?? [],
        respondents: n,
        correct: tally.correct,
        facility: percentOf(tally.correct, n),
        scoreRate: tally.availableCents === 0 ? null : percentOf(tally.earnedCents, tally.availableCents),
        discrimination: discriminationOfHistogram(tally.totals),
        options,
        unanswered: tally.unanswered,
        unansweredShare: percentOf(tally.unanswered, n),
        answer: key.label,
      };
    });
  }
}

/**
 * Per question over the cadres' counted attempts. `info` gives each question's tags and its
 * position in the bank (by the rowId of its first observation).
 */
export function itemAnalysis(cadres: readonly CadreItems[], info: ReadonlyMap<number, QuestionInfo>): ItemStats[] {
  const builder = new ItemAnalysisBuilder();
  for (const cadre of cadres) builder.add(cadre.total, cadre.items);
  return builder.result(info);
}
