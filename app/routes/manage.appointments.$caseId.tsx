import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";

import { controlProps, Field } from "~/components/exams/form-field";
import { caseAgeDays, EXAM_MODE_LABELS } from "~/domain/appointments/board";
import { dateIn } from "~/domain/appointments/calendar";
import { isClosed, STATUS_LABELS, stateLabel, testLabel } from "~/domain/appointments/case-machine";
import { formatTalkers, TALKER_ROWS } from "~/domain/appointments/commitment";
import { describeRules } from "~/domain/appointments/rules";
import { ATTEMPT_STATUS_LABELS } from "~/domain/exam-labels";
import { getCommitmentText } from "~/models/appointment-settings.server";
import { caseAttempts } from "~/models/appointment-test.server";
import {
  acknowledgeNotice,
  type ChangeOutcome,
  decideCase,
  getCaseInScope,
  listCaseHistory,
  recordTalk,
  snapshotOf,
  syncCaseTest,
  talkersOf,
} from "~/models/appointments.server";
import { CaseActionSchema, CaseIdSchema, parseRules } from "~/schemas/appointments.server";
import { notFoundInScope, requireManager } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { formatDateTime, formatDateTimeSeconds } from "~/utils/time";
import { readFormData } from "~/utils/request.server";

async function loadCase({ request, context, params }: LoaderFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const id = CaseIdSchema.safeParse(params.caseId);
  const found = id.success ? await getCaseInScope(context.db, scope, id.data) : undefined;
  if (!found) return notFoundInScope(request, context, user);
  return { user, scope, found };
}

export async function loader(args: LoaderFunctionArgs) {
  const { found } = await loadCase(args);
  const { context } = args;
  const now = new Date();
  const synced = await syncCaseTest(context.db, found, now);
  const row = { ...found, ...synced };
  const snapshot = snapshotOf(row);
  const rules = parseRules(row.rules);
  const text = row.commitment_text_id ? await getCommitmentText(context.db, row.commitment_text_id) : undefined;
  const attempts = row.exam_id ? await caseAttempts(context.db, { examId: row.exam_id, cadreId: row.cadre_id, now }) : [];
  const history = await listCaseHistory(context.db, row.id);
  const tz = context.timeZone;
  return {
    id: row.id,
    cadre: { name: row.cadreName, employeeNo: row.employeeNo, orgName: row.orgName, birthDate: row.birthDate, id: row.cadre_id },
    post: row.post,
    documentNo: row.document_no,
    decidedOn: row.decided_on,
    organizerName: row.organizerName,
    closed: isClosed(row.status),
    status: STATUS_LABELS[row.status],
    state: stateLabel(snapshot),
    mode: row.open_book ? EXAM_MODE_LABELS.open : EXAM_MODE_LABELS.closed,
    days: caseAgeDays({ createdAt: row.created_at, closedAt: row.closed_at, now, timeZone: tz }),
    rules: describeRules(rules),
    notice: row.notice,
    commitment: row.commitment_signed_at
      ? {
          signedAt: formatDateTimeSeconds(row.commitment_signed_at, tz),
          name: row.commitment_signed_name,
          ip: row.commitment_ip,
          version: text ? `第 ${text.version} 版《${text.title}》` : "—",
        }
      : null,
    talk: row.talk_on ? { on: row.talk_on, by: formatTalkers(talkersOf(row)), summary: row.talk_summary ?? "" } : null,
    talkers: talkersOf(row),
    today: dateIn(now, tz),
    test: {
      label: testLabel(snapshot.test),
      examId: row.exam_id,
      reused: row.test_result === "reused",
      attempts: attempts.map((a) => ({
        id: a.id,
        no: a.attempt_no,
        status: ATTEMPT_STATUS_LABELS[a.status],
        score: a.status === "in_progress" ? null : a.score,
        maxScore: a.max_score,
        passed: a.passed === null ? null : Boolean(a.passed),
        pending: Boolean(a.pending_manual),
        finishedAt: a.finished_at ? formatDateTime(a.finished_at, tz) : null,
      })),
      makeupOpen: row.makeup_opened_at !== null && row.test_result === "pending",
    },
    history: history.map((h) => ({
      id: h.id,
      at: formatDateTimeSeconds(h.at, tz),
      who: h.actorName ? `${h.actorName}（${h.actorEmployeeNo}）` : "系统",
      note: h.note,
      reason: h.reason,
      change: h.from_status && h.from_status !== h.to_status ? `${STATUS_LABELS[h.from_status]} → ${STATUS_LABELS[h.to_status]}` : null,
    })),
  };
}

