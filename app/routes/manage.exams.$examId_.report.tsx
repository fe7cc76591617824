import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { ReportScopePicker } from "~/components/reports/report-scope-picker";
import { ItemAnalysisTable } from "~/components/reports/item-analysis-table";
import { ReportTable } from "~/components/reports/report-table";
import { ScoreHistogram } from "~/components/reports/score-histogram";
import { EXAM_KIND_LABELS } from "~/domain/exam-labels";
import { formatPercent, formatScore } from "~/domain/statistics/format";
import { absenteeTable, orgSummaryTable } from "~/domain/statistics/report-tables";
import { caseOfExam } from "~/models/appointment-test.server";
import { recordAudit } from "~/models/audit.server";
import { subtreeLabel } from "~/models/report-scope.server";
import { examMaxScore, loadExamReport } from "~/models/reports.server";
import { ReportViewSchema } from "~/schemas/reports.server";
import styles from "~/styles/reports.css";
import { parseSearch } from "~/utils/forms";
import { instantFormatter, requireReportExam } from "~/utils/report-access.server";

/** The page lists this many non-participants; the print view and the export list them all. */
const ABSENTEES_ON_PAGE = 200;

const EXAM_STATUS_LABELS = { draft: "草稿", published: "已发布", closed: "已结束" } as const;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader(args: LoaderFunctionArgs) {
  const { user, exam, view } = await requireReportExam(args);
  const { request, context } = args;
  const print = parseSearch(new URL(request.url), ReportViewSchema)?.print === "1";
  const now = new Date();
  const report = await loadExamReport(context.db, exam, now, view.subtree);
  await recordAudit(context.db, {
    actorId: user.id,
    action: "report.view",
    target: `exam:${exam.id}`,
    detail: { print, orgId: view.subtree?.orgId ?? null },
    ip: context.clientAddress,
    now,
  });
  const formatInstant = instantFormatter(context.timeZone);
  const absentees = absenteeTable(report);
  const appointment = exam.kind === "pre_appointment" ? await caseOfExam(context.db, exam.id) : undefined;
  return {
    exam: {
      id: exam.id,
      title: exam.title,
      kind: EXAM_KIND_LABELS[exam.kind],
      period: exam.period,
      status: EXAM_STATUS_LABELS[exam.status],
      passMark: exam.pass_mark,
      maxScore: examMaxScore(exam),
      window: `${formatInstant(exam.opens_at)} 至 ${formatInstant(exam.closes_at)}`,
      /** A pre-appointment test: 开卷 or 闭卷, as the cadre's case decided. */
      mode: appointment ? (appointment.open_book ? "开卷" : "闭卷") : null,
    },
    generatedAt: formatInstant(now.toISOString()),
    print,
    scope: { label: subtreeLabel(view), orgId: view.subtree?.orgId ?? null, partial: view.partial, rootId: view.root.id, choices: view.choices },
    summary: report.summary,
    byOrg: orgSummaryTable(report),
    absentees: print ? absentees : { ...absentees, rows: absentees.rows.slice(0, ABSENTEES_ON_PAGE) },
    absenteeTotal: absentees.rows.length,
    items: report.items,
  };
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

export default function ExamReportPage() {
  const { exam, generatedAt, print, scope, summary, byOrg, absentees, absenteeTotal, items } = useLoaderData<typeof loader>();
  const base = `/manage/exams/${exam.id}/report`;
  const narrowed = scope.orgId !== null && scope.orgId !== scope.rootId ? `org=${scope.orgId}` : "";
  const withOrg = (path: string, extra = "") => {
    const query = [narrowed, extra].filter(Boolean).join("&");
    return query ? `${path}?${query}` : path;
  };
  return (
    <div className="report">
      <div className="report-head">
        <h1>{exam.title} · 成绩报表</h1>
        <p className="muted">
          {exam.kind}
          {exam.period ? ` · ${exam.period}` : ""}
          {exam.mode ? <strong data-testid="exam-mode"> · {exam.mode}</strong> : null} · {exam.status} · 满分 {formatScore(exam.maxScore)}，及格 {formatScore(exam.passMark)} 分
        </p>
      </div>
      <p className="muted">
        考试时间 {exam.window}；数据截至 {generatedAt}
      </p>
      <p className="report-scope" data-testid="report-scope">
        统计范围：{scope.label}
        {scope.partial ? "。本考试由上级组织举办，这里只统计您管理范围内的参考人员。" : ""}
      </p>
      {print ? null : <ReportScopePicker choices={scope.choices} selected={scope.orgId ?? scope.rootId} />}
      <div className="actions no-print">
        {print ? (
          <>
            <button type="button" className="button" onClick={() => window.print()}>
              打印
            </button>
            <Link to={withOrg(base)} className="button secondary">
              返回报表
            </Link>
          </>
        ) : (
          <>
            <a href={withOrg(`${base}.xlsx`)} className="button" download>
              导出 Excel（四张表）
            </a>
            <a href={withOrg(`${base}.csv`)} className="button secondary" download>
              导出 CSV（成绩明细）
            </a>
            <Link to={withOrg(base, "print=1")} className="button secondary">
              打印版（A4）
            </Link>
          </>
        )}
      </div>

      <section aria-labelledby="summary-title">
        <h2 id="summary-title">概况</h2>
        <dl className="report-stats">
          <Stat label="应考人数" value={String(summary.assigned)} testId="stat-assigned" />
          <Stat label="参考人数" value={String(summary.took)} testId="stat-took" />
          <Stat label="参考率" value={formatPercent(summary.participationRate)} testId="stat-participation" />
          <Stat label="及格率" value={formatPercent(summary.passRate)} testId="stat-pass-rate" />
          <Stat label="平均分" value={formatScore(summary.mean)} testId="stat-mean" />
          <Stat label="中位数" value={formatScore(summary.median)} testId="stat-median" />
          <Stat label="最高分 / 最低分" value={`${formatScore(summary.max)} / ${formatScore(summary.min)}`} testId="stat-max-min" />
          <Stat label="标准差" value={formatScore(summary.sd)} testId="stat-sd" />
        </dl>
        <p className="report-note">
          参考人数含待阅卷的 {summary.pending} 人；及格率、平均分等按已评定的 {summary.graded} 人计算（及格 {summary.passed} 人），每人取最好的一次作答。
        </p>
      </section>

      <section aria-labelledby="histogram-title">
        <h2 id="histogram-title">成绩分布</h2>
        <ScoreHistogram bins={summary.histogram} passMark={exam.passMark} />
      </section>

      <section aria-labelledby="orgs-title">
        <h2 id="orgs-title">单位汇总</h2>
        <ReportTable table={byOrg} caption="单位汇总" totalRow empty="没有参考人员。" />
      </section>

      <section aria-labelledby="absent-title">
        <h2 id="absent-title">未参考名单（{absenteeTotal} 人）</h2>
        <ReportTable table={absentees} caption="未参考名单" empty="全部参考。" />
        {absentees.rows.length < absenteeTotal ? (
          <p className="report-note">页面只列出前 {absentees.rows.length} 人；完整名单见打印版或导出的 Excel。</p>
        ) : null}
      </section>

      <section aria-labelledby="items-title">
        <h2 id="items-title">试题分析</h2>
        <ItemAnalysisTable items={items} />
      </section>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.exam.title ?? "成绩报表"} · 成绩报表 · 考学` }];
