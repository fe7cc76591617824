import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";

import { StateChart } from "~/components/reports/state-chart";
import { Pager } from "~/components/ui/pager";

import { EXAM_KIND_LABELS, formatDuration } from "~/domain/exam-labels";
import { examWindowState } from "~/domain/exams/attempt-time";
import type { LiveState } from "~/domain/live-state";
import { liveChartBars } from "~/domain/live-chart";
import { examLiveView } from "~/models/live-view.server";
import { LiveFilterSchema } from "~/schemas/live.server";
import { subtreeLabel } from "~/models/report-scope.server";
import { parseSearch } from "~/utils/forms";
import { requireReportExam } from "~/utils/report-access.server";
import { formatDateTime } from "~/utils/time";

const STATE_LABELS: Record<LiveState, string> = { not_started: "未开始", in_progress: "作答中", submitted: "已交卷" };

/** Cadres per page of the live view (a bureau's exam has thousands). */
const LIVE_PAGE_SIZE = 50;

export async function loader(args: LoaderFunctionArgs) {
  // An exam owned above a branch organizer shows only the cadres of their subtree.
  const { exam, view } = await requireReportExam(args);
  const { request, context } = args;
  const { orgId, state, q = "", page } = parseSearch(new URL(request.url), LiveFilterSchema) ?? { page: 1 };
  const live = await examLiveView(context.db, exam.id, view.subtree);
  const shown = live.cadres.filter(
    (c) =>
      (!orgId || c.orgId === orgId) &&
      (!state || c.state === state || (state === "passed" && c.best?.passed === true) || (state === "pending" && c.best?.pending === true)) &&
      (!q || c.name.includes(q) || c.employeeNo.includes(q.toUpperCase())),
  );
  const now = new Date();
  return {
    exam: {
      id: exam.id,
      title: exam.title,
      kind: EXAM_KIND_LABELS[exam.kind],
      closesAt: formatDateTime(exam.closes_at, context.timeZone),
      running: exam.status === "published" && examWindowState(now, new Date(exam.opens_at), new Date(exam.closes_at)) === "open",
    },
    scope: { label: subtreeLabel(view), partial: view.partial },
    counts: live.counts,
    chart: liveChartBars(live.counts),
    byOrg: live.byOrg,
    page,
    hasMore: shown.length > page * LIVE_PAGE_SIZE,
    cadres: shown.slice((page - 1) * LIVE_PAGE_SIZE, page * LIVE_PAGE_SIZE).map((c) => ({
      userId: c.userId,
      employeeNo: c.employeeNo,
      name: c.name,
      orgName: c.orgName,
      state: STATE_LABELS[c.state],
      score: c.best ? (c.best.pending ? "待阅卷" : String(c.best.score)) : "—",
      passed: c.best?.passed ?? null,
      timeUsed: c.best?.timeUsedSeconds != null ? formatDuration(c.best.timeUsedSeconds) : "—",
      leftPage: c.leftPage,
    })),
    shownTotal: shown.length,
    updatedAt: formatDateTime(now.toISOString(), context.timeZone) + `:${String(now.getSeconds()).padStart(2, "0")}`,
  };
}

/** Refreshes the figures every 15 seconds while the exam runs and the page is in view. */
function useAutoRefresh(enabled: boolean) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, 15_000);
    return () => clearInterval(timer);
  }, [enabled, revalidator]);
}

