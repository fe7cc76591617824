import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { RecordSections } from "~/components/record/record-sections";
import { RANK_LABELS } from "~/domain/labels";
import { recordAudit } from "~/models/audit.server";
import { loadCadreRecord } from "~/models/cadre-record.server";
import { ReportViewSchema } from "~/schemas/reports.server";
import styles from "~/styles/reports.css";
import { parseSearch } from "~/utils/forms";
import { instantFormatter, requireReportCadre } from "~/utils/report-access.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader(args: LoaderFunctionArgs) {
  const { user, cadre } = await requireReportCadre(args);
  const { request, context } = args;
  const print = parseSearch(new URL(request.url), ReportViewSchema)?.print === "1";
  const now = new Date();
  const sections = await loadCadreRecord(context.db, { cadreId: cadre.id, now, timeZone: context.timeZone });
  await recordAudit(context.db, { actorId: user.id, action: "report.view", target: `cadre-record:${cadre.id}`, detail: { print }, ip: context.clientAddress, now });
  return {
    cadre: { id: cadre.id, name: cadre.name, employeeNo: cadre.employee_no, orgName: cadre.orgName, rank: RANK_LABELS[cadre.rank], isLeader: Boolean(cadre.is_leader) },
    generatedAt: instantFormatter(context.timeZone)(now.toISOString()),
    print,
    sections,
  };
}

export default function CadreRecordPage() {
  const { cadre, generatedAt, print, sections } = useLoaderData<typeof loader>();
  const base = `/manage/cadres/${cadre.id}/record`;
  return (
    <div className="report">
      <p className="no-print">
        <Link to={`/manage/cadres/${cadre.id}`}>← {cadre.name}</Link>
      </p>
      <div className="report-head">
        <h1>{cadre.name} · 个人学习档案</h1>
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
            <Link to={`${base}?print=1`} className="button secondary">
              打印版（A4）
            </Link>
          </>
        )}
      </div>
      <RecordSections sections={sections} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.cadre.name ?? "干部"} · 个人学习档案 · 考学` }];
