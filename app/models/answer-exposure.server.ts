/**
 * Organizers and admins are cadres too and take exams. While one of them has an attempt in
 * progress, every page that shows answer keys for the banks that attempt draws from (bank
 * pages and exports, exam reports with their item analysis, grading queues) is closed to
 * them. The bank slugs come from the frozen papers, so they are exact.
 */
import type { DB } from "../../db/client";

import { loadPapers } from "./attempt-storage.server";
import { parsePaperSpec } from "./exams.server";

/** Bank slug → the title of the exam in progress that uses it, for this user. */
export async function banksInOpenAttempts(db: DB, userId: number): Promise<Map<string, string>> {
  const open = await db
    .selectFrom("attempts")
    .innerJoin("exams", "exams.id", "attempts.exam_id")
    .select(["attempts.id", "exams.title"])
    .where("attempts.user_id", "=", userId)
    .where("attempts.status", "=", "in_progress")
    .execute();
  const banks = new Map<string, string>();
  if (open.length === 0) return banks;
  const papers = await loadPapers(db, open.map((a) => a.id));
  for (const attempt of open) {
    for (const section of papers.get(attempt.id)?.sections ?? []) {
      for (const question of section.questions) banks.set(question.bankSlug, attempt.title);
    }
  }
  return banks;
}

/** The banks an exam's paper draws from (its pinned draws and fixed questions). */
export function banksOfExam(exam: { paper_spec: string }): string[] {
  const slugs = new Set<string>();
  for (const section of parsePaperSpec(exam).sections) {
    if (section.source.kind === "draw") for (const pin of section.source.banks) slugs.add(pin.slug);
    else for (const q of section.source.questions) slugs.add(q.slug);
  }
  return [...slugs];
}
