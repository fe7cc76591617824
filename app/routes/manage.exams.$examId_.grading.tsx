import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";

import { readFormData } from "~/utils/request.server";
import { getExamInScope } from "~/models/exams.server";
import { GradeError, gradeHistory, listGradingItems, saveManualGrade } from "~/models/grading.server";
import { banksOfExam } from "~/models/answer-exposure.server";
import { notFoundInScope, requireManager, requireNoOpenAttemptOn } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { idParam } from "~/utils/params.server";
import { formatDateTime } from "~/utils/time";
import { GradeSchema } from "~/schemas/grading.server";

async function loadExam(args: LoaderFunctionArgs) {
  const { request, context, params } = args;
  const { user, scope } = await requireManager(request, context);
  const examId = idParam(params.examId);
  const exam = examId ? await getExamInScope(context.db, scope, examId) : undefined;
  if (!exam) return notFoundInScope(request, context, user);
  await requireNoOpenAttemptOn(request, context, user, banksOfExam(exam));
  return { user, exam };
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, exam } = await loadExam(args);
  const { request, context } = args;
  const url = new URL(request.url);
  const showNames = url.searchParams.get("names") === "1";
  const items = await listGradingItems(context.db, exam.id, { graderId: user.id });
  const key = url.searchParams.get("item");
  const current = items.find((i) => `${i.attemptId}:${i.ref}` === key) ?? items.find((i) => i.current === null) ?? null;
  const history = current ? await gradeHistory(context.db, { attemptId: current.attemptId, ref: current.ref }) : [];
  // Names stay hidden unless asked for, so grading is blind by default.
  const who = (i: (typeof items)[number], index: number) => (showNames ? `${i.cadre.name}（${i.cadre.employeeNo}，${i.cadre.orgName}）` : `答卷 ${index + 1}`);
  return {
    exam: { id: exam.id, title: exam.title },
    showNames,
    pendingCount: items.filter((i) => i.current === null).length,
    items: items.map((i, index) => ({ key: `${i.attemptId}:${i.ref}`, who: who(i, index), number: i.number, graded: i.current !== null, points: i.current?.points ?? null, maxPoints: i.maxPoints })),
    current: current
      ? {
          key: `${current.attemptId}:${current.ref}`,
          attemptId: current.attemptId,
          ref: current.ref,
          who: who(current, items.indexOf(current)),
          number: current.number,
          stem: current.stem,
          referenceAnswer: current.referenceAnswer,
          keywords: current.keywords,
          answer: current.answer,
          maxPoints: current.maxPoints,
          points: current.current?.points ?? null,
          comment: current.current?.comment ?? "",
        }
      : null,
    history: history.map((h) => ({ id: h.id, points: h.points, comment: h.comment, reason: h.reason, grader: h.graderName, at: formatDateTime(h.graded_at, context.timeZone) })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, exam } = await loadExam(args);
  const { request, context } = args;
  const form = parseForm(await readFormData(request), GradeSchema);
  if (!form.ok) return data({ fieldErrors: form.fieldErrors }, { status: 400 });
  try {
    await saveManualGrade(context.db, {
      examId: exam.id,
      attemptId: form.data.attemptId,
      ref: form.data.ref,
      points: form.data.points,
      comment: form.data.comment ?? null,
      reason: form.data.reason ?? null,
      actorId: user.id,
      ip: context.clientAddress,
      now: new Date(),
    });
  } catch (error) {
    if (error instanceof GradeError) return data({ fieldErrors: { [error.field]: error.message } as Record<string, string> }, { status: 400 });
    throw error;
  }
  const url = new URL(request.url);
  url.searchParams.delete("item");
  throw redirect(`${url.pathname}?${url.searchParams}`);
}

export default function GradingPage() {
  const { exam, showNames, pendingCount, items, current, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.fieldErrors ?? {};
  const [params] = useSearchParams();
  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    return `?${next}`;
  };
  return (
    <>
      <p>
        <Link to={`/manage/exams/${exam.id}/live`}>← {exam.title}</Link>
      </p>
      <h1>阅卷</h1>
      <p className="muted">
        待阅 {pendingCount} 份，共 {items.length} 份简答题答卷。{" "}
        <Link to={withParams({ names: showNames ? null : "1" })}>{showNames ? "隐藏姓名" : "显示姓名"}</Link>
      </p>
      {current ? (
        <section className="card" aria-label="当前答卷">
          <h2>
            {current.who} · 第 {current.number} 题（{current.maxPoints} 分）
          </h2>
          <p>{current.stem}</p>
          <h3>参考答案</h3>
          <p className="muted">{current.referenceAnswer}</p>
          {current.keywords.length ? <p className="muted">评分要点：{current.keywords.join("、")}</p> : null}
          <h3>考生作答</h3>
          <p className="grading-answer" data-testid="essay-answer">
            {current.answer}
          </p>
          {/* noValidate: an out-of-range score gets the app's own Chinese message from the server, not the browser's pop-up. */}
          <Form method="post" key={current.key} noValidate>
            <input type="hidden" name="attemptId" value={current.attemptId} />
            <input type="hidden" name="ref" value={current.ref} />
            <label htmlFor="points">得分（0–{current.maxPoints}）</label>
            <input id="points" name="points" type="number" min={0} max={current.maxPoints} step="0.5" defaultValue={current.points ?? ""} inputMode="decimal" />
            {errors.points ? <p className="field-error">{errors.points}</p> : null}
            <label htmlFor="comment">评语</label>
            <textarea id="comment" name="comment" rows={2} defaultValue={current.comment} />
            {current.points !== null ? (
              <>
                <label htmlFor="reason">修改原因（必填）</label>
                <input id="reason" name="reason" type="text" />
              </>
            ) : null}
            {errors.reason ? <p className="field-error">{errors.reason}</p> : null}
            {errors.form ? <p className="alert error">{errors.form}</p> : null}
            <button type="submit" className="button block">
              {current.points !== null ? "修改评分" : "保存评分"}
            </button>
          </Form>
          {history.length > 0 ? (
            <>
              <h3>评分记录</h3>
              <ul>
                {history.map((h) => (
                  <li key={h.id}>
                    {h.at} {h.grader} 评 {h.points} 分{h.reason ? `（原因：${h.reason}）` : ""}
                    {h.comment ? ` · ${h.comment}` : ""}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : (
        <p className="alert success">没有待阅的答卷。</p>
      )}
      <h2>全部答卷</h2>
      <ul className="exam-list">
        {items.map((i) => (
          <li key={i.key}>
            <Link to={withParams({ item: i.key })}>
              {i.who} · 第 {i.number} 题
            </Link>
            <span className={`badge ${i.graded ? "green" : "amber"}`}>{i.graded ? `${i.points} / ${i.maxPoints} 分` : "待阅"}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "阅卷 · 考学" }];
