import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { buildReview } from "~/domain/attempt-review";
import { ATTEMPT_STATUS_LABELS, formatDuration } from "~/domain/exam-labels";
import type { GradeStatus } from "~/domain/exams/types";
import { attemptWording } from "~/domain/exams/wording";
import { objectivePart } from "~/domain/exams/objective-part";
import { REVIEW_POLICY_LABELS, reviewAllowed } from "~/domain/review-policy";
import { finalizeIfExpired } from "~/models/attempt-finalize.server";
import { loadPaper, loadResponses } from "~/models/attempt-storage.server";
import { timeUsedSeconds } from "~/models/attempts.server";
import { loadQuestionNotes } from "~/models/question-pool.server";
import { requireOwnAttempt } from "~/utils/attempt-access.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/time";

type StoredGrade = {
  sections: Array<{ title: string; score: number; maxScore: number; minScore: number | null; metMinimum: boolean }>;
  perQuestion: Array<{ ref: string; status: GradeStatus; points: number; maxPoints: number }>;
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const attempt = await requireOwnAttempt(request, context, user, params.attemptId);
  const now = new Date();
  const current = await finalizeIfExpired(context.db, attempt, now);
  if (current.status === "in_progress") throw redirect(`/attempts/${attempt.id}`);

  const grade = JSON.parse(current.grade_detail ?? "{}") as StoredGrade;
  const pending = Boolean(current.pending_manual);
  const mayReview = reviewAllowed({
    policy: attempt.reviewPolicy,
    attemptFinished: true,
    examClosed: attempt.examStatus === "closed",
    closesAt: new Date(attempt.examClosesAt),
    now,
  });
  const objective = pending ? objectivePart(await loadPaper(context.db, current.id), grade.perQuestion ?? []) : null;
  let review = null;
  if (mayReview && !pending) {
    const paper = await loadPaper(context.db, current.id);
    const { responses } = await loadResponses(context.db, current.id);
    const notes = await loadQuestionNotes(context.db, paper.sections.flatMap((s) => s.questions.map((q) => q.rowId)));
    review = buildReview({ paper, responses, grades: new Map(grade.perQuestion.map((g) => [g.ref, g])), notes });
  }
  const used = timeUsedSeconds(current);
  return {
    attemptId: current.id,
    examId: current.exam_id,
    examTitle: attempt.examTitle,
    wording: attemptWording(attempt.examKind),
    status: ATTEMPT_STATUS_LABELS[current.status],
    // While an essay waits for its grader, the cadre sees only the objective part.
    score: current.score,
    maxScore: current.max_score,
    passed: current.passed === null ? null : Boolean(current.passed),
    pending,
    objective,
    passMark: attempt.passMark,
    sections: grade.sections ?? [],
    timeUsed: used === null ? "—" : formatDuration(used),
    finishedAt: current.finished_at ? formatDateTime(current.finished_at, context.timeZone) : "—",
    reviewNote: mayReview ? (pending ? "阅卷完成后可查看答案与解析。" : null) : REVIEW_POLICY_LABELS[attempt.reviewPolicy],
    review,
  };
}

const STATUS_TEXT: Record<GradeStatus, string> = { correct: "正确", partial: "部分正确", wrong: "错误", unanswered: "未作答", pending: "待阅卷" };

export default function AttemptResultPage() {
  const r = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/">← 我的考试</Link>
      </p>
      <h1>{r.examTitle}</h1>
      <section className="card" aria-label="成绩">
        {r.pending ? (
          <>
            <p className="badge amber">待阅卷</p>
            <p>
              客观题得分 <strong data-testid="objective-score">{r.objective?.score ?? r.score}</strong> 分（客观题满分 {r.objective?.maxScore ?? r.maxScore} 分）。简答题（共{" "}
              {r.objective?.essayMax ?? 0} 分）由组织者阅卷后公布最终成绩，试卷满分 {r.maxScore} 分。
            </p>
          </>
        ) : (
          <>
            <p className="result-score" data-testid="score">
              {r.score} <span className="muted">/ {r.maxScore} 分</span>
            </p>
            <p>
              {r.passed ? <span className="badge green">及格</span> : <span className="badge red">不及格</span>}{" "}
              <span className="muted">及格线 {r.passMark} 分</span>
            </p>
          </>
        )}
        <dl className="facts">
          <dt>状态</dt>
          <dd>{r.status}</dd>
          <dt>用时</dt>
          <dd>{r.timeUsed}</dd>
          <dt>交卷时间</dt>
          <dd>{r.finishedAt}</dd>
        </dl>
        {r.sections.length > 1 ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>部分</th>
                  <th>得分</th>
                  <th>满分</th>
                </tr>
              </thead>
              <tbody>
                {r.sections.map((s) => (
                  <tr key={s.title}>
                    <td>{s.title}</td>
                    <td>
                      {s.score}
                      {s.minScore !== null ? `（最低 ${s.minScore}）` : ""}
                    </td>
                    <td>{s.maxScore}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      {r.reviewNote ? <p className="muted">{r.reviewNote}</p> : null}
      {r.review ? (
        <section className="card">
          <h2>答案与解析</h2>
          {r.review.map((item) => (
            <article key={item.number} className={`review-item ${item.status}`}>
              <p>
                <strong>{item.number}.</strong> {item.stem}
              </p>
              {item.options.length ? (
                <ol type="A">
                  {item.options.map((o, i) => (
                    <li key={i}>{o}</li>
                  ))}
                </ol>
              ) : null}
              <p>
                您的答案：{item.yourAnswer} · 正确答案：{item.rightAnswer} · {STATUS_TEXT[item.status]}（{item.points}/{item.maxPoints} 分）
              </p>
              {item.explanation ? <p className="muted">解析：{item.explanation}</p> : null}
              {item.reference ? <p className="muted">依据：{item.reference}</p> : null}
            </article>
          ))}
        </section>
      ) : null}
      <div className="actions">
        <Link className="button secondary" to={`/exams/${r.examId}`}>
          {r.wording.back}
        </Link>
        <Link className="button secondary" to="/history">
          成绩档案
        </Link>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "成绩 · 考学" }];
