import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";

import { readFormData } from "~/utils/request.server";
import { ExamAdjustments } from "~/components/exams/exam-adjustments";
import { EXAM_KIND_LABELS, MULTIPLE_POLICY_LABELS } from "~/domain/exam-labels";
import { EXAM_PHASE_LABELS, examPhase } from "~/domain/exams/exam-phase";
import { paperTotals } from "~/domain/exams/exam-form";
import { QUESTION_TYPE_LABELS } from "~/domain/exams/question-type-labels";
import { REVIEW_POLICY_LABELS } from "~/domain/review-policy";
import { addToAudience, endOpenAttempt, grantExtraTime, grantMakeup, listAdjustments, reopenAttempt } from "~/models/exam-adjustments.server";
import { bankChoices } from "~/models/exam-editor.server";
import { audienceSizeOf, closeExamInScope, copyExamToNextQuarter, deleteDraftExam, publishExamInScope, publishPreview } from "~/models/exam-management.server";
import { getExamInScope, parsePaperSpec } from "~/models/exams.server";
import { getOrg } from "~/models/orgs.server";
import { ExamActionSchema } from "~/schemas/exam-actions.server";
import { notFoundInScope, requireManager } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { idParam } from "~/utils/params.server";
import { formatDateTime } from "~/utils/time";

async function loadExam({ request, context, params }: LoaderFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const examId = idParam(params.examId);
  const exam = examId ? await getExamInScope(context.db, scope, examId) : undefined;
  if (!exam) return notFoundInScope(request, context, user);
  return { user, scope, exam };
}

export async function loader(args: LoaderFunctionArgs) {
  const { scope, exam } = await loadExam(args);
  const { context, request } = args;
  // 发布 asks once, saying how many cadres it will assign (and why it cannot, if so).
  const confirming = new URL(request.url).searchParams.get("confirm");
  const publishCheck = confirming === "publish" && exam.status === "draft" ? await publishPreview(context.db, scope, exam.id) : null;
  const spec = parsePaperSpec(exam);
  const totals = paperTotals(spec);
  const owner = await getOrg(context.db, exam.owner_org_id);
  const bankTitles = new Map((await bankChoices(context.db)).map((b) => [b.slug, b.title]));
  const phase = examPhase({ status: exam.status, opensAt: new Date(exam.opens_at), closesAt: new Date(exam.closes_at) }, new Date());
  return {
    exam: {
      id: exam.id,
      title: exam.title,
      status: exam.status,
      phase,
      phaseLabel: EXAM_PHASE_LABELS[phase],
      kind: EXAM_KIND_LABELS[exam.kind],
      period: exam.period,
      description: exam.description,
      ownerName: owner?.name ?? "—",
      opensAt: formatDateTime(exam.opens_at, context.timeZone),
      closesAt: formatDateTime(exam.closes_at, context.timeZone),
      duration: exam.duration_minutes === null ? "不限时" : `${exam.duration_minutes} 分钟`,
      passMark: exam.pass_mark,
      attempts: exam.attempts_allowed === null ? "不限" : `${exam.attempts_allowed} 次`,
      review: REVIEW_POLICY_LABELS[exam.review_policy],
      multiple: MULTIPLE_POLICY_LABELS[exam.multiple_policy],
      questions: totals.questions,
      totalScore: totals.score,
      sections: spec.sections.map((s) => ({
        title: s.title,
        type: QUESTION_TYPE_LABELS[s.type],
        count: s.count,
        points: s.points,
        source: s.source.kind === "draw" ? s.source.banks.map((b) => `${bankTitles.get(b.slug) ?? b.slug} 第 ${b.version} 版`).join("、") : `指定 ${s.source.questions.length} 题`,
      })),
    },
    audienceSize: await audienceSizeOf(context.db, exam),
    publishCheck: publishCheck ? { audienceSize: publishCheck.audienceSize, problems: publishCheck.problems } : null,
    adjustments: exam.status === "draft" ? [] : await listAdjustments(context.db, exam.id),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, scope, exam } = await loadExam(args);
  const { request, context } = args;
  const formData = await readFormData(request);
  const parsed = parseForm(formData, ExamActionSchema);
  if (!parsed.ok) {
    // A field error goes back to its own form (延时, 补考, …), next to the field.
    const intent = String(formData.get("intent") ?? "");
    const form = ["extend", "makeup", "end-attempt", "add-cadre"].includes(intent) ? intent : null;
    return data({ form, message: Object.values(parsed.fieldErrors)[0] ?? "请求无效", fieldErrors: parsed.fieldErrors, problems: [] as string[], done: false }, { status: 400 });
  }
  const actor = { actorId: user.id, ip: context.clientAddress, now: new Date() };
  const input = parsed.data;
  switch (input.intent) {
    case "publish": {
      const result = await publishExamInScope(context.db, scope, { ...actor, examId: exam.id });
      if (result.kind === "not_found") return notFoundInScope(request, context, user);
      if (result.kind === "published") return redirect(`/manage/exams/${exam.id}?published=1`);
      return data({ form: "publish", message: "未能发布", fieldErrors: {}, problems: result.problems, done: false }, { status: 422 });
    }
    case "delete": {
      const result = await deleteDraftExam(context.db, scope, { ...actor, examId: exam.id });
      if (result.kind === "not_found") return notFoundInScope(request, context, user);
      if (result.kind === "refused") return data({ form: "delete", message: result.message, fieldErrors: {}, problems: [], done: false }, { status: 409 });
      return redirect(`/manage/exams?deleted=${encodeURIComponent(exam.title)}`);
    }
    case "close": {
      const result = await closeExamInScope(context.db, scope, { ...actor, examId: exam.id });
      if (result.kind === "not_found") return notFoundInScope(request, context, user);
      if (result.kind === "refused") return data({ form: "close", message: result.message, fieldErrors: {}, problems: [], done: false }, { status: 409 });
      return redirect(`/manage/exams/${exam.id}?closed=1`);
    }
    case "copy": {
      const result = await copyExamToNextQuarter(context.db, scope, { ...actor, examId: exam.id, timeZone: context.timeZone });
      if (result.kind === "not_found") return notFoundInScope(request, context, user);
      return redirect(`/manage/exams/${result.examId}/edit?copied=1`);
    }
    case "extend":
    case "makeup":
    case "end-attempt":
    case "reopen":
    case "add-cadre": {
      const common = { ...actor, examId: exam.id, employeeNo: input.employeeNo, reason: input.reason };
      const result =
        input.intent === "extend"
          ? await grantExtraTime(context.db, scope, { ...common, minutes: input.minutes })
          : input.intent === "makeup"
            ? await grantMakeup(context.db, scope, common)
            : input.intent === "add-cadre"
              ? await addToAudience(context.db, scope, common)
              : input.intent === "reopen"
                ? await reopenAttempt(context.db, scope, { ...common, minutes: input.minutes })
                : await endOpenAttempt(context.db, scope, common);
      if (result.kind === "not_found") return notFoundInScope(request, context, user);
      if (result.kind === "refused") {
        const fieldErrors: Record<string, string> = result.field ? { [result.field]: result.message } : {};
        return data({ form: input.intent, message: result.message, fieldErrors, problems: [], done: false }, { status: 400 });
      }
      return { form: input.intent, message: result.message, fieldErrors: {}, problems: [], done: true };
    }
  }
}