export default function ExamLivePage() {
  const { exam, scope, counts, chart, byOrg, cadres, shownTotal, updatedAt, page, hasMore } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  useAutoRefresh(exam.running);
  const stat = (label: string, value: number, testId: string) => (
    <div className="stat">
      <span className="stat-value" data-testid={testId}>
        {value}
      </span>
      <span className="stat-label">{label}</span>
    </div>
  );
  return (
    <>
      <p>
        <Link to="/manage/exams">← 考试管理</Link>
      </p>
      <h1>{exam.title}</h1>
      <p className="muted">
        {exam.kind} · 截止 {exam.closesAt} · {exam.running ? "进行中，每 15 秒自动刷新" : "未在进行"} · 更新于 {updatedAt}{" "}
        <Link to=".">刷新</Link>
      </p>
      <p className="muted" data-testid="report-scope">
        统计范围：{scope.label}
        {scope.partial ? "（上级组织举办的考试，只显示您管理范围内的参考人员）" : ""}
      </p>
      <div className="actions">
        {scope.partial ? null : (
          <Link className="button secondary" to={`/manage/exams/${exam.id}/grading`}>
            阅卷{counts.pendingGrading > 0 ? `（${counts.pendingGrading} 份待阅）` : ""}
          </Link>
        )}
        <Link className="button secondary" to={`/manage/exams/${exam.id}/report`}>
          成绩报表
        </Link>
      </div>
      <section className="card stats" aria-label="参考情况">
        {stat("应考", counts.assigned, "live-assigned")}
        {stat("未开始", counts.notStarted, "live-not-started")}
        {stat("作答中", counts.inProgress, "live-in-progress")}
        {stat("已交卷", counts.submitted, "live-submitted")}
        {stat("及格", counts.passed, "live-passed")}
      </section>
      <section className="card" aria-labelledby="chart-title">
        <h2 id="chart-title">参考情况图</h2>
        <StateChart bars={chart} assigned={counts.assigned} />
      </section>
      <h2>按组织</h2>
      <div className="table-wrap">
        <table className="stack" aria-label="按组织">
          <thead>
            <tr>
              <th>组织</th>
              <th>应考</th>
              <th>未开始</th>
              <th>作答中</th>
              <th>已交卷</th>
              <th>及格</th>
            </tr>
          </thead>
          <tbody>
            {byOrg.map((o) => (
              <tr key={o.orgId}>
                <td data-label="组织">
                  <Link to={`?orgId=${o.orgId}`}>{o.orgName}</Link>
                </td>
                <td data-label="应考">{o.assigned}</td>
                <td data-label="未开始">{o.notStarted}</td>
                <td data-label="作答中">{o.inProgress}</td>
                <td data-label="已交卷">{o.submitted}</td>
                <td data-label="及格">{o.passed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>干部</h2>
      <Form method="get" className="card filters">
        <div>
          <label htmlFor="q">姓名或工号</label>
          <input id="q" name="q" type="search" defaultValue={params.get("q") ?? ""} />
        </div>
        <div>
          <label htmlFor="state">状态</label>
          <select id="state" name="state" defaultValue={params.get("state") ?? ""}>
            <option value="">全部</option>
            <option value="not_started">未开始</option>
            <option value="in_progress">作答中</option>
            <option value="submitted">已交卷</option>
            <option value="passed">及格</option>
            <option value="pending">待阅卷</option>
          </select>
        </div>
        {params.get("orgId") ? <input type="hidden" name="orgId" value={params.get("orgId") ?? ""} /> : null}
        <button type="submit" className="button">
          筛选
        </button>
      </Form>
      <p className="muted">
        共 {shownTotal} 人{shownTotal > cadres.length ? `，每页 ${LIVE_PAGE_SIZE} 人` : ""}
      </p>
      <div className="table-wrap">
        <table aria-label="干部作答情况" className="stack">
          <thead>
            <tr>
              <th>工号</th>
              <th>姓名</th>
              <th>单位</th>
              <th>状态</th>
              <th>得分</th>
              <th>用时</th>
              <th>切屏</th>
            </tr>
          </thead>
          <tbody>
            {cadres.map((c) => (
              <tr key={c.userId}>
                <td data-label="工号">{c.employeeNo}</td>
                <td data-label="姓名">{c.name}</td>
                <td data-label="单位">{c.orgName}</td>
                <td data-label="状态" data-testid="live-state">
                  {c.state}
                </td>
                <td data-label="得分" data-testid="live-score">
                  {c.score}
                  {c.passed === true ? <span className="badge green"> 及格</span> : c.passed === false ? <span className="badge red"> 不及格</span> : ""}
                </td>
                <td data-label="用时">{c.timeUsed}</td>
                <td data-label="切屏">{c.leftPage}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} hasMore={hasMore} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "考试实况 · 考学" }];
