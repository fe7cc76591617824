import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { ItemAnalysisTable } from "~/components/reports/item-analysis-table";
import { recordAudit } from "~/models/audit.server";
import { loadTagItemAnalysis } from "~/models/statistics.server";
import { StatisticsTagSchema } from "~/schemas/statistics.server";
import styles from "~/styles/reports.css";
import { notFoundInScope } from "~/utils/auth.server";
import { requireStatistics, statisticsQuery, statisticsScopeLabel } from "~/utils/statistics-access.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireStatistics(args);
  const { request, context } = args;
  const tag = StatisticsTagSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!tag.success) return notFoundInScope(request, context, access.user);
  const { user, selected, year, now } = access;
  const items = await loadTagItemAnalysis(context.db, { root: selected, year, tag: tag.data.tag, timeZone: context.timeZone, now });
  await recordAudit(context.db, { actorId: user.id, action: "statistics.view", target: `statistics:${year}`, detail: { orgId: selected.orgId || null, tag: tag.data.tag }, ip: context.clientAddress, now });
  return { year, tag: tag.data.tag, scope: statisticsScopeLabel(selected), back: `/manage/statistics${statisticsQuery(access)}`, items };
}

export default function TagItemAnalysisPage() {
  const { year, tag, scope, back, items } = useLoaderData<typeof loader>();
  return (
    <div className="report">
      <p className="no-print">
        <Link to={back}>← 以考促学统计</Link>
      </p>
      <h1>知识点“{tag}” · 试题分析</h1>
      <p className="report-scope">
        {year} 年 · 统计范围：{scope}
      </p>
      <ItemAnalysisTable items={items} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.tag ?? "知识点"} · 试题分析 · 考学` }];
