import crypto from "node:crypto";

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { EXAM_KIND_LABELS, MULTIPLE_POLICY_LABELS } from "~/domain/exam-labels";
import { startAction } from "~/domain/exams/access-rules";
import { attemptWording } from "~/domain/exams/wording";
import { REVIEW_POLICY_LABELS } from "~/domain/review-policy";
import { caseOfExam } from "~/models/appointment-test.server";
import { syncOpenCases } from "~/models/appointments.server";
import { finalizeExpiredAttemptsOf } from "~/models/attempt-finalize.server";
import { listOwnAttempts, startAttempt } from "~/models/attempts.server";
import { getAssignment, getExam, parsePaperSpec } from "~/models/exams.server";
import { requireUser } from "~/utils/auth.server";
import { idParam } from "~/utils/params.server";
import { formatDateTime } from "~/utils/time";

async function loadAssignedExam(args: LoaderFunctionArgs) {
  const { request, context, params } = args;
  const user = await requireUser(request, context);
  const examId = idParam(params.examId);
  const exam = examId ? await getExam(context.db, examId) : undefined;
  const assignment = exam ? await getAssignment(context.db, exam.id, user.id) : undefined;
  if (!exam || !assignment || exam.status === "draft") throw new Response("没有找到这场考试，或您不在参考范围内", { status: 404 });
  return { user, exam, assignment };
}

/** A pre-appointment test's case: a graded fail opens the makeup before the page counts attempts. */
async function appointmentOf(args: LoaderFunctionArgs, exam: { id: number; kind: string }, userId: number, now: Date) {
  const found = exam.kind === "pre_appointment" ? await caseOfExam(args.context.db, exam.id) : undefined;
  if (!found || found.cadre_id !== userId) return null;
  await syncOpenCases(args.context.db, { now, cadreId: userId });
  return found;
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, exam } = await loadAssignedExam(args);
  const { context } = args;
  const now = new Date();
  await finalizeExpiredAttemptsOf(context.db, { userId: user.id, now });
  const appointment = await appointmentOf(args, exam, user.id, now);
  const assignment = (await getAssignment(context.db, exam.id, user.id))!;
  const mine = await listOwnAttempts(context.db, { examId: exam.id, userId: user.id });
  const open = mine.find((a) => a.status === "in_progress");
  const attemptsAllowed = exam.attempts_allowed === null ? null : exam.attempts_allowed + assignment.extra_attempts;
  const action = startAction({
    now,
    opensAt: new Date(exam.opens_at),
    closesAt: new Date(exam.closes_at),
    status: exam.status,
    inAudience: true,
    attemptsUsed: mine.length,
    attemptsAllowed,
    hasOpenAttempt: Boolean(open),
  });
  const spec = parsePaperSpec(exam);
  const questionTotal = spec.sections.reduce((n, s) => n + s.count, 0);
  const maxScore = spec.sections.reduce((n, s) => n + s.count * s.points, 0);
  const finished = mine.filter((a) => a.status !== "in_progress");
  return {
    exam: {
      id: exam.id,
      title: exam.title,
      kind: EXAM_KIND_LABELS[exam.kind],
      wording: attemptWording(exam.kind),
      period: exam.period,
      description: exam.description,
      opensAt: formatDateTime(exam.opens_at, context.timeZone),
      closesAt: formatDateTime(exam.closes_at, context.timeZone),
      durationMinutes: exam.duration_minutes === null ? null : exam.duration_minutes + assignment.extra_minutes,
      questionTotal,
      maxScore,
      passMark: exam.pass_mark,
      sectionMinimums: exam.section_minimums
        ? spec.sections.filter((s) => s.minScore !== undefined).map((s) => `${s.title} ≥ ${s.minScore} 分`)
        : [],
      attemptsAllowed,
      attemptsUsed: mine.length,
      review: REVIEW_POLICY_LABELS[exam.review_policy],
      multiple: MULTIPLE_POLICY_LABELS[exam.multiple_policy],
      sections: spec.sections.map((s) => `${s.title}：${s.count} 题 × ${s.points} 分`),
      appointment: appointment ? { post: appointment.post, openBook: Boolean(appointment.open_book), makeup: assignment.extra_attempts > 0 && mine.length >= 1 } : null,
    },
    action,
    openAttemptId: open?.id ?? null,
    finished: finished.map((a) => ({ id: a.id, score: a.score, maxScore: a.max_score, passed: a.passed, pending: Boolean(a.pending_manual) })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, exam } = await loadAssignedExam(args);
  await appointmentOf(args, exam, user.id, new Date());
  const result = await startAttempt(args.context.db, {
    examId: exam.id,
    userId: user.id,
    now: new Date(),
    seed: crypto.randomInt(0, 2 ** 31),
  });
  if (result.kind === "blocked") return { reasons: result.reasons };
  throw redirect(`/attempts/${result.attemptId}`);
}

