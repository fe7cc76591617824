/**
 * Practice (练习) and the wrong-answer book (错题本). A practice answer is a row of
 * practice_answers, never an attempt: it cannot count as an exam result. The book is
 * computed from the exams' per-question rows (only where the exam's review already allows
 * the key) and from practice (app/domain/practice/wrong-book.ts). See
 * docs/decisions/0013-practice.md.
 */
import type { DB } from "../../db/client";
import type { PracticeAnswer, PracticeMode } from "../../db/schema";
import { isExpired } from "~/domain/exams/attempt-time";
import type { PoolQuestion, Response } from "~/domain/exams/types";
import { nextPracticeQuestion, type PracticeSeen } from "~/domain/practice/next-question";
import { gradePracticeForm, PRACTICE_TYPES, practiceFrozen } from "~/domain/practice/practice-question";
import { identityOf, type PracticeEvent, type WrongBookEntry, wrongBook, type WrongEvent } from "~/domain/practice/wrong-book";
import { reviewAllowed } from "~/domain/review-policy";

import { listBanks } from "./banks.server";
import { toPoolRow, poolQuestionQuery } from "./question-pool.server";

export type PracticeBank = { slug: string; title: string; regulation: string; questionCount: number; tags: Array<{ tag: string; count: number }> };

/**
 * The banks a cadre may practise from: every bank's newest version (banks are the whole
 * bureau's study material), with its objective questions counted by knowledge point.
 */
export async function practiceBanks(db: DB): Promise<PracticeBank[]> {
  const banks = await listBanks(db);
  if (banks.length === 0) return [];
  const rows = await db
    .selectFrom("bank_questions")
    .select(["version_id", "tags"])
    .where("version_id", "in", banks.map((b) => b.versionId))
    .where("type", "in", [...PRACTICE_TYPES])
    .execute();
  return banks.map((b) => {
    const mine = rows.filter((r) => r.version_id === b.versionId);
    const tags = new Map<string, number>();
    for (const r of mine) for (const tag of JSON.parse(r.tags) as string[]) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    return {
      slug: b.bank,
      title: b.title,
      regulation: b.regulation,
      questionCount: mine.length,
      tags: [...tags].map(([tag, count]) => ({ tag, count })).sort((x, y) => y.count - x.count || x.tag.localeCompare(y.tag, "zh-CN")),
    };
  });
}

export type PracticeQuestion = PoolQuestion & { identity: string; bankTitle: string };

async function questionsByRow(db: DB, rowIds: readonly number[]): Promise<Map<number, PracticeQuestion>> {
  const out = new Map<number, PracticeQuestion>();
  for (let i = 0; i < rowIds.length; i += 500) {
    const chunk = rowIds.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await poolQuestionQuery(db).select("bank_versions.title as bankTitle").where("bank_questions.id", "in", chunk).execute();
    for (const row of rows) {
      const q = toPoolRow(row);
      out.set(q.rowId, { ...q, identity: identityOf(q.bankSlug, q.key), bankTitle: row.bankTitle });
    }
  }
  return out;
}

/** A question practice can show and grade (objective), or undefined. */
export async function getPracticeQuestion(db: DB, rowId: number): Promise<PracticeQuestion | undefined> {
  const q = (await questionsByRow(db, [rowId])).get(rowId);
  return q && PRACTICE_TYPES.includes(q.type) ? q : undefined;
}

/**
 * Whether the cadre is in the middle of an exam (an open attempt of a non-practice exam, not
 * yet past deadline + grace): practice then pauses, so the banks cannot be used to look up
 * the answers of the paper in front of them.
 */
export async function isTakingExam(db: DB, userId: number, now: Date): Promise<boolean> {
  const open = await db
    .selectFrom("attempts")
    .innerJoin("exams", "exams.id", "attempts.exam_id")
    .select(["attempts.deadline_at", "exams.grace_seconds"])
    .where("attempts.user_id", "=", userId)
    .where("attempts.status", "=", "in_progress")
    .where("exams.kind", "!=", "practice")
    .execute();
  return open.some((a) => !isExpired(now, new Date(a.deadline_at), a.grace_seconds));
}

export const PRACTICE_PAUSED = "您有正在进行的考试，交卷后再来练习。";

/** What a practice run draws from: a bank (optionally one knowledge point), or the wrong-answer book. */
export type PracticeSource = { mode: "bank"; bank: string; tag: string | null } | { mode: "wrong_book"; bank: string | null; tag: string | null };

