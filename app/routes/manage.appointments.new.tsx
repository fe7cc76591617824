import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { controlProps, Field } from "~/components/exams/form-field";
import { ageOn, dateIn, isOpenBook } from "~/domain/appointments/calendar";
import { describeRules } from "~/domain/appointments/rules";
import { RANK_LABELS } from "~/domain/labels";
import { bureauOf, getRules } from "~/models/appointment-settings.server";
import { listTemplateExams, validEarlierPasses } from "~/models/appointment-test.server";
import { createCase, findCadreInScope, listResponsibleOrganizers, openCaseOf } from "~/models/appointments.server";
import { CaseCreateSchema, CaseLookupSchema } from "~/schemas/appointments.server";
import { requireManager } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { readFormData } from "~/utils/request.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const lookup = CaseLookupSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const today = dateIn(new Date(), context.timeZone);
  const templates = await listTemplateExams(context.db, scope);
  if (!lookup.employeeNo) return { today, employeeNo: "", lookupError: null, cadre: null, templates, userId: user.id };
  const cadre = await findCadreInScope(context.db, scope, lookup.employeeNo);
  if (!cadre) {
    return { today, employeeNo: lookup.employeeNo, lookupError: `工号 ${lookup.employeeNo} 不是您管理范围内的在册干部`, cadre: null, templates, userId: user.id };
  }
  const { rules } = await getRules(context.db, await bureauOf(context.db, cadre.org_id));
  const open = await openCaseOf(context.db, cadre.id);
  const passes = await validEarlierPasses(context.db, { cadreId: cadre.id, decidedOn: today, validityYears: rules.validityYears, timeZone: context.timeZone });
  const organizers = await listResponsibleOrganizers(context.db, scope, cadre.orgPath);
  return {
    today,
    employeeNo: cadre.employee_no,
    lookupError: null,
    templates,
    userId: user.id,
    cadre: {
      name: cadre.name,
      employeeNo: cadre.employee_no,
      orgName: cadre.orgName,
      rank: RANK_LABELS[cadre.rank],
      birthDate: cadre.birth_date,
      age: cadre.birth_date ? ageOn(cadre.birth_date, today) : null,
      openBookToday: isOpenBook({ birthDate: cadre.birth_date, decidedOn: today, openBookAge: rules.openBookAge }),
      openBookAge: rules.openBookAge,
      openCase: open ? { id: open.id, post: open.post } : null,
      passes: passes.map((p) => ({ id: p.attemptId, label: `${p.passedOn} 通过 ${p.examTitle}（${p.score} 分，有效期至 ${p.validUntil}）` })),
      organizers: organizers.map((o) => ({ id: o.id, label: `${o.name}（${o.employee_no}${o.scopeName ? `，${o.scopeName}` : "，管理员"}）` })),
      rules: describeRules(rules),
    },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const form = await readFormData(request);
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
  const parsed = parseForm(form, CaseCreateSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  const created = await createCase(context.db, scope, { ...parsed.data, actorId: user.id, ip: context.clientAddress, now: new Date(), timeZone: context.timeZone });
  if (created.kind === "refused") return data({ fieldErrors: created.fieldErrors, values }, { status: 422 });
  throw redirect(`/manage/appointments/${created.caseId}?created=1`);
}

export default function NewAppointmentPage() {
  const { today, employeeNo, lookupError, cadre, templates, userId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  const value = (name: string, fallback = "") => values[name] ?? fallback;
  const testSource = value("testSource", cadre?.passes.length ? `reuse:${cadre.passes[0].id}` : "standard");
  return (
    <>
      <p>
        <Link to="/manage/appointments">← 任前事项</Link>
      </p>
      <h1>新建任前事项</h1>
      <Form method="get" className="card" aria-label="查找干部">
        <Field name="employeeNo" label="干部工号" error={lookupError ?? undefined} hint="先按工号找到拟任职的干部。">
          <div className="search-row">
            <input type="search" {...controlProps("employeeNo", lookupError ?? undefined)} defaultValue={employeeNo} autoComplete="off" />
            <button type="submit" className="button secondary">
              查找
            </button>
          </div>
        </Field>
      </Form>

      {cadre ? (
        <Form method="post" className="card" aria-label="任前事项">
          <h2>
            {cadre.name}（{cadre.employeeNo}）
          </h2>
          <p className="muted">
            {cadre.orgName} · {cadre.rank} · {cadre.birthDate ? `出生日期 ${cadre.birthDate}（${cadre.age} 周岁）` : "未登记出生日期"}
          </p>
          {cadre.openCase ? (
            <p className="alert warning" role="alert">
              该干部已有进行中的任前事项：<Link to={`/manage/appointments/${cadre.openCase.id}`}>拟任{cadre.openCase.post}</Link>，办结后才能新建。
            </p>
          ) : null}
          <p className="muted">
            考试方式：
            {cadre.openBookAge === null
              ? "闭卷（局设置不安排开卷）"
              : cadre.birthDate
                ? `按任用决定之日的年龄确定，年满 ${cadre.openBookAge} 周岁开卷${cadre.openBookToday ? "（以今天为决定日期：开卷）" : "（以今天为决定日期：闭卷）"}`
                : "闭卷（未登记出生日期；如需按年龄开卷，请先在干部信息中登记出生日期）"}
          </p>
          <input type="hidden" name="employeeNo" value={cadre.employeeNo} />
          <div className="form-grid">
            <Field name="post" label="新任职务" error={errors.post}>
              <input type="text" {...controlProps("post", errors.post)} defaultValue={value("post")} maxLength={60} required />
            </Field>
            <Field name="documentNo" label="任用文号（可选）" error={errors.documentNo}>
              <input type="text" {...controlProps("documentNo", errors.documentNo)} defaultValue={value("documentNo")} maxLength={60} />
            </Field>
            <Field name="decidedOn" label="任用决定日期" error={errors.decidedOn}>
              <input type="date" {...controlProps("decidedOn", errors.decidedOn)} defaultValue={value("decidedOn", today)} max={today} required />
            </Field>
            <Field name="organizerId" label="负责的组织者" error={errors.organizerId}>
              <select {...controlProps("organizerId", errors.organizerId)} defaultValue={value("organizerId", String(userId))}>
                {cadre.organizers.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <fieldset className="field">
            <legend className="label">任前考试</legend>
            <div className="check-list tree-list">
              <label>
                <input type="radio" name="testSource" value="standard" defaultChecked={testSource === "standard"} /> 按局设置组卷，为该干部单独安排考试
              </label>
              {templates.length > 0 ? (
                <label>
                  <input type="radio" name="testSource" value="template" defaultChecked={testSource === "template"} /> 使用已有任前考试的试卷：
                  <select name="templateExamId" aria-label="作为试卷的任前考试" defaultValue={value("templateExamId")}>
                    <option value="">请选择</option>
                    {templates.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.title}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              {cadre.passes.map((p) => (
                <label key={p.id}>
                  <input type="radio" name="testSource" value={`reuse:${p.id}`} defaultChecked={testSource === `reuse:${p.id}`} /> 沿用有效期内的合格成绩：{p.label}
                </label>
              ))}
            </div>
            {errors.testSource ? <p className="field-error">{errors.testSource}</p> : null}
            {errors.templateExamId ? <p className="field-error">{errors.templateExamId}</p> : null}
            {errors.reuseAttemptId ? <p className="field-error">{errors.reuseAttemptId}</p> : null}
          </fieldset>
          {errors.employeeNo ? (
            <p className="alert error" role="alert">
              {errors.employeeNo}
            </p>
          ) : null}
          <ul className="muted">
            {cadre.rules.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <button type="submit" className="button block" disabled={navigation.state === "submitting" || Boolean(cadre.openCase)}>
            {navigation.state === "submitting" ? "正在建立…" : "建立任前事项"}
          </button>
        </Form>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "新建任前事项 · 考学" }];
