import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { QuarterMatrix } from "~/components/reports/quarter-matrix";
import { ReportTable } from "~/components/reports/report-table";
import { TrendChart } from "~/components/reports/trend-chart";
import { complianceSummary } from "~/domain/statistics/compliance";
import { MIN_PAIRS, PRACTISED_MIN_ANSWERS } from "~/domain/statistics/paired-change";
import { TOO_FEW_NOTE, yearStatisticsTables } from "~/domain/statistics/year-tables";
import { recordAudit } from "~/models/audit.server";
import { loadYearStatistics } from "~/models/statistics.server";
import styles from "~/styles/reports.css";
import { instantFormatter } from "~/utils/report-access.server";
import { requireStatistics, statisticsQuery, statisticsScopeLabel } from "~/utils/statistics-access.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireStatistics(args);
  const { context } = args;
  const { user, selected, year, now, print } = access;
  const stats = await loadYearStatistics(context.db, { root: selected, year, timeZone: context.timeZone, now });
  await recordAudit(context.db, {
    actorId: user.id,
    action: "statistics.view",
    target: `statistics:${year}`,
    detail: { orgId: selected.orgId || null, print },
    ip: context.clientAddress,
    now,
  });
  const formatInstant = instantFormatter(context.timeZone);
  return {
    year,
    years: access.years,
    print,
    scope: { label: statisticsScopeLabel(selected), selected: selected.orgId, choices: access.choices },
    query: statisticsQuery(access),
    generatedAt: formatInstant(now.toISOString()),
    periods: stats.periods,
    openPeriods: stats.openPeriods,
    trend: stats.trend,
    leaderSummary: complianceSummary(stats.leaders),
    paired: { total: stats.paired.total, practised: stats.paired.practised, notPractised: stats.paired.notPractised },
    tables: yearStatisticsTables(stats, formatInstant),
  };
}

function Downloads({ query, table }: { query: string; table: string }) {
  return (
    <p className="no-print table-downloads">
      <a href={`/manage/statistics.csv${query}&table=${table}`} download>
        下载 CSV
      </a>
    </p>
  );
}