export default function ExamStartPage() {
  const { exam, action: offer, openAttemptId, finished } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const navigation = useNavigation();
  const starting = navigation.state === "submitting";
  return (
    <>
      <p>
        <Link to="/">← 我的考试</Link>
      </p>
      <h1>{exam.title}</h1>
      <p className="muted">
        {exam.kind}
        {exam.period ? ` · ${exam.period}` : ""}
      </p>
      {exam.description ? <p>{exam.description}</p> : null}
      {exam.appointment ? (
        <p className="alert warning" data-testid="appointment-context">
          任前考试 · 拟任{exam.appointment.post} · <strong>{exam.appointment.openBook ? "开卷" : "闭卷"}</strong>
          {exam.appointment.makeup ? " · 本次为补考（重新抽题）" : ""}
        </p>
      ) : null}
      <section className="card">
        <h2>{exam.wording.rules}</h2>
        <dl className="facts">
          {exam.appointment ? (
            <>
              <dt>考试方式</dt>
              <dd>{exam.appointment.openBook ? "开卷" : "闭卷"}</dd>
            </>
          ) : null}
          <dt>时长</dt>
          <dd>{exam.durationMinutes === null ? "不限时" : `${exam.durationMinutes} 分钟`}</dd>
          <dt>题量</dt>
          <dd>{exam.questionTotal} 题</dd>
          <dt>满分</dt>
          <dd>{exam.maxScore} 分</dd>
          <dt>及格线</dt>
          <dd>
            {exam.passMark} 分{exam.sectionMinimums.length ? `，且 ${exam.sectionMinimums.join("，")}` : ""}
          </dd>
          <dt>次数</dt>
          <dd>
            {exam.attemptsAllowed === null ? "不限次数" : `共 ${exam.attemptsAllowed} 次，已用 ${exam.attemptsUsed} 次，取最高分`}
          </dd>
          <dt>开放时间</dt>
          <dd>
            {exam.opensAt} 至 {exam.closesAt}
          </dd>
          <dt>截止时间</dt>
          <dd>{exam.closesAt}</dd>
        </dl>
        <ul>
          {exam.sections.map((s) => (
            <li key={s}>{s}</li>
          ))}
          <li>{exam.multiple}</li>
          <li>{exam.review}</li>
          <li>
            答案随时自动保存；网络中断时答案保存在本机，恢复后自动提交。
            {exam.durationMinutes === null ? "不限时，开放期间可随时作答和提交。" : "到时未交卷的，系统按已保存的答案自动交卷。"}
          </li>
        </ul>
        {refused?.reasons.length ? (
          <div className="alert error" role="alert">
            {refused.reasons.map((r) => (
              <p key={r}>{r}</p>
            ))}
          </div>
        ) : null}
        {offer.action === "blocked" ? (
          <div className="alert warning" role="alert">
            {offer.reasons.map((r) => (
              <p key={r}>{r}</p>
            ))}
          </div>
        ) : offer.action === "continue" && openAttemptId ? (
          <Link className="button block" to={`/attempts/${openAttemptId}`}>
            {exam.wording.resume}
          </Link>
        ) : (
          <Form method="post">
            <button type="submit" className="button block" disabled={starting}>
              {starting ? "正在准备试卷…" : exam.wording.start}
            </button>
          </Form>
        )}
      </section>
      {finished.length > 0 ? (
        <section className="card">
          <h2>我的作答</h2>
          <ul className="exam-list">
            {finished.map((a, i) => (
              <li key={a.id}>
                <span>第 {i + 1} 次</span>
                <span>{a.pending ? "待阅卷" : `${a.score} / ${a.maxScore} 分 · ${a.passed ? "及格" : "不及格"}`}</span>
                <Link to={`/attempts/${a.id}/result`}>查看</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.exam.title ?? "考试"} · 考学` }];
