import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";

import { Pager } from "~/components/ui/pager";
import type { AuditPart } from "~/domain/audit-descriptions";
import { listAuditLog } from "~/models/audit-log.server";
import { AUDIT_ACTIONS } from "~/models/audit.server";
import { listOrgs, orgDepth } from "~/models/orgs.server";
import { requireRole } from "~/utils/auth.server";
import { auditFilterFrom, presentAuditRows } from "~/utils/audit-log.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["admin"]);
  const { form, filter } = auditFilterFrom(new URL(request.url), context.timeZone);
  const { rows, hasMore } = await listAuditLog(context.db, filter, form.page);
  const orgs = await listOrgs(context.db, { kind: "all" });
  return {
    actions: Object.entries(AUDIT_ACTIONS),
    orgs: orgs.map((o) => ({ id: o.id, name: o.name, depth: orgDepth(o) })),
    rows: await presentAuditRows(context.db, rows, context.timeZone),
    page: form.page,
    hasMore,
    timeZone: context.timeZone,
  };
}

function Part({ part }: { part: AuditPart }) {
  if (typeof part === "string") return <>{part}</>;
  return part.href ? <Link to={part.href}>{part.text}</Link> : <>{part.text}</>;
}

export default function AuditLogPage() {
  const { actions, orgs, rows, page, hasMore, timeZone } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { search } = useLocation();
  const exportQuery = new URLSearchParams(search);
  exportQuery.delete("page");
  const query = exportQuery.toString() ? `?${exportQuery}` : "";
  return (
    <>
      <h1>审计日志</h1>
      <Form method="get" className="card filters audit-filters" role="search" aria-label="筛选审计日志">
        <div>
          <label htmlFor="from">开始日期</label>
          <input id="from" name="from" type="date" defaultValue={params.get("from") ?? ""} />
        </div>
        <div>
          <label htmlFor="to">结束日期</label>
          <input id="to" name="to" type="date" defaultValue={params.get("to") ?? ""} />
        </div>
        <div>
          <label htmlFor="action">事件</label>
          <select id="action" name="action" defaultValue={params.get("action") ?? ""}>
            <option value="">全部</option>
            {actions.map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="person">人员（工号或姓名）</label>
          <input id="person" name="person" type="search" defaultValue={params.get("person") ?? ""} />
        </div>
        <div>
          <label htmlFor="orgId">组织（含下级）</label>
          <select id="orgId" name="orgId" defaultValue={params.get("orgId") ?? ""}>
            <option value="">全部</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {"　".repeat(o.depth)}
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          筛选
        </button>
      </Form>
      <div className="actions">
        <a className="button secondary" href={`/admin/audit.xlsx${query}`} download>
          导出 Excel
        </a>
        <a className="button secondary" href={`/admin/audit.csv${query}`} download>
          导出 CSV
        </a>
      </div>
      <p className="muted">时间按 {timeZone} 显示；鼠标悬停可见 UTC 时间。人员筛选包括本人的操作和与本人有关的记录；组织筛选包括其下级组织。导出内容与筛选结果一致。</p>
      <div className="table-wrap">
        <table className="stack" aria-label="审计日志">
          <thead>
            <tr>
              <th>时间</th>
              <th>事件</th>
              <th>操作人</th>
              <th>内容</th>
              <th>地址</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td title={r.atUtc} data-label="时间">
                  {r.at}
                </td>
                <td data-label="事件" data-testid="audit-action">
                  {r.action}
                </td>
                <td data-label="操作人">
                  <Part part={r.actor} />
                </td>
                <td className="wrap" data-label="内容" data-testid="audit-description">
                  {r.description.map((p, i) => (
                    <Part key={i} part={p} />
                  ))}
                </td>
                <td data-label="地址">{r.ip}</td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5}>没有符合条件的记录。</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <Pager page={page} hasMore={hasMore} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "审计日志 · 考学" }];
