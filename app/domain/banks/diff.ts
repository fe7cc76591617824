/** The difference between two versions of a bank, question by question (matched by id). */
import { canonicalJson, questionHash } from "./hash";
import { BANK_META_FIELDS, type BankMeta, type BankMetaField, type BankQuestion, QUESTION_FIELDS, type QuestionField } from "./types";

export type ChangedQuestion = { id: string; before: BankQuestion; after: BankQuestion; fields: QuestionField[] };

export type BankDiff = {
  added: BankQuestion[];
  removed: BankQuestion[];
  changed: ChangedQuestion[];
  unchangedCount: number;
  /** Bank-level fields (title, regulation, source, description) that differ. */
  metaChanged: BankMetaField[];
};

function fieldValue(q: BankQuestion, field: QuestionField): unknown {
  if (field === "options") return q.type === "single" || q.type === "multiple" ? q.options : null;
  return q[field];
}

/** Which fields differ between two versions of one question, in display order. */
export function changedFields(before: BankQuestion, after: BankQuestion): QuestionField[] {
  return QUESTION_FIELDS.filter((f) => canonicalJson(fieldValue(before, f)) !== canonicalJson(fieldValue(after, f)));
}

/**
 * Added (in `to` order), removed (in `from` order) and changed questions (in `to` order).
 * A question that only moved is unchanged: position is not content.
 */
export function diffBanks(
  from: Pick<BankMeta, BankMetaField> & { questions: BankQuestion[] },
  to: Pick<BankMeta, BankMetaField> & { questions: BankQuestion[] },
): BankDiff {
  const before = new Map(from.questions.map((q) => [q.id, q]));
  const afterIds = new Set(to.questions.map((q) => q.id));
  const added: BankQuestion[] = [];
  const changed: ChangedQuestion[] = [];
  let unchangedCount = 0;
  for (const q of to.questions) {
    const old = before.get(q.id);
    if (!old) added.push(q);
    else if (questionHash(old) === questionHash(q)) unchangedCount++;
    else changed.push({ id: q.id, before: old, after: q, fields: changedFields(old, q) });
  }
  const removed = from.questions.filter((q) => !afterIds.has(q.id));
  const metaChanged = BANK_META_FIELDS.filter((f) => (from[f] ?? null) !== (to[f] ?? null));
  return { added, removed, changed, unchangedCount, metaChanged };
}
