import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { controlProps, Field } from "~/components/exams/form-field";
import { REGULATION_STATUS_LABELS } from "~/domain/law-study/official-text";
import { bankChoices } from "~/models/exam-editor.server";
import { createModule } from "~/models/law-modules.server";
import { listOrgs } from "~/models/orgs.server";
import { listRegulations, listVersionChoices } from "~/models/regulations.server";
import { ModuleFormSchema } from "~/schemas/law-study.server";
import { requireManager } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { readFormData } from "~/utils/request.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireManager(request, context);
  const versions = await listVersionChoices(context.db);
  const withText = new Set(versions.map((v) => v.regulationId));
  const regulations = (await listRegulations(context.db)).filter((r) => !withText.has(r.id));
  return {
    sources: [
      ...versions.map((v) => ({
        value: `v:${v.id}`,
        label: `${v.title} · 第 ${v.version} 版原文（${v.article_count} 条）${v.status === "in_force" ? "" : ` · ${REGULATION_STATUS_LABELS[v.status]}`}`,
      })),
      ...regulations.map((r) => ({ value: `r:${r.id}`, label: `${r.title} · 未导入原文（只写要点）` })),
    ],
    banks: (await bankChoices(context.db)).flatMap((b) => b.versions.map((v) => ({ value: `${b.slug}@${v}`, label: `${b.title} 第 ${v} 版` }))),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const formData = await readFormData(request);
  const values = Object.fromEntries([...formData.entries()].map(([k, v]) => [k, typeof v === "string" ? v : ""]));
  const parsed = parseForm(formData, ModuleFormSchema);
  if (!parsed.ok) return data({ errors: parsed.fieldErrors, values }, { status: 422 });
  // Modules belong to the organizer's scope org (an admin's: the top of the tree), so every meeting below may study them.
  const ownerOrgId = scope.kind === "subtree" ? scope.orgId : (await listOrgs(context.db, scope))[0]?.id;
  if (!ownerOrgId) throw new Response("请先建立组织架构", { status: 409 });
  const result = await createModule(context.db, { form: parsed.data, ownerOrgId, actorId: user.id, ip: context.clientAddress, now: new Date() });
  if (!result.ok) return data({ errors: result.errors, values }, { status: 422 });
  return redirect(`/manage/law-study/modules/${result.moduleId}?created=1`);
}

export default function NewModulePage() {
  const { sources, banks } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const v: Record<string, string> = result?.values ?? {};
  return (
    <>
      <p>
        <Link to="/manage/law-study/modules">← 学法模块</Link>
      </p>
      <h1>新建学法模块</h1>
      {Object.keys(errors).length ? (
        <p className="alert error" role="alert">
          有 {Object.keys(errors).length} 处需要修改，未保存。
        </p>
      ) : null}
      <Form method="post" className="card">
        <Field name="title" label="模块名称" error={errors.title}>
          <input {...controlProps("title", errors.title)} defaultValue={v.title} maxLength={80} required placeholder="如 森林法：森林保护" />
        </Field>
        <Field name="source" label="学习的法规（固定使用所选版本）" error={errors.source}>
          <select {...controlProps("source", errors.source)} defaultValue={v.source}>
            {sources.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </Field>
        <Field name="focus" label="重点条文（留空为全文）" error={errors.focus} hint="如：第二十八条、第三十一条、第五十六条">
          <input {...controlProps("focus", errors.focus)} defaultValue={v.focus} maxLength={2000} />
        </Field>
        <Field name="keyPoints" label="学习要点（每行一条，写明依据的条文）" error={errors.keyPoints} hint="用自己的话概括，每条注明依据，如：采伐林地上的林木须申请采伐许可证（第五十六条）。">
          <textarea {...controlProps("keyPoints", errors.keyPoints)} defaultValue={v.keyPoints} rows={8} required />
        </Field>
        <fieldset className="plain">
          <legend>测验（可选）</legend>
          <Field name="quizKind" label="测验方式" error={errors.quizKind}>
            <select {...controlProps("quizKind", errors.quizKind)} defaultValue={v.quizKind ?? "none"}>
              <option value="none">不设测验</option>
              <option value="draw">从题库随机抽题</option>
              <option value="fixed">指定试题</option>
            </select>
          </Field>
          <Field name="quizBank" label="抽题题库（固定版本）" error={errors.quizBank}>
            <select {...controlProps("quizBank", errors.quizBank)} defaultValue={v.quizBank}>
              <option value="">（请选择）</option>
              {banks.map((b) => (
                <option key={b.value} value={b.value}>
                  {b.label}
                </option>
              ))}
            </select>
          </Field>
          <div className="form-grid">
            <Field name="quizSingle" label="单选题数" error={errors.quizSingle}>
              <input {...controlProps("quizSingle", errors.quizSingle)} type="number" min={0} max={20} defaultValue={v.quizSingle ?? "5"} />
            </Field>
            <Field name="quizJudge" label="判断题数" error={errors.quizJudge}>
              <input {...controlProps("quizJudge", errors.quizJudge)} type="number" min={0} max={20} defaultValue={v.quizJudge ?? "5"} />
            </Field>
          </div>
          <Field name="quizFixed" label="指定试题（每行一题：题库标识@版本#题号）" error={errors.quizFixed}>
            <textarea {...controlProps("quizFixed", errors.quizFixed)} defaultValue={v.quizFixed} rows={4} placeholder="senlinfa-2019@2#q001" />
          </Field>
          <Field name="passMark" label="及格分（满分 100）" error={errors.passMark}>
            <input {...controlProps("passMark", errors.passMark)} type="number" min={0} max={100} defaultValue={v.passMark ?? "60"} />
          </Field>
        </fieldset>
        <button type="submit" className="button">
          保存模块
        </button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "新建学法模块 · 考学" }];
