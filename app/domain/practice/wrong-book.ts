/**
 * The wrong-answer book (错题本), computed from what happened rather than stored, so it can
 * never disagree with the exams and practice it comes from:
 * - a question enters with every wrong answer: in a finished exam attempt whose review the
 *   exam already allows (the caller filters by reviewAllowed, so no key leaks through the
 *   book), or in practice;
 * - it leaves once it has been answered right twice in practice after its latest wrong
 *   answer (twice in a row: any wrong answer in between is a later wrong answer);
 * - a later wrong answer puts it back.
 * A question is its bank slug + question key, whatever bank version it was seen in.
 */

export type WrongEvent = {
  identity: string;
  /** The bank_questions row seen (the version whose key and explanation apply). */
  rowId: number;
  at: string;
  source: "exam" | "practice";
};

export type PracticeEvent = { identity: string; rowId: number; at: string; correct: boolean };

export type WrongBookEntry = {
  identity: string;
  /** The row of the latest wrong answer: the one practice shows. */
  rowId: number;
  wrongCount: number;
  lastWrongAt: string;
  /** Right answers in practice since the latest wrong one (0 or 1 while in the book). */
  rightSince: number;
  fromExam: boolean;
};

/** Right answers in a row, after the latest wrong one, that take a question out of the book. */
export const RIGHT_TO_LEAVE = 2;

export const identityOf = (bankSlug: string, key: string) => `${bankSlug}#${key}`;

/** The book, latest wrong answer first. Ties in time: the wrong answer counts as the later one. */
export function wrongBook(exams: readonly WrongEvent[], practice: readonly PracticeEvent[]): WrongBookEntry[] {
  const wrongs: WrongEvent[] = [...exams, ...practice.filter((p) => !p.correct).map((p): WrongEvent => ({ identity: p.identity, rowId: p.rowId, at: p.at, source: "practice" }))];
  const entries = new Map<string, WrongBookEntry>();
  for (const w of wrongs) {
    const entry = entries.get(w.identity);
    if (!entry) {
      entries.set(w.identity, { identity: w.identity, rowId: w.rowId, wrongCount: 1, lastWrongAt: w.at, rightSince: 0, fromExam: w.source === "exam" });
      continue;
    }
    entry.wrongCount++;
    entry.fromExam ||= w.source === "exam";
    if (w.at >= entry.lastWrongAt) {
      entry.lastWrongAt = w.at;
      entry.rowId = w.rowId;
    }
  }
  for (const p of practice) {
    const entry = entries.get(p.identity);
    if (entry && p.correct && p.at > entry.lastWrongAt) entry.rightSince++;
  }
  return [...entries.values()]
    .filter((e) => e.rightSince < RIGHT_TO_LEAVE)
    .sort((a, b) => b.lastWrongAt.localeCompare(a.lastWrongAt) || a.identity.localeCompare(b.identity));
}
