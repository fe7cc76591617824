import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { RecordSections } from "~/components/record/record-sections";
import { TrendBars } from "~/components/reports/trend-bars";
import { EXAM_KIND_LABELS } from "~/domain/exam-labels";
import { trendByPeriod } from "~/domain/score-trend";
import { finalizeExpiredAttemptsOf } from "~/models/attempt-finalize.server";
import { listHistory } from "~/models/attempts.server";
import { loadCadreRecord } from "~/models/cadre-record.server";
import { ReportViewSchema } from "~/schemas/reports.server";
import styles from "~/styles/reports.css";
import { requireUser } from "~/utils/auth.server";
import { parseSearch } from "~/utils/forms";
import { formatDateTime } from "~/utils/time";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const now = new Date();
  await finalizeExpiredAttemptsOf(context.db, { userId: user.id, now });
  const rows = await listHistory(context.db, user.id);
  return {
    print: parseSearch(new URL(request.url), ReportViewSchema)?.print === "1",
    // The long-term file: the same sections an organizer sees on /manage/cadres/:id/record.
    sections: await loadCadreRecord(context.db, { cadreId: user.id, now, timeZone: context.timeZone }),
    rows: rows.map((r) => ({
      id: r.id,
      title: r.title,
      kind: EXAM_KIND_LABELS[r.kind],
      period: r.period ?? "—",
      score: r.score,
      maxScore: r.max_score,
      pending: Boolean(r.pending_manual),
      passed: r.passed === null ? null : Boolean(r.passed),
      finishedAt: r.finished_at ? formatDateTime(r.finished_at, context.timeZone) : "—",
    })),
    trend: trendByPeriod(
      rows
        .filter((r) => r.kind === "quarterly")
        .map((r) => ({ period: r.period, score: r.score, maxScore: r.max_score, pending: Boolean(r.pending_manual), passed: r.passed === null ? null : Boolean(r.passed) })),
    ),
  };
}

export default function HistoryPage() {
  const { rows, trend, print, sections } = useLoaderData<typeof loader>();
  return (
    <div className="report">
      <h1>成绩档案</h1>
      <div className="actions no-print">
        {print ? (
          <>
            <button type="button" className="button" onClick={() => window.print()}>
              打印
            </button>
            <Link to="/history" className="button secondary">
              返回
            </Link>
          </>
        ) : (
          <>
            <a href="/history.xlsx" className="button secondary" download>
              导出 Excel（个人学习档案）
            </a>
            <Link to="/history?print=1" className="button secondary">
              打印版（A4）
            </Link>
          </>
        )}
      </div>
      {trend.length > 0 ? (
        <section className="card" aria-labelledby="trend-title">
          <h2 id="trend-title">季度考试成绩趋势（得分率，取每季最高）</h2>
          <TrendBars points={trend} format={(p) => `${p}%`} />
        </section>
      ) : null}
      <h2>每次作答</h2>
      <div className="table-wrap">
        <table className="stack" aria-label="考试记录">
          <thead>
            <tr>
              <th>考试</th>
              <th>类别</th>
              <th>期次</th>
              <th>得分</th>
              <th>结果</th>
              <th>交卷时间</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td data-label="考试" className="wrap">
                  <Link to={`/attempts/${r.id}/result`}>{r.title}</Link>
                </td>
                <td data-label="类别">{r.kind}</td>
                <td data-label="期次">{r.period}</td>
                <td data-label="得分" data-testid="history-score">
                  {r.pending ? "待阅卷" : `${r.score} / ${r.maxScore}`}
                </td>
                <td data-label="结果" data-testid="history-result">
                  {r.pending ? "—" : r.passed ? <span className="badge green">及格</span> : <span className="badge red">不及格</span>}
                </td>
                <td data-label="交卷时间">{r.finishedAt}</td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={6}>还没有考试记录。</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <RecordSections sections={sections} />
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "成绩档案 · 考学" }];
