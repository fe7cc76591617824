import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { ROLES } from "../../db/schema";
import { changeActive, changeRole, mayManageAccount, resetPassword } from "~/models/accounts.server";
import { RANK_LABELS, ROLE_LABELS } from "~/domain/labels";
import { getCadre } from "~/models/cadres.server";
import { getOrg, isInScope, listOrgs } from "~/models/orgs.server";
import { CadreActionSchema, CadreIdSchema } from "~/schemas/cadres.server";
import { notFoundInScope, requireManager } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { formatDateTime } from "~/utils/time";

async function loadCadre(args: LoaderFunctionArgs) {
  const { request, context, params } = args;
  const { user, scope } = await requireManager(request, context);
  const id = CadreIdSchema.safeParse(params.cadreId);
  const cadre = id.success ? await getCadre(context.db, scope, id.data) : undefined;
  if (!cadre) return notFoundInScope(request, context, user);
  return { user, scope, cadre };
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, cadre } = await loadCadre(args);
  const { context } = args;
  const scopeOrg = cadre.scope_org_id ? await getOrg(context.db, cadre.scope_org_id) : undefined;
  const orgs = user.role === "admin" ? await listOrgs(context.db, { kind: "all" }) : [];
  return {
    cadre: {
      id: cadre.id,
      employeeNo: cadre.employee_no,
      name: cadre.name,
      orgName: cadre.orgName,
      rank: RANK_LABELS[cadre.rank],
      isLeader: Boolean(cadre.is_leader),
      isPartyMember: Boolean(cadre.is_party_member),
      role: cadre.role,
      roleLabel: ROLE_LABELS[cadre.role],
      scopeOrgName: scopeOrg?.name ?? null,
      scopeOrgId: cadre.scope_org_id,
      active: Boolean(cadre.active),
      mustChangePassword: Boolean(cadre.must_change_password),
      createdAt: formatDateTime(cadre.created_at, context.timeZone),
    },
    mayManage: mayManageAccount(user, cadre),
    isAdmin: user.role === "admin",
    orgs: orgs.map((o) => ({ id: o.id, name: o.name })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, scope, cadre } = await loadCadre(args);
  const { request, context } = args;
  if (!mayManageAccount(user, cadre)) {
    return data({ error: "您不能管理这个账号", newPassword: null, done: null }, { status: 403 });
  }
  const form = parseForm(await request.formData(), CadreActionSchema);
  if (!form.ok) return data({ error: Object.values(form.fieldErrors)[0] ?? "请求无效", newPassword: null, done: null }, { status: 400 });
  const base = { actorId: user.id, cadre, ip: context.clientAddress, now: new Date() };
  switch (form.data.intent) {
    case "reset-password": {
      const newPassword = await resetPassword(context.db, base);
      return { error: null, newPassword, done: "密码已重置" };
    }
    case "deactivate":
      await changeActive(context.db, { ...base, active: false });
      return { error: null, newPassword: null, done: "账号已停用" };
    case "activate":
      await changeActive(context.db, { ...base, active: true });
      return { error: null, newPassword: null, done: "账号已启用" };
    case "change-role": {
      if (user.role !== "admin") return data({ error: "只有管理员可以变更角色", newPassword: null, done: null }, { status: 403 });
      const { role, scopeOrgId } = form.data;
      if (role === "organizer") {
        const org = scopeOrgId ? await getOrg(context.db, scopeOrgId) : undefined;
        if (!org || !isInScope(scope, org)) {
          return data({ error: "组织者必须指定管理的组织", newPassword: null, done: null }, { status: 400 });
        }
      }
      await changeRole(context.db, { ...base, role, scopeOrgId: scopeOrgId ?? null });
      return { error: null, newPassword: null, done: `角色已变更为${ROLE_LABELS[role]}` };
    }
  }
}

export default function CadreDetailPage() {
  const { cadre, mayManage, isAdmin, orgs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/manage/cadres">← 干部名册</Link>
      </p>
      <h1>
        {cadre.name} {cadre.active ? null : <span className="badge red">已停用</span>}
      </h1>
      <p>
        <Link to={`/manage/cadres/${cadre.id}/report`}>成绩报告（历次考试与季度趋势）</Link>
      </p>
      {result?.error ? (
        <p className="alert error" role="alert">
          {result.error}
        </p>
      ) : null}
      {result?.done ? (
        <div className="alert success" role="status">
          {result.done}
          {result.newPassword ? (
            <p>
              新的临时密码（只显示这一次，请当面或电话告知本人，首次登录须修改）：
              <span className="secret" data-testid="new-password">
                {result.newPassword}
              </span>
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="grid cols-2">
        <section className="card">
          <dl className="facts">
            <dt>工号</dt>
            <dd>{cadre.employeeNo}</dd>
            <dt>组织</dt>
            <dd>{cadre.orgName}</dd>
            <dt>职级</dt>
            <dd>{cadre.rank}</dd>
            <dt>领导干部</dt>
            <dd>{cadre.isLeader ? "是" : "否"}</dd>
            <dt>党员</dt>
            <dd>{cadre.isPartyMember ? "是" : "否"}</dd>
            <dt>角色</dt>
            <dd>
              {cadre.roleLabel}
              {cadre.scopeOrgName ? `（管理：${cadre.scopeOrgName}）` : ""}
            </dd>
            <dt>密码</dt>
            <dd>{cadre.mustChangePassword ? "初始密码，尚未修改" : "已设置"}</dd>
            <dt>建档时间</dt>
            <dd>{cadre.createdAt}</dd>
          </dl>
        </section>
        {mayManage ? (
          <section className="card">
            <h2>账号管理</h2>
            <Form method="post" className="actions">
              <button type="submit" name="intent" value="reset-password" className="button secondary">
                重置密码
              </button>
              {cadre.active ? (
                <button type="submit" name="intent" value="deactivate" className="button danger">
                  停用账号
                </button>
              ) : (
                <button type="submit" name="intent" value="activate" className="button secondary">
                  启用账号
                </button>
              )}
            </Form>
            {isAdmin ? (
              <Form method="post">
                <input type="hidden" name="intent" value="change-role" />
                <label htmlFor="role">角色</label>
                <select id="role" name="role" defaultValue={cadre.role}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </select>
                <label htmlFor="scopeOrgId">组织者管理的组织（含下级）</label>
                <select id="scopeOrgId" name="scopeOrgId" defaultValue={cadre.scopeOrgId ?? ""}>
                  <option value="">—</option>
                  {orgs.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
                <button type="submit" className="button secondary block">
                  变更角色
                </button>
              </Form>
            ) : null}
          </section>
        ) : null}
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "干部详情 · 考学" }];
