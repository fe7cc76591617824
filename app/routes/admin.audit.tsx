import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";

import { Pager } from "~/components/ui/pager";

import { AUDIT_ACTIONS, listAudit } from "~/models/audit.server";
import { requireRole } from "~/utils/auth.server";
import { parseSearch } from "~/utils/forms";
import { formatDateTimeSeconds } from "~/utils/time";
import { AuditFilterSchema } from "~/schemas/audit.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["admin"]);
  const filter = parseSearch(new URL(request.url), AuditFilterSchema) ?? { page: 1 };
  const { rows, hasMore } = await listAudit(context.db, { action: filter.action, actor: filter.actor }, filter.page);
  return {
    actions: Object.entries(AUDIT_ACTIONS),
    rows: rows.map((r) => ({
      id: r.id,
      at: formatDateTimeSeconds(r.at, context.timeZone),
      atUtc: r.at,
      action: AUDIT_ACTIONS[r.action as keyof typeof AUDIT_ACTIONS] ?? r.action,
      actor: r.actorEmployeeNo ? `${r.actorName}（${r.actorEmployeeNo}）` : "—",
      target: r.target ?? "",
      detail: r.detail ?? "",
      ip: r.ip ?? "",
    })),
    page: filter.page,
    hasMore,
    timeZone: context.timeZone,
  };
}

export default function AuditLogPage() {
  const { actions, rows, page, hasMore, timeZone } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>审计日志</h1>
      <Form method="get" className="card filters">
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
          <label htmlFor="actor">操作人工号</label>
          <input id="actor" name="actor" type="search" defaultValue={params.get("actor") ?? ""} />
        </div>
        <button type="submit" className="button">
          筛选
        </button>
      </Form>
      <p className="muted">时间按 {timeZone} 显示；鼠标悬停可见 UTC 时间。</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>时间</th>
              <th>事件</th>
              <th>操作人</th>
              <th>对象</th>
              <th>地址</th>
              <th>详情</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td title={r.atUtc}>{r.at}</td>
                <td>{r.action}</td>
                <td>{r.actor}</td>
                <td>{r.target}</td>
                <td>{r.ip}</td>
                <td className="wrap">{r.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} hasMore={hasMore} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "审计日志 · 考学" }];
