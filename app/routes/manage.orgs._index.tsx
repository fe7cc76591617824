import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { readFormData } from "~/utils/request.server";
import { controlProps, Field } from "~/components/exams/form-field";
import { ORG_KINDS } from "../../db/schema";
import { ORG_KIND_LABELS } from "~/domain/labels";
import { addOrg } from "~/models/org-maintenance.server";
import { countMembersByOrg, listOrgs, orgDepth } from "~/models/orgs.server";
import { OrgCreateSchema } from "~/schemas/orgs.server";
import { requireManager } from "~/utils/auth.server";
import { type FieldErrors, parseForm } from "~/utils/forms";

type ActionResult = { done: string | null; fieldErrors: FieldErrors };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { scope } = await requireManager(request, context);
  const orgs = await listOrgs(context.db, scope);
  const members = await countMembersByOrg(context.db, scope);
  const baseDepth = orgs.length ? orgDepth(orgs[0]) : 0;
  return {
    mayCreateTopLevel: scope.kind === "all",
    orgs: orgs.map((o) => ({
      id: o.id,
      name: o.name,
      kind: ORG_KIND_LABELS[o.kind],
      active: Boolean(o.active),
      depth: Math.min(orgDepth(o) - baseDepth, 3),
      fullDepth: orgDepth(o) - baseDepth,
      members: members.get(o.id) ?? 0,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const form = parseForm(await readFormData(request), OrgCreateSchema);
  if (!form.ok) return data<ActionResult>({ done: null, fieldErrors: form.fieldErrors }, { status: 400 });
  const outcome = await addOrg(context.db, scope, { ...form.data, actorId: user.id, ip: context.clientAddress, now: new Date() });
  if (outcome.kind === "refused") return data<ActionResult>({ done: null, fieldErrors: { [outcome.field]: outcome.message } }, { status: 400 });
  if (outcome.kind === "not_found") return data<ActionResult>({ done: null, fieldErrors: { parentId: "上级组织不在您的管理范围内" } }, { status: 400 });
  return { done: outcome.message, fieldErrors: {} } satisfies ActionResult;
}

export default function OrgTreePage() {
  const { orgs, mayCreateTopLevel } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const errors = result?.fieldErrors ?? {};
  const p = (name: string) => controlProps(name, errors[name]);
  return (
    <>
      <h1>组织架构</h1>
      {result?.done ? (
        <p className="alert success" role="status">
          {result.done}
        </p>
      ) : null}
      <div className="card">
        {orgs.length === 0 ? <p>还没有组织。</p> : null}
        <ul className="tree">
          {orgs.map((org) => (
            <li key={org.id} className={`depth-${org.depth}`}>
              <span>
                <Link to={`/manage/orgs/${org.id}`}>{org.name}</Link> <span className="badge">{org.kind}</span>
                {org.active ? null : <span className="badge red">已停用</span>}
              </span>
              <Link to={`/manage/cadres?orgId=${org.id}`}>{org.members} 人</Link>
            </li>
          ))}
        </ul>
      </div>
      <section className="card" aria-labelledby="new-org">
        <h2 id="new-org">新建组织</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create" />
          <div className="form-grid">
            <Field name="name" label="组织名称" error={errors.name} hint="全称，花名册按名称对应组织，不能与已有组织重名">
              <input {...p("name")} type="text" maxLength={40} />
            </Field>
            <Field name="kind" label="类型" error={errors.kind}>
              <select {...p("kind")} defaultValue="branch">
                {ORG_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {ORG_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="parentId" label="上级组织" error={errors.parentId}>
              <select {...p("parentId")} defaultValue={orgs[0]?.id ?? ""}>
                {mayCreateTopLevel ? <option value="">（无，作为最上级组织）</option> : null}
                {orgs
                  .filter((o) => o.active)
                  .map((o) => (
                    <option key={o.id} value={o.id}>
                      {"　".repeat(o.fullDepth)}
                      {o.name}
                    </option>
                  ))}
              </select>
            </Field>
          </div>
          <button type="submit" className="button block">
            新建
          </button>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "组织架构 · 考学" }];
