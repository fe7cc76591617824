import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";

import { Pager } from "~/components/ui/pager";

import { RANKS } from "../../db/schema";
import { RANK_LABELS, ROLE_LABELS } from "~/domain/labels";
import { listCadres } from "~/models/cadres.server";
import { listOrgs } from "~/models/orgs.server";
import { CadreFilterSchema } from "~/schemas/cadres.server";
import { requireManager } from "~/utils/auth.server";
import { parseSearch } from "~/utils/forms";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { scope } = await requireManager(request, context);
  const filter = parseSearch(new URL(request.url), CadreFilterSchema) ?? { page: 1 };
  const orgs = await listOrgs(context.db, scope);
  // An org filter outside the scope is ignored rather than trusted.
  const orgId = orgs.some((o) => o.id === filter.orgId) ? filter.orgId : undefined;
  const { rows, hasMore } = await listCadres(
    context.db,
    scope,
    {
      q: filter.q,
      orgId,
      rank: filter.rank,
      leader: filter.leader === undefined ? undefined : filter.leader === "1",
      includeInactive: filter.inactive === "1",
    },
    filter.page,
  );
  return {
    orgs: orgs.map((o) => ({ id: o.id, name: o.name })),
    cadres: rows.map((c) => ({
      id: c.id,
      employeeNo: c.employee_no,
      name: c.name,
      orgName: c.orgName,
      rank: RANK_LABELS[c.rank],
      isLeader: Boolean(c.is_leader),
      isPartyMember: Boolean(c.is_party_member),
      role: c.role === "cadre" ? null : ROLE_LABELS[c.role],
      active: Boolean(c.active),
    })),
    page: filter.page,
    hasMore,
  };
}

export default function CadreListPage() {
  const { orgs, cadres, page, hasMore } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>干部名册</h1>
      <div className="actions">
        <Link className="button secondary" to="/manage/cadres/import">
          导入花名册
        </Link>
      </div>
      <Form method="get" className="card filters" role="search">
        <div>
          <label htmlFor="q">姓名或工号</label>
          <input id="q" name="q" type="search" defaultValue={params.get("q") ?? ""} />
        </div>
        <div>
          <label htmlFor="orgId">组织</label>
          <select id="orgId" name="orgId" defaultValue={params.get("orgId") ?? ""}>
            <option value="">全部</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="rank">职级</label>
          <select id="rank" name="rank" defaultValue={params.get("rank") ?? ""}>
            <option value="">全部</option>
            {RANKS.map((r) => (
              <option key={r} value={r}>
                {RANK_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="leader">领导干部</label>
          <select id="leader" name="leader" defaultValue={params.get("leader") ?? ""}>
            <option value="">全部</option>
            <option value="1">是</option>
            <option value="0">否</option>
          </select>
        </div>
        <button type="submit" className="button">
          筛选
        </button>
      </Form>
      <div className="table-wrap">
        <table className="stack" aria-label="干部名册">
          <thead>
            <tr>
              <th>工号</th>
              <th>姓名</th>
              <th>组织</th>
              <th>职级</th>
              <th>领导干部</th>
              <th>党员</th>
              <th>状态</th>
            </tr>
          </thead>
          <tbody>
            {cadres.map((c) => (
              <tr key={c.id}>
                <td data-label="工号">{c.employeeNo}</td>
                <td data-label="姓名">
                  <Link to={`/manage/cadres/${c.id}`}>{c.name}</Link> {c.role ? <span className="badge green">{c.role}</span> : null}
                </td>
                <td data-label="组织">{c.orgName}</td>
                <td data-label="职级">{c.rank}</td>
                <td data-label="领导干部">{c.isLeader ? "是" : "否"}</td>
                <td data-label="党员">{c.isPartyMember ? "是" : "否"}</td>
                <td data-label="状态" data-testid="cadre-state">
                  {c.active ? "在册" : <span className="badge red">已停用</span>}
                </td>
              </tr>
            ))}
            {cadres.length === 0 ? (
              <tr>
                <td colSpan={7}>没有符合条件的干部。</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <Pager page={page} hasMore={hasMore} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "干部名册 · 考学" }];
