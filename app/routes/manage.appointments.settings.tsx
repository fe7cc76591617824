import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";

import { controlProps, Field } from "~/components/exams/form-field";
import { describeRules, RULE_SECTION_LABELS, rulesMaxScore, SECOND_FAIL_ACTIONS, SECOND_FAIL_LABELS } from "~/domain/appointments/rules";
import { currentCommitmentText, getRules, listBureaus, listCommitmentTexts, saveCommitmentText, saveRules } from "~/models/appointment-settings.server";
import { CommitmentTextFormSchema, RulesFormSchema, SettingsQuerySchema } from "~/schemas/appointments.server";
import { requireRole } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { formatDateTime } from "~/utils/time";
import { readFormData } from "~/utils/request.server";

async function chooseBureau(context: LoaderFunctionArgs["context"], requested: number | undefined) {
  const bureaus = await listBureaus(context.db);
  const bureau = bureaus.find((b) => b.id === requested) ?? bureaus[0];
  if (!bureau) throw new Response("还没有组织，请先建立组织架构", { status: 404 });
  return { bureaus, bureau };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["admin"]);
  const query = SettingsQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { bureaus, bureau } = await chooseBureau(context, query.bureau);
  const now = new Date();
  const settings = await getRules(context.db, bureau.id);
  const text = await currentCommitmentText(context.db, bureau.id, now);
  const versions = await listCommitmentTexts(context.db, bureau.id);
  return {
    bureaus,
    bureau,
    rules: settings.rules,
    maxScore: rulesMaxScore(settings.rules),
    summary: describeRules(settings.rules),
    updated: settings.updatedAt ? `${formatDateTime(settings.updatedAt, context.timeZone)} · ${settings.updatedBy ?? ""}` : "尚未修改（使用默认设置）",
    text: { title: text.title, body: text.body, version: text.version },
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      title: v.title,
      createdAt: formatDateTime(v.createdAt, context.timeZone),
      createdBy: v.createdBy ?? "系统默认",
      signatures: Number(v.signatures),
    })),
  };
}

