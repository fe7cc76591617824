import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { ReportTable } from "~/components/reports/report-table";
import { TrendBars } from "~/components/reports/trend-bars";
import { RANK_LABELS } from "~/domain/labels";
import { formatPercent } from "~/domain/statistics/format";
import { cadreHistoryTable } from "~/domain/statistics/report-tables";
import { recordAudit } from "~/models/audit.server";
import { loadCadreReport } from "~/models/reports.server";
import { ReportViewSchema } from "~/schemas/reports.server";
import styles from "~/styles/reports.css";
import { parseSearch } from "~/utils/forms";
import { instantFormatter, requireReportCadre } from "~/utils/report-access.server";

// The record covers every exam the cadre was assigned to or took, including exams owned above
// the organizer's org: the cadre is theirs, and so is the cadre's record.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader(args: LoaderFunctionArgs) {
  const { user, cadre } = await requireReportCadre(args);
  const { request, context } = args;
  const print = parseSearch(new URL(request.url), ReportViewSchema)?.print === "1";
  const now = new Date();
  const report = await loadCadreReport(context.db, cadre.id, now);
  await recordAudit(context.db, { actorId: user.id, action: "report.view", target: `cadre:${cadre.id}`, detail: { print }, ip: context.clientAddress, now });
  const formatInstant = instantFormatter(context.timeZone);
  return {
    cadre: {
      id: cadre.id,
      name: cadre.name,
      employeeNo: cadre.employee_no,
      orgName: cadre.orgName,
      rank: RANK_LABELS[cadre.rank],
      isLeader: Boolean(cadre.is_leader),
    },
    generatedAt: formatInstant(now.toISOString()),
    print,
    totals: report.totals,
    trend: report.trend,
    history: cadreHistoryTable(report, formatInstant),
  };
}

export default function CadreReportPage() {
  const { cadre, generatedAt, print, totals, trend, history } = useLoaderData<typeof loader>();
  const base = `/manage/cadres/${cadre.id}/report`;
  return (
    <div className="report">
      <p className="no-print">
        <Link to={`/manage/cadres/${cadre.id}`}>← {cadre.name}</Link>
      </p>
      <div className="report-head">
        <h1>{cadre.name} · 成绩报告</h1>
        <p className="muted">
          工号 {cadre.employeeNo} · {cadre.orgName} · {cadre.rank}
          {cadre.isLeader ? " · 领导干部" : ""}
        </p>
      </div>
      <p className="muted">数据截至 {generatedAt}</p>
      <div className="actions no-print">
        {print ? (
          <>
            <button type="button" className="button" onClick={() => window.print()}>
              打印
            </button>
            <Link to={base} className="button secondary">
              返回
            </Link>
          </>
        ) : (
          <>
            <a href={`${base}.xlsx`} className="button" download>
              导出 Excel
            </a>
            <a href={`${base}.csv`} className="button secondary" download>
              导出 CSV
            </a>
            <Link to={`${base}?print=1`} className="button secondary">
              打印版（A4）
            </Link>
          </>
        )}
      </div>

      <dl className="report-stats">
        <div>
          <dt>参考 / 应考（场）</dt>
          <dd data-testid="cadre-exams">
            {totals.took} / {totals.exams}
          </dd>
        </div>
        <div>
          <dt>及格 / 已评定（场）</dt>
          <dd data-testid="cadre-passed">
            {totals.passed} / {totals.graded}
          </dd>
        </div>
        <div>
          <dt>及格率</dt>
          <dd data-testid="cadre-pass-rate">{formatPercent(totals.passRate)}</dd>
        </div>
      </dl>
      {totals.open > 0 ? <p className="report-note">另有 {totals.open} 场考试正在进行、尚未参加，不计入应考。</p> : null}

      {trend.length > 0 ? (
        <section aria-labelledby="trend-title" className="trend-report">
          <h2 id="trend-title">季度考试成绩趋势（得分率，每季取最高）</h2>
          <TrendBars points={trend} format={formatPercent} />
        </section>
      ) : null}

      <section aria-labelledby="history-title">
        <h2 id="history-title">考试记录</h2>
        <ReportTable table={history} caption="考试记录" empty="还没有考试记录。" />
        <p className="report-note">最高分与是否及格按每场考试最好的一次作答计；有待阅卷的作答时，该场结果待阅卷完成后确定。</p>
      </section>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.cadre.name ?? "干部"} · 成绩报告 · 考学` }];