type ActionResult = { form: string; message: string; fieldErrors: Record<string, string> };

export async function action(args: ActionFunctionArgs) {
  const { user, scope, found } = await loadCase(args);
  const { request, context } = args;
  const parsed = parseForm(await readFormData(request), CaseActionSchema);
  if (!parsed.ok) {
    return data<ActionResult>({ form: "form", message: Object.values(parsed.fieldErrors)[0] ?? "请求无效", fieldErrors: parsed.fieldErrors }, { status: 400 });
  }
  const actor = { actorId: user.id, ip: context.clientAddress, now: new Date(), timeZone: context.timeZone, caseId: found.id };
  const input = parsed.data;
  let outcome: ChangeOutcome;
  let done: string;
  switch (input.intent) {
    case "talk":
      outcome = await recordTalk(context.db, scope, { ...actor, talkOn: input.talkOn, talkers: input.talkers, summary: input.summary });
      done = "talk";
      break;
    case "defer":
    case "cancel":
      outcome = await decideCase(context.db, scope, { ...actor, decision: input.intent, reason: input.reason });
      done = input.intent;
      break;
    case "acknowledge":
      outcome = await acknowledgeNotice(context.db, scope, actor);
      done = "acknowledge";
      break;
  }
  if (outcome.kind === "not_found") return notFoundInScope(request, context, user);
  if (outcome.kind === "refused") {
    return data<ActionResult>({ form: input.intent, message: outcome.message, fieldErrors: outcome.field ? { [outcome.field]: outcome.message } : {} }, { status: 409 });
  }
  throw redirect(`/manage/appointments/${found.id}?done=${done}`);
}

const DONE_TEXT: Record<string, string> = {
  talk: "谈话记录已保存。",
  defer: "已暂缓任用。",
  cancel: "已取消该任前事项。",
  acknowledge: "已确认知悉。",
};

