import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { EXAM_KIND_LABELS } from "~/domain/exam-labels";
import { trendByPeriod } from "~/domain/score-trend";
import { finalizeExpiredAttemptsOf } from "~/models/attempt-finalize.server";
import { listHistory } from "~/models/attempts.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/time";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  await finalizeExpiredAttemptsOf(context.db, { userId: user.id, now: new Date() });
  const rows = await listHistory(context.db, user.id);
  return {
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
      rows.filter((r) => r.kind === "quarterly").map((r) => ({ period: r.period, score: r.score, maxScore: r.max_score, pending: Boolean(r.pending_manual) })),
    ),
  };
}

export default function HistoryPage() {
  const { rows, trend } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>成绩档案</h1>
      {trend.length > 0 ? (
        <section className="card" aria-labelledby="trend-title">
          <h2 id="trend-title">季度考试成绩趋势（得分率，取每季最高）</h2>
          <div className="trend" role="img" aria-label={trend.map((t) => `${t.period} ${t.percent}%`).join("，")}>
            {trend.map((t) => (
              <div key={t.period} className="bar" style={{ height: `${Math.max(4, t.percent)}%` }}>
                <span>{t.percent}%</span>
              </div>
            ))}
          </div>
          <div className="trend-labels">
            {trend.map((t) => (
              <span key={t.period}>{t.period}</span>
            ))}
          </div>
        </section>
      ) : null}
      <div className="table-wrap">
        <table>
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
                <td>
                  <Link to={`/attempts/${r.id}/result`}>{r.title}</Link>
                </td>
                <td>{r.kind}</td>
                <td>{r.period}</td>
                <td>{r.pending ? "待阅卷" : `${r.score} / ${r.maxScore}`}</td>
                <td>{r.pending ? "—" : r.passed ? "及格" : "不及格"}</td>
                <td>{r.finishedAt}</td>
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
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "成绩档案 · 考学" }];
