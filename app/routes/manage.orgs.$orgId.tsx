import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { readFormData } from "~/utils/request.server";
import { controlProps, Field } from "~/components/exams/form-field";
import { ORG_KINDS } from "../../db/schema";
import { ORG_KIND_LABELS } from "~/domain/labels";
import { getOrgInScope, moveOrg, renameOrg, setOrgActive } from "~/models/org-maintenance.server";
import { countMembersByOrg, listOrgs, orgDepth, scopeForOrg } from "~/models/orgs.server";
import { OrgActionSchema } from "~/schemas/orgs.server";
import { notFoundInScope, requireManager } from "~/utils/auth.server";
import { type FieldErrors, parseForm } from "~/utils/forms";
import { idParam } from "~/utils/params.server";

type ActionResult = { intent: string | null; done: string | null; error: string | null; fieldErrors: FieldErrors };

async function loadOrg({ request, context, params }: LoaderFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const orgId = idParam(params.orgId);
  const org = orgId ? await getOrgInScope(context.db, scope, orgId) : undefined;
  if (!org) return notFoundInScope(request, context, user);
  return { user, scope, org };
}

export async function loader(args: LoaderFunctionArgs) {
  const { scope, org } = await loadOrg(args);
  const { db } = args.context;
  const all = await listOrgs(db, scope);
  const subtree = await listOrgs(db, await scopeForOrg(db, org.id));
  const members = await countMembersByOrg(db, scope);
  const inSubtree = new Set(subtree.map((o) => o.id));
  const names = new Map((await listOrgs(db, { kind: "all" })).map((o) => [o.id, o.name]));
  const ancestors = org.path.split("/").filter(Boolean).map(Number).slice(0, -1);
  const baseDepth = all.length ? orgDepth(all[0]) : 0;
  return {
    org: {
      id: org.id,
      name: org.name,
      kind: org.kind,
      kindLabel: ORG_KIND_LABELS[org.kind],
      active: Boolean(org.active),
      parentId: org.parent_id,
      trail: ancestors.map((id) => names.get(id) ?? "—"),
      members: members.get(org.id) ?? 0,
      subtreeMembers: subtree.reduce((n, o) => n + (members.get(o.id) ?? 0), 0),
      children: subtree.filter((o) => o.parent_id === org.id).map((o) => ({ id: o.id, name: o.name, active: Boolean(o.active) })),
    },
    isScopeRoot: scope.kind === "subtree" && scope.orgId === org.id,
    // A new parent: active, in scope, not inside the moved subtree, not the current parent.
    parents: all
      .filter((o) => o.active && !inSubtree.has(o.id) && o.id !== org.parent_id)
      .map((o) => ({ id: o.id, name: o.name, depth: orgDepth(o) - baseDepth })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, scope, org } = await loadOrg(args);
  const { request, context } = args;
  const form = parseForm(await readFormData(request), OrgActionSchema);
  if (!form.ok) return data<ActionResult>({ intent: null, done: null, error: Object.values(form.fieldErrors)[0] ?? "请求无效", fieldErrors: form.fieldErrors }, { status: 400 });
  const actor = { actorId: user.id, ip: context.clientAddress, now: new Date() };
  const input = form.data;
  const outcome =
    input.intent === "rename"
      ? await renameOrg(context.db, scope, { ...actor, orgId: org.id, name: input.name, kind: input.kind })
      : input.intent === "move"
        ? await moveOrg(context.db, scope, { ...actor, orgId: org.id, parentId: input.parentId })
        : await setOrgActive(context.db, scope, { ...actor, orgId: org.id, active: input.intent === "activate" });
  if (outcome.kind === "not_found") return notFoundInScope(request, context, user);
  if (outcome.kind === "refused") {
    return data<ActionResult>({ intent: input.intent, done: null, error: outcome.message, fieldErrors: { [outcome.field]: outcome.message } }, { status: 400 });
  }
  return { intent: input.intent, done: outcome.message, error: null, fieldErrors: {} } satisfies ActionResult;
}

export default function OrgPage() {
  const { org, parents, isScopeRoot } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const errors = result?.fieldErrors ?? {};
  const p = (name: string) => controlProps(name, errors[name]);
  return (
    <>
      <p>
        <Link to="/manage/orgs">← 组织架构</Link>
      </p>
      <h1>
        {org.name} <span className="badge">{org.kindLabel}</span> {org.active ? null : <span className="badge red">已停用</span>}
      </h1>
      {result?.done ? (
        <p className="alert success" role="status">
          {result.done}
        </p>
      ) : null}
      {result?.error && (result.intent === "deactivate" || result.intent === "activate" || result.intent === null) ? (
        <p className="alert error" role="alert">
          {result.error}
        </p>
      ) : null}
      <section className="card" aria-label="组织信息">
        <dl className="facts">
          <dt>上级</dt>
          <dd>{org.trail.length ? org.trail.join(" › ") : "（最上级组织）"}</dd>
          <dt>在册干部</dt>
          <dd>
            <Link to={`/manage/cadres?orgId=${org.id}`}>
              本组织 {org.members} 人，含下级共 {org.subtreeMembers} 人
            </Link>
          </dd>
          <dt>下级组织</dt>
          <dd>
            {org.children.length === 0
              ? "无"
              : org.children.map((c, i) => (
                  <span key={c.id}>
                    {i > 0 ? "、" : ""}
                    <Link to={`/manage/orgs/${c.id}`}>{c.name}</Link>
                    {c.active ? "" : "（已停用）"}
                  </span>
                ))}
          </dd>
        </dl>
      </section>
      <div className="grid cols-2">
        <section className="card" aria-labelledby="rename-org">
          <h2 id="rename-org">修改名称或类型</h2>
          <p className="muted">改名不影响历史成绩：成绩按组织记录，报表显示新名称。</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="rename" />
            <Field name="name" label="组织名称" error={errors.name}>
              <input {...p("name")} type="text" defaultValue={org.name} maxLength={40} />
            </Field>
            <Field name="kind" label="类型" error={errors.kind}>
              <select {...p("kind")} defaultValue={org.kind}>
                {ORG_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {ORG_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </Field>
            <button type="submit" className="button secondary block">
              保存
            </button>
          </Form>
        </section>
        {isScopeRoot ? null : (
          <section className="card" aria-labelledby="move-org">
            <h2 id="move-org">移到其他上级组织之下</h2>
            <p className="muted">下级组织和干部一起移动；已取得的成绩仍记在本组织名下。进行中的考试按新位置调整参考人员（已作答的不受影响）。</p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="move" />
              <Field name="parentId" label="新的上级组织" error={errors.parentId}>
                <select {...p("parentId")} defaultValue="">
                  <option value="">请选择</option>
                  {parents.map((o) => (
                    <option key={o.id} value={o.id}>
                      {"　".repeat(o.depth)}
                      {o.name}
                    </option>
                  ))}
                </select>
              </Field>
              <button type="submit" className="button secondary block">
                移动
              </button>
            </Form>
          </section>
        )}
      </div>
      {isScopeRoot ? null : (
        <section className="card" aria-labelledby="org-state">
          <h2 id="org-state">{org.active ? "停用组织" : "启用组织"}</h2>
          <p className="muted">
            {org.active
              ? "撤并的组织可以停用：停用后不能再调入干部或发布考试，历史成绩和报表保留。须先调走全部在册干部、停用下级组织。"
              : "启用后可以重新调入干部、作为考试的所属组织。"}
          </p>
          <Form method="post">
            <button type="submit" name="intent" value={org.active ? "deactivate" : "activate"} className={org.active ? "button danger" : "button secondary"}>
              {org.active ? "停用" : "启用"}
            </button>
          </Form>
        </section>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.org.name ?? "组织"} · 考学` }];