export default function AppointmentCasePage() {
  const c = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result?.fieldErrors ?? {};
  const done = params.get("done");
  return (
    <>
      <p>
        <Link to="/manage/appointments">← 任前事项</Link>
      </p>
      <h1>
        {c.cadre.name} · 拟任{c.post}
      </h1>
      <p className="muted">
        {c.cadre.employeeNo} · {c.cadre.orgName} · {c.decidedOn} 决定{c.documentNo ? ` · ${c.documentNo}` : ""} · 负责人 {c.organizerName}
      </p>
      {params.get("created") ? (
        <p className="alert success" role="status">
          任前事项已建立{c.test.examId ? "，任前考试已安排给该干部" : ""}。干部登录后可在首页签署承诺书{c.test.examId ? "、参加考试" : ""}。
        </p>
      ) : null}
      {done && DONE_TEXT[done] ? (
        <p className="alert success" role="status">
          {DONE_TEXT[done]}
        </p>
      ) : null}
      {result?.message ? (
        <p className="alert error" role="alert">
          {result.message}
        </p>
      ) : null}
      {c.notice ? (
        <div className="alert warning" role="alert">
          <p>{c.notice}</p>
          <Form method="post">
            <button type="submit" name="intent" value="acknowledge" className="button secondary">
              已知悉
            </button>
          </Form>
        </div>
      ) : null}

      <section className="card" aria-labelledby="state-title">
        <h2 id="state-title">状态</h2>
        <p>
          <span className={`badge ${c.status === "已完成" ? "green" : c.closed ? "red" : "amber"}`} data-testid="case-state">
            {c.state}
          </span>{" "}
          <span className="muted">第 {c.days} 天</span>
        </p>
        <dl className="facts">
          <dt>承诺</dt>
          <dd>{c.commitment ? `已签署 ${c.commitment.signedAt}` : "待签署"}</dd>
          <dt>谈话</dt>
          <dd>{c.talk ? `已谈话 ${c.talk.on}` : "待谈话"}</dd>
          <dt>考试</dt>
          <dd>
            {c.test.label} · {c.mode}
          </dd>
        </dl>
        <ul className="muted">
          {c.rules.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </section>

      <div className="grid cols-2">
        <section className="card" aria-labelledby="commitment-title">
          <h2 id="commitment-title">任前廉政承诺</h2>
          {c.commitment ? (
            <>
              <dl className="facts">
                <dt>签署人</dt>
                <dd>{c.commitment.name}</dd>
                <dt>签署时间</dt>
                <dd>{c.commitment.signedAt}</dd>
                <dt>签署地址</dt>
                <dd>{c.commitment.ip ?? "—"}</dd>
                <dt>文本版本</dt>
                <dd>{c.commitment.version}</dd>
              </dl>
              <p>
                <Link to={`/appointments/${c.id}/commitment/print`}>打印承诺书（A4）</Link>
              </p>
            </>
          ) : (
            <p>待干部本人登录后在首页阅读并签署。</p>
          )}
        </section>

        <section className="card" aria-labelledby="test-title">
          <h2 id="test-title">任前考试</h2>
          <p>
            {c.test.label} · {c.mode}
            {c.test.makeupOpen ? "（已开放补考）" : ""}
          </p>
          {c.test.examId ? (
            <p>
              <Link to={`/manage/exams/${c.test.examId}`}>考试详情</Link> · <Link to={`/manage/exams/${c.test.examId}/report`}>成绩报表</Link>
            </p>
          ) : null}
          {c.test.attempts.length > 0 ? (
            <ul className="exam-list">
              {c.test.attempts.map((a) => (
                <li key={a.id}>
                  <span>{a.no === 1 ? "首次考试" : "补考"}</span>
                  <span>
                    {a.status === "作答中" ? "作答中" : a.pending ? "待阅卷" : `${a.score} / ${a.maxScore} 分 · ${a.passed ? "通过" : "未通过"}`}
                    {a.finishedAt ? ` · ${a.finishedAt}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          ) : c.test.examId ? (
            <p className="muted">干部尚未参加考试。</p>
          ) : null}
        </section>
      </div>

      <section className="card" aria-labelledby="talk-title">
        <h2 id="talk-title">任前谈话</h2>
        {c.talk ? (
          <dl className="facts">
            <dt>谈话日期</dt>
            <dd>{c.talk.on}</dd>
            <dt>谈话人</dt>
            <dd>{c.talk.by}</dd>
            <dt>谈话摘要</dt>
            <dd className="bank-text">{c.talk.summary}</dd>
          </dl>
        ) : null}
        {!c.closed ? (
          <Form method="post" aria-label="记录任前谈话">
            <input type="hidden" name="intent" value="talk" />
            {c.talk ? <h3>更正谈话记录</h3> : null}
            <Field name="talkOn" label="谈话日期" error={errors.talkOn}>
              <input type="date" {...controlProps("talkOn", errors.talkOn)} defaultValue={c.talk?.on ?? c.today} max={c.today} required />
            </Field>
            <fieldset className="field">
              <legend className="label">谈话人（姓名、职务）</legend>
              {Array.from({ length: TALKER_ROWS }, (_, i) => (
                <div key={i} className="form-grid talker-row">
                  <input type="text" name={`talkers.${i}.name`} aria-label={`谈话人${i + 1}姓名`} placeholder="姓名" defaultValue={c.talkers[i]?.name ?? ""} maxLength={20} />
                  <input type="text" name={`talkers.${i}.post`} aria-label={`谈话人${i + 1}职务`} placeholder="职务" defaultValue={c.talkers[i]?.post ?? ""} maxLength={40} />
                  {errors[`talkers.${i}.name`] ? <p className="field-error">{errors[`talkers.${i}.name`]}</p> : null}
                </div>
              ))}
            </fieldset>
            <Field name="summary" label="谈话摘要" error={errors.summary}>
              <textarea {...controlProps("summary", errors.summary)} rows={5} maxLength={2000} defaultValue={c.talk?.summary ?? ""} required />
            </Field>
            <button type="submit" className="button block">
              保存谈话记录
            </button>
          </Form>
        ) : null}
      </section>

      {!c.closed ? (
        <section className="card" aria-labelledby="decide-title">
          <h2 id="decide-title">暂缓或取消</h2>
          <Form method="post">
            <Field name="reason" label="原因（记入事项记录）" error={errors.reason}>
              <input type="text" {...controlProps("reason", errors.reason)} maxLength={200} />
            </Field>
            <div className="actions">
              <button type="submit" name="intent" value="defer" className="button secondary">
                暂缓任用
              </button>
              <button type="submit" name="intent" value="cancel" className="button danger">
                取消事项
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">事项记录</h2>
        <div className="table-wrap">
          <table className="stack" aria-label="事项记录">
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">操作人</th>
                <th scope="col">内容</th>
                <th scope="col">原因</th>
                <th scope="col">状态变化</th>
              </tr>
            </thead>
            <tbody>
              {c.history.map((h) => (
                <tr key={h.id}>
                  <td data-label="时间">{h.at}</td>
                  <td data-label="操作人">{h.who}</td>
                  <td className="wrap" data-label="内容">{h.note}</td>
                  <td className="wrap" data-label="原因">{h.reason ?? "—"}</td>
                  <td data-label="状态变化">{h.change ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.cadre.name ?? "任前事项"} · 任前事项 · 考学` }];
