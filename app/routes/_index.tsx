import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";

import { RANK_LABELS, ROLE_LABELS } from "~/domain/labels";
import { countCadres } from "~/models/cadres.server";
import { getOrg, listOrgs } from "~/models/orgs.server";
import { requireUser, scopeOf } from "~/utils/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const org = await getOrg(context.db, user.org_id);
  const manages = user.role !== "cadre";
  let managed: { orgName: string; orgCount: number; cadreCount: number } | null = null;
  if (manages) {
    const scope = await scopeOf(context, user);
    const orgs = await listOrgs(context.db, scope);
    managed = { orgName: orgs[0]?.name ?? "—", orgCount: orgs.length, cadreCount: await countCadres(context.db, scope) };
  }
  return {
    name: user.name,
    employeeNo: user.employee_no,
    orgName: org?.name ?? "",
    rank: RANK_LABELS[user.rank],
    role: user.role,
    roleLabel: ROLE_LABELS[user.role],
    managed,
  };
}

export default function HomePage() {
  const home = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("passwordChanged") ? (
        <p className="alert success" role="status">
          密码已修改。
        </p>
      ) : null}
      <h1>您好，{home.name}</h1>
      <p className="muted">
        {home.orgName} · {home.rank} · 工号 {home.employeeNo} · {home.roleLabel}
      </p>
      <div className="grid cols-2">
        <section className="card" aria-labelledby="my-exams">
          <h2 id="my-exams">我的考试</h2>
          <p>目前没有需要参加的考试。季度考试发布后会显示在这里，并标明截止时间。</p>
        </section>
        {home.managed ? (
          <section className="card" aria-labelledby="manage">
            <h2 id="manage">管理</h2>
            <p>
              管理范围：{home.managed.orgName}（{home.managed.orgCount} 个组织，{home.managed.cadreCount} 名在册干部）
            </p>
            <div className="actions">
              <Link className="button secondary" to="/manage/orgs">
                组织架构
              </Link>
              <Link className="button secondary" to="/manage/cadres">
                干部名册
              </Link>
              <Link className="button secondary" to="/manage/cadres/import">
                导入花名册
              </Link>
              {home.role === "admin" ? (
                <Link className="button secondary" to="/admin/audit">
                  审计日志
                </Link>
              ) : null}
            </div>
          </section>
        ) : null}
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "首页 · 考学" }];
