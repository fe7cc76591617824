import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";

import { controlProps, Field } from "~/components/exams/form-field";
import { closedMessage, isClosed } from "~/domain/appointments/case-machine";
import { currentCommitmentText, getCommitmentText } from "~/models/appointment-settings.server";
import { getOwnCase, signCommitment } from "~/models/appointments.server";
import { CaseIdSchema, SignCommitmentSchema } from "~/schemas/appointments.server";
import { notFoundInScope, requireUser } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { formatDateTimeSeconds } from "~/utils/time";
import { readFormData } from "~/utils/request.server";

// The cadre signs on a phone, often without a reliable network: a plain form that works without JavaScript.

async function loadOwnCase({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const id = CaseIdSchema.safeParse(params.caseId);
  const found = id.success ? await getOwnCase(context.db, user.id, id.data) : undefined;
  if (!found) return notFoundInScope(request, context, user);
  return { user, found };
}

export async function loader(args: LoaderFunctionArgs) {
  const { found } = await loadOwnCase(args);
  const { context } = args;
  const signed = found.commitment_text_id ? await getCommitmentText(context.db, found.commitment_text_id) : undefined;
  const text = signed ?? (isClosed(found.status) ? undefined : await currentCommitmentText(context.db, found.bureau_org_id, new Date()));
  return {
    id: found.id,
    post: found.post,
    orgName: found.orgName,
    text: text ? { id: text.id, version: text.version, title: text.title, paragraphs: text.body.split(/\n\s*\n/) } : null,
    signature: found.commitment_signed_at
      ? { at: formatDateTimeSeconds(found.commitment_signed_at, context.timeZone), name: found.commitment_signed_name ?? "" }
      : null,
    closedMessage: isClosed(found.status) && !found.commitment_signed_at ? closedMessage(found.status) : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, found } = await loadOwnCase(args);
  const { request, context } = args;
  const parsed = parseForm(await readFormData(request), SignCommitmentSchema);
  if (!parsed.ok) return data({ message: Object.values(parsed.fieldErrors)[0] ?? "请求无效", fieldErrors: parsed.fieldErrors }, { status: 400 });
  const outcome = await signCommitment(context.db, {
    caseId: found.id,
    userId: user.id,
    typedName: parsed.data.typedName,
    textId: parsed.data.textId,
    userAgent: request.headers.get("user-agent"),
    ip: context.clientAddress,
    now: new Date(),
  });
  if (outcome.kind === "not_found") return notFoundInScope(request, context, user);
  if (outcome.kind === "refused") {
    return data({ message: outcome.message, fieldErrors: outcome.field ? { [outcome.field]: outcome.message } : ({} as Record<string, string>) }, { status: 409 });
  }
  throw redirect(`/appointments/${found.id}/commitment?signed=1`);
}

export default function CommitmentPage() {
  const c = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  return (
    <>
      <p>
        <Link to="/">← 首页</Link>
      </p>
      <h1>{c.text?.title ?? "任前廉政承诺书"}</h1>
      <p className="muted">
        拟任{c.post} · {c.orgName}
        {c.text ? ` · 第 ${c.text.version} 版` : ""}
      </p>
      {params.get("signed") ? (
        <p className="alert success" role="status">
          承诺书已签署。
        </p>
      ) : null}
      {c.closedMessage ? (
        <p className="alert warning" role="alert">
          {c.closedMessage}
        </p>
      ) : null}
      {c.text ? (
        <article className="card commitment-text">
          {c.text.paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </article>
      ) : null}
      {c.signature ? (
        <section className="card" aria-label="签署信息">
          <dl className="facts">
            <dt>承诺人</dt>
            <dd data-testid="signed-name">{c.signature.name}</dd>
            <dt>签署时间</dt>
            <dd>{c.signature.at}</dd>
          </dl>
          <p>
            <Link to={`/appointments/${c.id}/commitment/print`}>打印版（A4）</Link>
          </p>
        </section>
      ) : c.text && !c.closedMessage ? (
        <Form method="post" className="card" aria-label="签署承诺书">
          <input type="hidden" name="textId" value={c.text.id} />
          {result?.message && !errors.typedName ? (
            <p className="alert error" role="alert">
              {result.message}
            </p>
          ) : null}
          <Field name="typedName" label="请输入您的姓名" error={errors.typedName} hint="须与您在系统中登记的姓名一致。">
            <input type="text" {...controlProps("typedName", errors.typedName)} autoComplete="name" maxLength={40} required />
          </Field>
          <label className="check-row">
            <span>
              <input type="checkbox" name="agree" required /> 我已阅读并承诺
            </span>
          </label>
          {errors.agree ? <p className="field-error">{errors.agree}</p> : null}
          <button type="submit" className="button block" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "正在提交…" : "签署承诺书"}
          </button>
        </Form>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "任前廉政承诺书 · 考学" }];
