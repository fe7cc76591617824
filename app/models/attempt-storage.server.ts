import type { DB } from "../../db/client";
import type { Attempt } from "../../db/schema";
import { gradeAttempt } from "~/domain/exams/grade-attempt";
import type { FrozenPaper, Response } from "~/domain/exams/types";
import { type GradingRules, GradingRulesSchema } from "~/schemas/exams.server";

/**
 * Reading what an attempt stored: its frozen paper and rules (JSON columns), its responses
 * and its manual grades, and grading from them alone (invariant 7).
 */

export function parsePaper(attempt: Pick<Attempt, "paper">): FrozenPaper {
  return JSON.parse(attempt.paper) as FrozenPaper;
}

export function parseRules(attempt: Pick<Attempt, "grading_rules">): GradingRules {
  return GradingRulesSchema.parse(JSON.parse(attempt.grading_rules));
}

export async function loadResponses(db: DB, attemptId: number): Promise<{ responses: Record<string, Response>; savedAt: Record<string, string> }> {
  const rows = await db.selectFrom("attempt_responses").selectAll().where("attempt_id", "=", attemptId).execute();
  const responses: Record<string, Response> = {};
  const savedAt: Record<string, string> = {};
  for (const row of rows) {
    responses[row.question_ref] = JSON.parse(row.response) as Response;
    savedAt[row.question_ref] = row.saved_at;
  }
  return { responses, savedAt };
}

export async function graceOf(db: DB, examId: number): Promise<number> {
  const exam = await db.selectFrom("exams").select("grace_seconds").where("id", "=", examId).executeTakeFirstOrThrow();
  return exam.grace_seconds;
}

/** The newest manual grade of each essay of an attempt (older rows are the history). */
export async function currentManualPoints(db: DB, attemptId: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("manual_grades")
    .select(["question_ref", "points"])
    .where("attempt_id", "=", attemptId)
    .orderBy("id", "asc")
    .execute();
  const points: Record<string, number> = {};
  for (const row of rows) points[row.question_ref] = row.points;
  return points;
}

/** Grades an attempt from what is stored: its frozen paper and rules, its responses, its manual grades. */
export async function gradeFromStorage(db: DB, attempt: Attempt) {
  const { responses } = await loadResponses(db, attempt.id);
  const rules = parseRules(attempt);
  const grade = gradeAttempt(
    parsePaper(attempt),
    responses,
    rules.multiplePolicy,
    { passMark: rules.passMark, sectionMinimums: rules.sectionMinimums },
    await currentManualPoints(db, attempt.id),
  );
  return {
    score: grade.score,
    passed: grade.passed === null ? null : grade.passed ? 1 : 0,
    pending_manual: grade.pending ? 1 : 0,
    grade_detail: JSON.stringify({
      sections: grade.sections,
      perQuestion: grade.perQuestion.map((q) => ({ ref: q.ref, status: q.status, points: q.points, maxPoints: q.maxPoints })),
    }),
  };
}
