import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { CadreChangeHistory } from "~/components/cadres/cadre-change-history";
import { CadreEditForm } from "~/components/cadres/cadre-edit-form";
import { ROLES } from "../../db/schema";
import { changeKindLabel, describeChange, FIELD_OF_RECORD, localDateOf, storedToValue } from "~/domain/cadre-changes";
import { RANK_LABELS, ROLE_LABELS } from "~/domain/labels";
import { changeActive, changeRole, mayManageAccount, resetPassword } from "~/models/accounts.server";
import { fieldsOf, listCadreChanges, updateCadre } from "~/models/cadre-maintenance.server";
import { getCadre } from "~/models/cadres.server";
import { getOrg, isInScope, listOrgs, orgDepth } from "~/models/orgs.server";
import { CadreActionSchema, CadreIdSchema } from "~/schemas/cadres.server";
import { notFoundInScope, requireManager } from "~/utils/auth.server";
import { type FieldErrors, parseForm } from "~/utils/forms";
import { readFormData } from "~/utils/request.server";
import { formatDateTime } from "~/utils/time";

type ActionResult = { error: string | null; newPassword: string | null; done: string | null; fieldErrors?: FieldErrors };

async function loadCadre(args: LoaderFunctionArgs) {
  const { request, context, params } = args;
  const { user, scope } = await requireManager(request, context);
  const id = CadreIdSchema.safeParse(params.cadreId);
  const cadre = id.success ? await getCadre(context.db, scope, id.data) : undefined;
  if (!cadre) return notFoundInScope(request, context, user);
  return { user, scope, cadre };
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, scope, cadre } = await loadCadre(args);
  const { context } = args;
  const scopeOrg = cadre.scope_org_id ? await getOrg(context.db, cadre.scope_org_id) : undefined;
  const orgs = user.role === "admin" ? await listOrgs(context.db, { kind: "all" }) : [];
  const inScope = await listOrgs(context.db, scope);
  const orgNames = new Map((await listOrgs(context.db, { kind: "all" })).map((o) => [o.id, o.name]));
  const changes = await listCadreChanges(context.db, cadre.id);
  return {
    edit: {
      fields: fieldsOf(cadre),
      today: localDateOf(new Date(), context.timeZone),
      // Deactivated organizations take nobody new; the cadre's own stays listed so the form shows it.
      orgs: inScope.filter((o) => o.active || o.id === cadre.org_id).map((o) => ({ id: o.id, name: o.name, depth: orgDepth(o) - orgDepth(inScope[0]) })),
    },
    changes: changes.map((c) => {
      const field = FIELD_OF_RECORD[c.field];
      const change = { field, from: storedToValue(c.field, c.from_value)!, to: storedToValue(c.field, c.to_value)! };
      return {
        id: c.id,
        effectiveOn: c.effective_on,
        kind: changeKindLabel(field, change.from, change.to),
        text: describeChange(change, orgNames),
        note: c.note ?? "",
        source: c.source === "import" ? "花名册导入" : "干部页面",
        recordedBy: c.recorderName ?? "—",
        recordedAt: formatDateTime(c.recorded_at, context.timeZone),
      };
    }),
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
      birthDate: cadre.birth_date,
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
    return data<ActionResult>({ error: "您不能管理这个账号", newPassword: null, done: null }, { status: 403 });
  }
  const form = parseForm(await readFormData(request), CadreActionSchema);
  if (!form.ok) {
    return data<ActionResult>({ error: "请检查标红的字段", newPassword: null, done: null, fieldErrors: form.fieldErrors }, { status: 400 });
  }
  const base = { actorId: user.id, cadre, ip: context.clientAddress, now: new Date() };
  switch (form.data.intent) {
    case "update": {
      const { name, orgId, rank, isLeader, isPartyMember, birthDate, effectiveOn, note } = form.data;
      const outcome = await updateCadre(context.db, scope, {
        cadreId: cadre.id,
        fields: { name, orgId, rank, isLeader, isPartyMember, birthDate: birthDate === undefined ? cadre.birth_date : birthDate },
        effectiveOn,
        note,
        actorId: user.id,
        ip: context.clientAddress,
        now: base.now,
        timeZone: context.timeZone,
      });
      if (outcome.kind === "not_found") return notFoundInScope(request, context, user);
      if (outcome.kind === "refused") {
        return data<ActionResult>({ error: outcome.message, newPassword: null, done: null, fieldErrors: { [outcome.field]: outcome.message } }, { status: 400 });
      }
      if (outcome.kind === "unchanged") return { error: null, newPassword: null, done: "没有需要保存的修改" };
      const { added, removed, moved } = outcome.audience;
      const audience = added + removed + moved > 0 ? `；进行中的考试：加入 ${added} 场，移出 ${removed} 场，转入新组织 ${moved} 场` : "";
      return { error: null, newPassword: null, done: `已保存 ${outcome.changes.length} 项修改${audience}` };
    }
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
  const { cadre, mayManage, isAdmin, orgs, edit, changes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
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
        {" · "}
        <Link to={`/manage/cadres/${cadre.id}/record`}>个人学习档案</Link>
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
            <dt>出生日期</dt>
            <dd>{cadre.birthDate ?? "未登记"}</dd>
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
      {mayManage ? <CadreEditForm {...edit} fieldErrors={result?.fieldErrors ?? {}} /> : null}
      <CadreChangeHistory changes={changes} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "干部详情 · 考学" }];