export default function StatisticsPage() {
  const { year, years, print, scope, query, generatedAt, periods, openPeriods, trend, leaderSummary, paired, tables } = useLoaderData<typeof loader>();
  const tagHref = (tag: string) => `/manage/statistics/tag${query}&tag=${encodeURIComponent(tag)}`;
  return (
    <div className="report">
      <div className="report-head">
        <h1>以考促学统计 · {year} 年</h1>
        <p className="muted">数据截至 {generatedAt}</p>
      </div>
      <p className="report-scope" data-testid="report-scope">
        统计范围：{scope.label}
      </p>
      {print ? null : (
        <Form method="get" className="card filters no-print" aria-label="统计范围">
          <div>
            <label htmlFor="stat-year">年度</label>
            <select id="stat-year" name="year" defaultValue={String(year)}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y} 年
                </option>
              ))}
            </select>
          </div>
          {scope.choices.length > 1 ? (
            <div>
              <label htmlFor="stat-org">组织</label>
              <select id="stat-org" name="org" defaultValue={scope.selected === scope.choices[0].id ? "" : String(scope.selected)}>
                {scope.choices.map((c, i) => (
                  <option key={c.id} value={i === 0 ? "" : String(c.id)}>
                    {"　".repeat(c.depth)}
                    {c.name}
                    {i === 0 ? "（全部）" : ""}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <button type="submit" className="button">
            查看
          </button>
        </Form>
      )}
      <div className="actions no-print">
        {print ? (
          <>
            <button type="button" className="button" onClick={() => window.print()}>
              打印
            </button>
            <Link to={`/manage/statistics${query}`} className="button secondary">
              返回统计
            </Link>
          </>
        ) : (
          <>
            <a href={`/manage/statistics.xlsx${query}`} className="button" download>
              导出 Excel（全部表格）
            </a>
            <Link to={`/manage/statistics${query}&print=1`} className="button secondary">
              打印版（A4）
            </Link>
          </>
        )}
      </div>

      <section aria-labelledby="quarterly-title">
        <h2 id="quarterly-title">每季一考</h2>
        <TrendChart
          title={`参考率与及格率（${trend[0]?.period ?? ""} 至 ${year} 年第四季度）`}
          labels={trend.map((t) => t.period)}
          series={[
            { name: "参考率", className: "participation", values: trend.map((t) => t.participationRate) },
            { name: "及格率", className: "pass", values: trend.map((t) => t.passRate) },
          ]}
          marked={openPeriods}
          markNote="考试仍在进行，数字还会变化"
        />
        <QuarterMatrix table={tables.quarterly} quarters={periods} open={openPeriods} />
        <Downloads query={query} table="quarterly" />
      </section>

      <section aria-labelledby="leaders-title">
        <h2 id="leaders-title">领导干部年内必考</h2>
        <p data-testid="leaders-summary">
          领导干部 {leaderSummary.leaders} 人，本年已参加考试 {leaderSummary.met} 人，<strong>尚未参加 {leaderSummary.notMet} 人</strong>（列在最前）。
        </p>
        <ReportTable table={{ ...tables.leaders, rows: tables.leaders.rows.filter((r) => r[6] !== "已完成") }} caption="尚未参加考试的领导干部" empty="全部领导干部本年都已参加考试。" />
        {leaderSummary.met > 0 ? (
          <details className="leaders-met" open={print}>
            <summary>本年已参加考试的 {leaderSummary.met} 人</summary>
            <ReportTable table={{ ...tables.leaders, rows: tables.leaders.rows.filter((r) => r[6] === "已完成") }} caption="已参加考试的领导干部" empty="" />
          </details>
        ) : null}
        <Downloads query={query} table="leaders" />
      </section>

      <section aria-labelledby="paired-title">
        <h2 id="paired-title">以考促学：前后两个季度成绩的变化</h2>
        <p className="report-note">
          同一干部相邻两个季度都有已评定的季度考试成绩，记为一对；变化 = 后一季度得分 − 前一季度得分（百分制）。“练习过”指两次考试之间至少练习 {PRACTISED_MIN_ANSWERS} 题。少于 {MIN_PAIRS} 对的分组，结果不能说明问题。
        </p>
        {paired.total.tooFew ? (
          <p className="alert warning" data-testid="paired-too-few">
            本范围本年度只有 {paired.total.pairs} 对前后成绩，{TOO_FEW_NOTE}。
          </p>
        ) : (
          <p data-testid="paired-summary">
            共 {paired.total.pairs} 对：练习过的平均变化 {paired.practised.meanChange ?? "—"} 分（{paired.practised.pairs} 对{paired.practised.tooFew ? "，样本不足" : ""}），未练习的{" "}
            {paired.notPractised.meanChange ?? "—"} 分（{paired.notPractised.pairs} 对{paired.notPractised.tooFew ? "，样本不足" : ""}）。
          </p>
        )}
        <ReportTable table={tables["paired-practice"]} caption="以考促学（按是否练习）" totalRow empty="没有前后两季的成绩。" />
        <Downloads query={query} table="paired-practice" />
        <ReportTable table={tables["paired-org"]} caption="以考促学（按组织）" totalRow empty="没有前后两季的成绩。" />
        <Downloads query={query} table="paired-org" />
      </section>

      <section aria-labelledby="mastery-title">
        <h2 id="mastery-title">知识点掌握（最薄弱的在前）</h2>
        <p className="report-note">按本年已评定的考试（每人每场取最好的一次）统计；点击知识点查看其试题分析。</p>
        <ReportTable table={tables.mastery} caption="知识点掌握" empty="本年还没有已评定的考试。" link={print ? undefined : { column: 1, href: (row) => tagHref(String(row[1])) }} />
        <Downloads query={query} table="mastery" />
        <h3>各组织薄弱知识点</h3>
        <ReportTable table={tables["mastery-org"]} caption="各组织薄弱知识点" empty="本年还没有已评定的考试。" />
        <Downloads query={query} table="mastery-org" />
      </section>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `以考促学统计 ${data?.year ?? ""} · 考学` }];