export default function ExamPage() {
  const { exam, audienceSize, adjustments, publishCheck } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const confirmClose = params.get("confirm") === "close" && exam.status === "published";
  const confirmDelete = params.get("confirm") === "delete" && exam.status === "draft";
  const badge = { draft: "", published: "amber", running: "green", ended: "red" }[exam.phase];
  return (
    <>
      <p>
        <Link to="/manage/exams">← 考试管理</Link>
      </p>
      <h1>
        {exam.title} <span className={`badge ${badge}`}>{exam.phaseLabel}</span>
      </h1>
      {params.get("published") ? (
        <p className="alert success" role="status">
          考试已发布，共 {audienceSize} 人参考。
        </p>
      ) : null}
      {params.get("closed") ? (
        <p className="alert success" role="status">
          考试已提前结束。
        </p>
      ) : null}
      {result && !result.done && (result.form === "publish" || result.form === "close" || result.form === "delete" || result.form === null) ? (
        <div className="alert error" role="alert">
          <p>{result.message}</p>
          {result.problems.length > 0 ? (
            <ul>
              {result.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
          {result.form === "publish" ? <Link to={`/manage/exams/${exam.id}/edit`}>去修改试卷与参考人员</Link> : null}
        </div>
      ) : null}
      <div className="actions">
        {exam.status === "draft" ? (
          <>
            <Link className="button secondary" to={`/manage/exams/${exam.id}/edit`}>
              编辑
            </Link>
            {publishCheck ? null : (
              <Link className="button" to="?confirm=publish">
                发布
              </Link>
            )}
            {confirmDelete ? null : (
              <Link className="button danger" to="?confirm=delete">
                删除草稿
              </Link>
            )}
          </>
        ) : (
          <>
            <Link className="button secondary" to={`/manage/exams/${exam.id}/live`}>
              实时情况
            </Link>
            <Link className="button secondary" to={`/manage/exams/${exam.id}/report`}>
              成绩报表
            </Link>
            <Link className="button secondary" to={`/manage/exams/${exam.id}/edit`}>
              查看设置
            </Link>
          </>
        )}
        <Form method="post">
          <button type="submit" name="intent" value="copy" className="button secondary">
            复制到下一季度
          </button>
        </Form>
        {exam.status === "published" && !confirmClose ? (
          <Link className="button danger" to="?confirm=close">
            提前结束
          </Link>
        ) : null}
      </div>
      {publishCheck ? (
        <section className="card" role="alertdialog" aria-labelledby="confirm-publish">
          {publishCheck.problems.length === 0 ? (
            <>
              <h2 id="confirm-publish">确定发布本考试？</h2>
              <p data-testid="publish-count">
                发布后将有 <strong>{publishCheck.audienceSize}</strong> 人参考（按当前的组织和条件；考试进行中调入的干部会自动加入）。发布后试卷和设置不能再修改。
              </p>
              <Form method="post" className="actions">
                <input type="hidden" name="confirm" value="yes" />
                <button type="submit" name="intent" value="publish" className="button">
                  确认发布
                </button>
                <Link className="button secondary" to=".">
                  取消
                </Link>
              </Form>
            </>
          ) : (
            <>
              <h2 id="confirm-publish">暂时不能发布</h2>
              <ul>
                {publishCheck.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
              <Link to={`/manage/exams/${exam.id}/edit`}>去修改试卷与参考人员</Link>
            </>
          )}
        </section>
      ) : null}
      {confirmDelete ? (
        <section className="card" role="alertdialog" aria-labelledby="confirm-delete">
          <h2 id="confirm-delete">确定删除这份草稿？</h2>
          <p>草稿删除后不能恢复（删除记入审计日志）。已发布的考试不能删除。</p>
          <Form method="post" className="actions">
            <input type="hidden" name="confirm" value="yes" />
            <button type="submit" name="intent" value="delete" className="button danger">
              确认删除
            </button>
            <Link className="button secondary" to=".">
              取消
            </Link>
          </Form>
        </section>
      ) : null}
      {confirmClose ? (
        <section className="card" role="alertdialog" aria-labelledby="confirm-close">
          <h2 id="confirm-close">确定提前结束本考试？</h2>
          <p>结束后干部不能再开始或继续作答，已开始的作答按已保存的答案评分。此操作不能撤销，将记入审计日志。</p>
          <Form method="post" className="actions">
            <input type="hidden" name="confirm" value="yes" />
            <button type="submit" name="intent" value="close" className="button danger">
              确认结束
            </button>
            <Link className="button secondary" to=".">
              取消
            </Link>
          </Form>
        </section>
      ) : null}
      <div className="grid cols-2">
        <section className="card" aria-label="考试设置">
          <dl className="facts">
            <dt>类型</dt>
            <dd>{exam.kind}</dd>
            <dt>期次</dt>
            <dd>{exam.period ?? "—"}</dd>
            <dt>所属组织</dt>
            <dd>{exam.ownerName}</dd>
            <dt>开始</dt>
            <dd>{exam.opensAt}</dd>
            <dt>截止</dt>
            <dd>{exam.closesAt}</dd>
            <dt>时长</dt>
            <dd>{exam.duration}</dd>
            <dt>及格</dt>
            <dd>
              {exam.passMark} 分（满分 {exam.totalScore}）
            </dd>
            <dt>作答次数</dt>
            <dd>{exam.attempts}</dd>
            <dt>答案公布</dt>
            <dd>{exam.review}</dd>
            <dt>多选计分</dt>
            <dd>{exam.multiple}</dd>
            <dt>参考人数</dt>
            <dd data-testid="audience-size">{audienceSize} 人</dd>
          </dl>
          {exam.description ? <p className="muted">{exam.description}</p> : null}
        </section>
        <section className="card" aria-labelledby="paper-summary">
          <h2 id="paper-summary">
            试卷：{exam.questions} 题，{exam.totalScore} 分
          </h2>
          <ol className="exam-sections">
            {exam.sections.map((s, i) => (
              <li key={i}>
                <strong>{s.title}</strong>：{s.type} {s.count} 题 × {s.points} 分
                <br />
                <span className="muted">{s.source}</span>
              </li>
            ))}
          </ol>
        </section>
      </div>
      {exam.status !== "draft" ? (
        <ExamAdjustments
          closed={exam.status === "closed"}
          adjustments={adjustments}
          result={result?.form === "extend" || result?.form === "makeup" || result?.form === "end-attempt" || result?.form === "add-cadre" || result?.form === "reopen" ? result : null}
        />
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.exam.title ?? "考试"} · 考学` }];
