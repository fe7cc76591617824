import type { DB } from "../../db/client";
import { questionAt } from "~/domain/exams/question-ref";
import type { Response } from "~/domain/exams/types";

import { regradeAttempt } from "./attempt-finalize.server";
import { loadPaper, loadPapers } from "./attempt-storage.server";
import { recordAudit } from "./audit.server";

export class GradeError extends Error {
  constructor(
    readonly field: "points" | "reason" | "form",
    message: string,
  ) {
    super(message);
  }
}

export type GradingItem = {
  attemptId: number;
  ref: string;
  /** 1-based number of the question on that cadre's paper. */
  number: number;
  stem: string;
  referenceAnswer: string;
  keywords: string[];
  answer: string;
  maxPoints: number;
  current: { points: number; comment: string | null; gradedAt: string; graderName: string } | null;
  cadre: { employeeNo: string; name: string; orgName: string };
};

/**
 * Every answered essay of the exam's finished attempts, pending first. In-progress
 * attempts are not graded until they are finished.
 */
export async function listGradingItems(db: DB, examId: number, input: { graderId: number }): Promise<GradingItem[]> {
  const attempts = await db
    .selectFrom("attempts")
    .innerJoin("users", "users.id", "attempts.user_id")
    .innerJoin("orgs", "orgs.id", "attempts.org_id")
    .select(["attempts.id", "users.employee_no", "users.name", "orgs.name as orgName"])
    .where("attempts.exam_id", "=", examId)
    .where("attempts.status", "!=", "in_progress")
    // Nobody grades their own answers.
    .where("attempts.user_id", "!=", input.graderId)
    .orderBy("attempts.finished_at")
    .execute();
  // Two batched reads for the whole exam instead of a query per attempt.
  const responseRows = await db
    .selectFrom("attempt_responses")
    .innerJoin("attempts", "attempts.id", "attempt_responses.attempt_id")
    .select(["attempt_responses.attempt_id", "attempt_responses.question_ref", "attempt_responses.response"])
    .where("attempts.exam_id", "=", examId)
    .where("attempts.status", "!=", "in_progress")
    .where("attempt_responses.response", "like", '%"kind":"essay"%')
    .execute();
  const essayTexts = new Map(responseRows.map((r) => [`${r.attempt_id}|${r.question_ref}`, (JSON.parse(r.response) as Response)]));
  const gradeRows = await db
    .selectFrom("manual_grades")
    .innerJoin("attempts", "attempts.id", "manual_grades.attempt_id")
    .innerJoin("users", "users.id", "manual_grades.graded_by")
    .select(["manual_grades.attempt_id", "manual_grades.question_ref", "manual_grades.points", "manual_grades.comment", "manual_grades.graded_at", "users.name"])
    .where("attempts.exam_id", "=", examId)
    .orderBy("manual_grades.id", "asc")
    .execute();
  const latest = new Map(gradeRows.map((g) => [`${g.attempt_id}|${g.question_ref}`, g]));

  const papers = await loadPapers(db, attempts.map((a) => a.id));
  const items: GradingItem[] = [];
  for (const attempt of attempts) {
    const paper = papers.get(attempt.id)!;
    let number = 0;
    paper.sections.forEach((section, s) =>
      section.questions.forEach((q, i) => {
        number++;
        if (q.type !== "essay") return;
        const ref = `${s}:${i}`;
        const response = essayTexts.get(`${attempt.id}|${ref}`);
        const text = response?.kind === "essay" ? response.text.trim() : "";
        if (!text) return;
        const grade = latest.get(`${attempt.id}|${ref}`);
        items.push({
          attemptId: attempt.id,
          ref,
          number,
          stem: q.stem,
          referenceAnswer: q.answer.kind === "essay" ? q.answer.reference : "",
          keywords: q.answer.kind === "essay" ? q.answer.keywords : [],
          answer: text,
          maxPoints: q.points,
          current: grade ? { points: grade.points, comment: grade.comment, gradedAt: grade.graded_at, graderName: grade.name } : null,
          cadre: { employeeNo: attempt.employee_no, name: attempt.name, orgName: attempt.orgName },
        });
      }),
    );
  }
  return items.sort((a, b) => Number(a.current !== null) - Number(b.current !== null));
}

export async function gradeHistory(db: DB, input: { attemptId: number; ref: string }) {
  return db
    .selectFrom("manual_grades")
    .innerJoin("users", "users.id", "manual_grades.graded_by")
    .select(["manual_grades.id", "manual_grades.points", "manual_grades.comment", "manual_grades.reason", "manual_grades.graded_at", "users.name as graderName"])
    .where("manual_grades.attempt_id", "=", input.attemptId)
    .where("manual_grades.question_ref", "=", input.ref)
    .orderBy("manual_grades.id", "asc")
    .execute();
}

/**
 * Grades one essay answer. The first grade needs no reason; changing it does, and the
 * earlier value stays as history (invariant 7). The attempt is regraded at once: when no
 * essay is left pending, its final score and pass are set and the cadre can see them.
 */
export async function saveManualGrade(
  db: DB,
  input: { examId: number; attemptId: number; ref: string; points: number; comment: string | null; reason: string | null; actorId: number; ip: string | null; now: Date },
) {
  const attempt = await db
    .selectFrom("attempts")
    .select(["id", "status", "exam_id", "user_id"])
    .where("id", "=", input.attemptId)
    .where("exam_id", "=", input.examId)
    .executeTakeFirst();
  if (!attempt || attempt.status === "in_progress") throw new GradeError("form", "找不到这份已交卷的答卷");
  if (attempt.user_id === input.actorId) {
    await recordAudit(db, {
      actorId: input.actorId,
      action: "access.denied",
      target: `attempt:${attempt.id}:${input.ref}`,
      detail: { why: "grading one's own attempt" },
      ip: input.ip,
      now: input.now,
    });
    throw new GradeError("form", "不能为自己的答卷评分，请由其他阅卷人评定");
  }
  const question = questionAt(await loadPaper(db, attempt.id), input.ref);
  if (!question || question.type !== "essay") throw new GradeError("form", "这道题不是需要人工阅卷的简答题");
  if (!Number.isFinite(input.points) || input.points < 0 || input.points > question.points) {
    throw new GradeError("points", `得分须在 0 到 ${question.points} 分之间`);
  }
  if (Math.round(input.points * 100) !== input.points * 100) throw new GradeError("points", "得分最多保留两位小数");
  const history = await gradeHistory(db, { attemptId: attempt.id, ref: input.ref });
  const previous = history.at(-1);
  const reason = input.reason?.trim() || null;
  if (previous && !reason) throw new GradeError("reason", "修改已评定的分数须填写原因");

  await db
    .insertInto("manual_grades")
    .values({
      attempt_id: attempt.id,
      question_ref: input.ref,
      points: input.points,
      comment: input.comment?.trim() || null,
      reason: previous ? reason : null,
      graded_by: input.actorId,
      graded_at: input.now.toISOString(),
    })
    .execute();
  const regraded = await regradeAttempt(db, { attemptId: attempt.id, now: input.now });
  await recordAudit(db, {
    actorId: input.actorId,
    action: previous ? "grade.change" : "grade.save",
    target: `attempt:${attempt.id}:${input.ref}`,
    detail: previous ? { from: previous.points, to: input.points, reason } : { points: input.points },
    ip: input.ip,
    now: input.now,
  });
  return regraded;
}