type ActionResult = { form: "rules" | "text"; message: string; fieldErrors: Record<string, string>; values: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, context, ["admin"]);
  const form = await readFormData(request);
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
  const { bureau } = await chooseBureau(context, Number(values.bureau));
  if (String(bureau.id) !== values.bureau) return data<ActionResult>({ form: "rules", message: "请选择林业局", fieldErrors: {}, values }, { status: 400 });
  const actor = { actorId: user.id, ip: context.clientAddress, now: new Date(), bureauOrgId: bureau.id };
  if (values.intent === "text") {
    const parsed = parseForm(form, CommitmentTextFormSchema);
    if (!parsed.ok) return data<ActionResult>({ form: "text", message: "承诺书未保存", fieldErrors: parsed.fieldErrors, values }, { status: 400 });
    const saved = await saveCommitmentText(context.db, { ...actor, ...parsed.data });
    throw redirect(`/manage/appointments/settings?bureau=${bureau.id}&text=${saved.kind}`);
  }
  const parsed = parseForm(form, RulesFormSchema);
  if (!parsed.ok) return data<ActionResult>({ form: "rules", message: "设置未保存", fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  const saved = await saveRules(context.db, { ...actor, rules: parsed.data });
  if (saved.kind === "invalid") return data<ActionResult>({ form: "rules", message: "设置未保存", fieldErrors: saved.fieldErrors, values }, { status: 422 });
  throw redirect(`/manage/appointments/settings?bureau=${bureau.id}&rules=${saved.kind}`);
}

const NOTICES: Record<string, string> = {
  "rules=saved": "任前设置已保存，此后新建的任前事项按新设置办理；已建立的事项仍按建立时的设置。",
  "rules=unchanged": "设置没有变化。",
  "text=saved": "承诺书已保存为新版本；已签署的承诺书保持签署时的版本。",
  "text=unchanged": "承诺书内容没有变化。",
};

export default function AppointmentSettingsPage() {
  const s = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result?.fieldErrors ?? {};
  const rulesValues = result?.form === "rules" ? result.values : null;
  const textValues = result?.form === "text" ? result.values : null;
  const v = (name: string, fallback: string | number) => rulesValues?.[name] ?? String(fallback);
  const notice = ["rules", "text"].map((k) => `${k}=${params.get(k)}`).find((k) => NOTICES[k]);
  const checked = (name: string, fallback: boolean) => (rulesValues ? rulesValues[name] === "on" : fallback);
  return (
    <>
      <p>
        <Link to="/manage/appointments">← 任前事项</Link>
      </p>
      <h1>任前设置</h1>
      {s.bureaus.length > 1 ? (
        <Form method="get" className="filters">
          <label htmlFor="bureau">林业局</label>
          <select id="bureau" name="bureau" defaultValue={s.bureau.id}>
            {s.bureaus.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button secondary">
            切换
          </button>
        </Form>
      ) : (
        <p className="muted">{s.bureau.name}</p>
      )}
      {notice ? (
        <p className="alert success" role="status">
          {NOTICES[notice]}
        </p>
      ) : null}
      {result?.message ? (
        <p className="alert error" role="alert">
          {result.message}
          {errors.sections ? `：${errors.sections}` : ""}
        </p>
      ) : null}

      <Form method="post" className="card" aria-label="考试与办理规则">
        <input type="hidden" name="bureau" value={s.bureau.id} />
        <input type="hidden" name="intent" value="rules" />
        <h2>考试与办理规则</h2>
        <p className="muted">最近修改：{s.updated}</p>
        <ul className="muted">
          {s.summary.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <div className="form-grid">
          <Field name="passMark" label={`及格线（当前满分 ${s.maxScore} 分）`} error={errors.passMark}>
            <input type="number" step="0.5" min="1" {...controlProps("passMark", errors.passMark)} defaultValue={v("passMark", s.rules.passMark)} />
          </Field>
          <Field name="durationMinutes" label="考试时长（分钟）" error={errors.durationMinutes}>
            <input type="number" min="5" max="600" {...controlProps("durationMinutes", errors.durationMinutes)} defaultValue={v("durationMinutes", s.rules.durationMinutes)} />
          </Field>
          <Field name="windowDays" label="考试期限（建立事项后多少天内完成，含补考）" error={errors.windowDays}>
            <input type="number" min="1" max="365" {...controlProps("windowDays", errors.windowDays)} defaultValue={v("windowDays", s.rules.windowDays)} />
          </Field>
          <Field name="validityYears" label="考试合格有效期（年）" error={errors.validityYears}>
            <input type="number" min="1" max="10" {...controlProps("validityYears", errors.validityYears)} defaultValue={v("validityYears", s.rules.validityYears)} />
          </Field>
        </div>
        <fieldset className="field">
          <legend className="label">试卷（从各题库最新版本抽题；题数 0 表示不考该题型；最低分可不填）</legend>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">题型</th>
                  <th scope="col">题数</th>
                  <th scope="col">每题分值</th>
                  <th scope="col">该部分最低分</th>
                </tr>
              </thead>
              <tbody>
                {s.rules.sections.map((section, i) => (
                  <tr key={section.type}>
                    <th scope="row">{RULE_SECTION_LABELS[section.type]}</th>
                    {(["count", "points", "minScore"] as const).map((key) => {
                      const name = `sections.${i}.${key}`;
                      return (
                        <td key={key}>
                          <input
                            type="number"
                            min="0"
                            step={key === "count" ? "1" : "0.5"}
                            aria-label={`${RULE_SECTION_LABELS[section.type]}${key === "count" ? "题数" : key === "points" ? "每题分值" : "最低分"}`}
                            {...controlProps(name, errors[name])}
                            defaultValue={v(name, section[key] ?? "")}
                          />
                          {errors[name] ? <p className="field-error">{errors[name]}</p> : null}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </fieldset>
        <div className="check-list tree-list">
          <label>
            <input type="checkbox" name="makeupAllowed" defaultChecked={checked("makeupAllowed", s.rules.makeupAllowed)} /> 未通过的允许补考一次（重新抽题）
          </label>
        </div>
        <fieldset className="field">
          <legend className="label">补考仍未通过（或不允许补考时未通过）的处理</legend>
          <div className="check-row">
            {SECOND_FAIL_ACTIONS.map((a) => (
              <label key={a}>
                <input type="radio" name="secondFailAction" value={a} defaultChecked={v("secondFailAction", s.rules.secondFailAction) === a} /> {SECOND_FAIL_LABELS[a]}
              </label>
            ))}
          </div>
          {errors.secondFailAction ? <p className="field-error">{errors.secondFailAction}</p> : null}
        </fieldset>
        <div className="check-list tree-list">
          <label>
            <input type="checkbox" name="openBook" defaultChecked={checked("openBook", s.rules.openBookAge !== null)} /> 达到以下年龄的干部开卷考试（按任用决定之日的周岁计算，须登记出生日期）
          </label>
        </div>
        <Field name="openBookAge" label="开卷年龄（周岁）" error={errors.openBookAge}>
          <input type="number" min="18" max="80" {...controlProps("openBookAge", errors.openBookAge)} defaultValue={v("openBookAge", s.rules.openBookAge ?? 50)} />
        </Field>
        <button type="submit" className="button block">
          保存规则
        </button>
      </Form>

      <Form method="post" className="card" aria-label="廉政承诺书">
        <input type="hidden" name="bureau" value={s.bureau.id} />
        <input type="hidden" name="intent" value="text" />
        <h2>廉政承诺书（当前第 {s.text.version} 版）</h2>
        <p className="muted">修改后保存为新版本；干部签署时记录所签的版本，已签署的承诺书不受修改影响。段落之间空一行。</p>
        <Field name="title" label="标题" error={errors.title}>
          <input type="text" {...controlProps("title", errors.title)} defaultValue={textValues?.title ?? s.text.title} maxLength={40} />
        </Field>
        <Field name="body" label="正文" error={errors.body}>
          <textarea {...controlProps("body", errors.body)} rows={18} defaultValue={textValues?.body ?? s.text.body} maxLength={5000} />
        </Field>
        <button type="submit" className="button block">
          保存为新版本
        </button>
      </Form>

      <section className="card" aria-labelledby="versions-title">
        <h2 id="versions-title">承诺书版本</h2>
        <div className="table-wrap">
          <table className="stack" aria-label="承诺书版本">
            <thead>
              <tr>
                <th scope="col">版本</th>
                <th scope="col">标题</th>
                <th scope="col">保存时间</th>
                <th scope="col">保存人</th>
                <th scope="col" className="num">
                  签署人数
                </th>
              </tr>
            </thead>
            <tbody>
              {s.versions.map((ver) => (
                <tr key={ver.id}>
                  <td data-label="版本">第 {ver.version} 版</td>
                  <td data-label="标题">{ver.title}</td>
                  <td data-label="保存时间">{ver.createdAt}</td>
                  <td data-label="保存人">{ver.createdBy}</td>
                  <td className="num" data-label="签署人数">{ver.signatures}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "任前设置 · 考学" }];
