import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { ORG_KIND_LABELS } from "~/domain/labels";
import { countMembersByOrg, listOrgs, orgDepth } from "~/models/orgs.server";
import { requireManager } from "~/utils/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { scope } = await requireManager(request, context);
  const orgs = await listOrgs(context.db, scope);
  const members = await countMembersByOrg(context.db, scope);
  const baseDepth = orgs.length ? orgDepth(orgs[0]) : 0;
  return {
    orgs: orgs.map((o) => ({
      id: o.id,
      name: o.name,
      kind: ORG_KIND_LABELS[o.kind],
      depth: Math.min(orgDepth(o) - baseDepth, 3),
      members: members.get(o.id) ?? 0,
    })),
  };
}

export default function OrgTreePage() {
  const { orgs } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>组织架构</h1>
      <div className="card">
        {orgs.length === 0 ? <p>还没有组织。</p> : null}
        <ul className="tree">
          {orgs.map((org) => (
            <li key={org.id} className={`depth-${org.depth}`}>
              <span>
                {org.name} <span className="badge">{org.kind}</span>
              </span>
              <Link to={`/manage/cadres?orgId=${org.id}`}>{org.members} 人</Link>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "组织架构 · 考学" }];
