import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";

import { readFormData } from "~/utils/request.server";
import { attemptLogin } from "~/models/login.server";
import { LoginSchema, safeRedirect } from "~/schemas/auth.server";
import { getOptionalUser } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { sessionCookie } from "~/utils/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request, context);
  if (user) throw redirect(user.must_change_password ? "/change-password" : "/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(await readFormData(request), LoginSchema);
  if (!form.ok) return data({ error: form.fieldErrors.redirectTo ?? null, fieldErrors: form.fieldErrors }, { status: 400 });
  const result = await attemptLogin(context.db, {
    employeeNo: form.data.employeeNo,
    password: form.data.password,
    ip: context.clientAddress,
    userAgent: request.headers.get("user-agent"),
    now: new Date(),
  });
  if (result.kind === "throttled") {
    return data(
      { error: `尝试次数过多，请 ${result.retryAfterSeconds} 秒后再试`, fieldErrors: {} as Record<string, string> },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  if (result.kind === "invalid") {
    return data({ error: "工号或密码错误", fieldErrors: {} as Record<string, string> }, { status: 401 });
  }
  const target = result.mustChangePassword ? "/change-password" : safeRedirect(form.data.redirectTo);
  return redirect(target, { headers: { "Set-Cookie": sessionCookie(request, result.token) } });
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  return (
    <div className="card narrow">
      <h1>登录考学</h1>
      <p className="muted">林业局党员干部在线考试与学习平台</p>
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <label htmlFor="employeeNo">工号</label>
        <input id="employeeNo" name="employeeNo" type="text" autoComplete="username" autoCapitalize="characters" required />
        {actionData?.fieldErrors.employeeNo ? <p className="field-error">{actionData.fieldErrors.employeeNo}</p> : null}
        <label htmlFor="password">密码</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        {actionData?.fieldErrors.password ? <p className="field-error">{actionData.fieldErrors.password}</p> : null}
        {actionData?.error ? (
          <p className="alert error" role="alert">
            {actionData.error}
          </p>
        ) : null}
        <button type="submit" className="button block" disabled={busy}>
          {busy ? "正在登录…" : "登录"}
        </button>
      </Form>
      <p className="muted">忘记密码请联系本单位组织者重置。</p>
    </div>
  );
}

/** A throttled sign-in tells the browser (and any client) when to try again. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export const meta: MetaFunction = () => [{ title: "登录 · 考学" }];