/** A bank's newest version (practice always shows the newest), or undefined. */
export async function newestBankVersion(db: DB, slug: string): Promise<{ versionId: number; title: string } | undefined> {
  const row = await db
    .selectFrom("bank_versions")
    .innerJoin("banks", "banks.id", "bank_versions.bank_id")
    .select(["bank_versions.id", "bank_versions.title"])
    .where("banks.slug", "=", slug)
    .orderBy("bank_versions.version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { versionId: row.id, title: row.title } : undefined;
}

async function bankCandidates(db: DB, slug: string, tag: string | null): Promise<Array<{ identity: string; rowId: number }>> {
  const bank = await newestBankVersion(db, slug);
  if (!bank) return [];
  const rows = await db
    .selectFrom("bank_questions")
    .select(["id", "question_key", "tags"])
    .where("version_id", "=", bank.versionId)
    .where("type", "in", [...PRACTICE_TYPES])
    .orderBy("position")
    .execute();
  return rows
    .filter((r) => !tag || (JSON.parse(r.tags) as string[]).includes(tag))
    .map((r) => ({ identity: identityOf(slug, r.question_key), rowId: r.id }));
}

async function seenByIdentity(db: DB, userId: number): Promise<Map<string, PracticeSeen>> {
  const rows = await db
    .selectFrom("practice_answers")
    .select(["bank_slug", "question_key", (eb) => eb.fn.max("answered_at").as("lastAt"), (eb) => eb.fn.countAll<number>().as("n")])
    .where("user_id", "=", userId)
    .groupBy(["bank_slug", "question_key"])
    .execute();
  return new Map(rows.map((r) => [identityOf(r.bank_slug, r.question_key), { lastAt: String(r.lastAt), count: Number(r.n) }]));
}

/**
 * The question to show next from `source` (null: nothing left), avoiding the one just
 * answered. The same seed gives the same question, so reloading the page (or a refused
 * answer) shows the question again instead of skipping it.
 */
export async function nextPracticeFor(
  db: DB,
  input: { userId: number; source: PracticeSource; justAnswered: string | null; seed: number; now: Date },
): Promise<PracticeQuestion | null> {
  const { source } = input;
  let candidates: Array<{ identity: string; rowId: number }>;
  if (source.mode === "bank") candidates = await bankCandidates(db, source.bank, source.tag);
  else {
    const book = await loadWrongBook(db, input.userId, input.now);
    candidates = book.filter((e) => (!source.bank || e.question.bankSlug === source.bank) && (!source.tag || e.question.tags.includes(source.tag)));
  }
  const chosen = nextPracticeQuestion(candidates, await seenByIdentity(db, input.userId), input.justAnswered, input.seed);
  return chosen ? ((await questionsByRow(db, [chosen.rowId])).get(chosen.rowId) ?? null) : null;
}

export type PracticeOutcome = { kind: "recorded"; answerId: number } | { kind: "invalid"; message: string } | { kind: "paused"; message: string } | { kind: "not_found" };

/**
 * Grades and records one practice answer (question, answer, right or not, when). Bad input
 * records nothing. Unlimited, and never an attempt.
 */
export async function recordPracticeAnswer(
  db: DB,
  input: { userId: number; rowId: number; mode: PracticeMode; form: { get(name: string): unknown; getAll(name: string): unknown[] }; now: Date },
): Promise<PracticeOutcome> {
  if (await isTakingExam(db, input.userId, input.now)) return { kind: "paused", message: PRACTICE_PAUSED };
  const question = await getPracticeQuestion(db, input.rowId);
  if (!question) return { kind: "not_found" };
  const graded = gradePracticeForm(input.form, practiceFrozen(question));
  if (!graded.ok) return { kind: "invalid", message: graded.message };
  const user = await db.selectFrom("users").select("org_id").where("id", "=", input.userId).executeTakeFirstOrThrow();
  const row = await db
    .insertInto("practice_answers")
    .values({
      user_id: input.userId,
      org_id: user.org_id,
      question_row_id: question.rowId,
      bank_slug: question.bankSlug,
      question_key: question.key,
      mode: input.mode,
      response: JSON.stringify(graded.response),
      status: graded.status,
      correct: graded.correct ? 1 : 0,
      answered_at: input.now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { kind: "recorded", answerId: row.id };
}

/** One practice answer of this cadre (ownership in the where-clause), with its question. */
export async function getOwnPracticeAnswer(db: DB, input: { answerId: number; userId: number }): Promise<{ answer: PracticeAnswer; response: Response; question: PracticeQuestion } | undefined> {
  const answer = await db.selectFrom("practice_answers").selectAll().where("id", "=", input.answerId).where("user_id", "=", input.userId).executeTakeFirst();
  if (!answer) return undefined;
  const question = (await questionsByRow(db, [answer.question_row_id])).get(answer.question_row_id);
  return question ? { answer, response: JSON.parse(answer.response) as Response, question } : undefined;
}

/**
 * Wrong answers in finished exam attempts whose review is allowed now (and not waiting for an
 * essay grade, as the result page): the only exam questions the book may hold.
 */
async function examWrongEvents(db: DB, userId: number, now: Date, identity?: { slug: string; key: string }): Promise<WrongEvent[]> {
  let query = db
    .selectFrom("attempt_items")
    .innerJoin("attempts", "attempts.id", "attempt_items.attempt_id")
    .innerJoin("exams", "exams.id", "attempts.exam_id")
    .innerJoin("bank_questions", "bank_questions.id", "attempt_items.question_row_id")
    .innerJoin("bank_versions", "bank_versions.id", "bank_questions.version_id")
    .innerJoin("banks", "banks.id", "bank_versions.bank_id")
    .select([
      "attempt_items.question_row_id",
      "attempts.finished_at",
      "attempts.pending_manual",
      "exams.review_policy",
      "exams.status as examStatus",
      "exams.closes_at",
      "banks.slug",
      "bank_questions.question_key",
    ])
    .where("attempts.user_id", "=", userId)
    .where("attempts.status", "!=", "in_progress")
    .where("attempt_items.status", "in", ["wrong", "partial", "unanswered"])
    .where("attempt_items.type", "in", [...PRACTICE_TYPES]);
  if (identity) query = query.where("banks.slug", "=", identity.slug).where("bank_questions.question_key", "=", identity.key);
  const rows = await query.execute();
  return rows
    .filter(
      (r) =>
        !r.pending_manual &&
        r.finished_at !== null &&
        reviewAllowed({ policy: r.review_policy, attemptFinished: true, examClosed: r.examStatus === "closed", closesAt: new Date(r.closes_at), now }),
    )
    .map((r) => ({ identity: identityOf(r.slug, r.question_key), rowId: r.question_row_id, at: r.finished_at!, source: "exam" as const }));
}

async function practiceEvents(db: DB, userId: number, identity?: { slug: string; key: string }, beforeAnswerId?: number): Promise<PracticeEvent[]> {
  let query = db.selectFrom("practice_answers").select(["bank_slug", "question_key", "question_row_id", "answered_at", "correct"]).where("user_id", "=", userId);
  if (identity) query = query.where("bank_slug", "=", identity.slug).where("question_key", "=", identity.key);
  if (beforeAnswerId !== undefined) query = query.where("id", "<", beforeAnswerId);
  const rows = await query.orderBy("id").execute();
  return rows.map((r) => ({ identity: identityOf(r.bank_slug, r.question_key), rowId: r.question_row_id, at: r.answered_at, correct: Boolean(r.correct) }));
}

export type WrongBookItem = WrongBookEntry & { question: PracticeQuestion };

/** The cadre's wrong-answer book now, latest wrong answer first. */
export async function loadWrongBook(db: DB, userId: number, now: Date): Promise<WrongBookItem[]> {
  const entries = wrongBook(await examWrongEvents(db, userId, now), await practiceEvents(db, userId));
  const questions = await questionsByRow(db, entries.map((e) => e.rowId));
  return entries.flatMap((e) => {
    const question = questions.get(e.rowId);
    return question ? [{ ...e, question }] : [];
  });
}

/** Where one practice answer left its question in the book: in it before, and after. */
export async function wrongBookStanding(
  db: DB,
  input: { userId: number; answer: Pick<PracticeAnswer, "id" | "bank_slug" | "question_key">; now: Date },
): Promise<{ before: WrongBookEntry | null; after: WrongBookEntry | null }> {
  const identity = { slug: input.answer.bank_slug, key: input.answer.question_key };
  const exams = await examWrongEvents(db, input.userId, input.now, identity);
  const practice = await practiceEvents(db, input.userId, identity, input.answer.id + 1);
  const before = wrongBook(exams, practice.slice(0, -1))[0] ?? null;
  return { before, after: wrongBook(exams, practice)[0] ?? null };
}

/** Practice answered since `since` (or ever): how many, how many right. */
export async function practiceTotals(db: DB, userId: number, since: Date | null = null): Promise<{ answered: number; correct: number }> {
  let query = db
    .selectFrom("practice_answers")
    .select([(eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.sum<number>("correct").as("right")])
    .where("user_id", "=", userId);
  if (since) query = query.where("answered_at", ">=", since.toISOString());
  const row = await query.executeTakeFirstOrThrow();
  return { answered: Number(row.n), correct: Number(row.right ?? 0) };
}
