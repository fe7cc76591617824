import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { readFormData } from "~/utils/request.server";
import { MIN_PASSWORD_LENGTH } from "~/domain/passwords";
import { changeOwnPassword, PasswordChangeError } from "~/models/accounts.server";
import { ChangePasswordSchema } from "~/schemas/auth.server";
import { requireUser } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { readSessionToken } from "~/utils/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, { allowPendingPasswordChange: true });
  return { forced: Boolean(user.must_change_password), name: user.name };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, { allowPendingPasswordChange: true });
  const form = parseForm(await readFormData(request), ChangePasswordSchema);
  if (!form.ok) return data({ fieldErrors: form.fieldErrors }, { status: 400 });
  try {
    await changeOwnPassword(context.db, {
      userId: user.id,
      employeeNo: user.employee_no,
      currentPassword: form.data.currentPassword,
      newPassword: form.data.newPassword,
      keepToken: readSessionToken(request) ?? "",
      ip: context.clientAddress,
      now: new Date(),
    });
  } catch (error) {
    if (error instanceof PasswordChangeError) {
      return data({ fieldErrors: { [error.field]: error.message } as Record<string, string> }, { status: 400 });
    }
    throw error;
  }
  return redirect("/?passwordChanged=1");
}

export default function ChangePasswordPage() {
  const { forced, name } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.fieldErrors ?? {};
  return (
    <div className="card narrow">
      <h1>修改密码</h1>
      {forced ? (
        <p className="alert warning" role="status">
          {name}，您正在使用初始密码，请先设置自己的密码再继续。
        </p>
      ) : null}
      <Form method="post" noValidate>
        <label htmlFor="currentPassword">当前密码</label>
        <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" />
        {errors.currentPassword ? <p className="field-error">{errors.currentPassword}</p> : null}
        <label htmlFor="newPassword">新密码</label>
        <input id="newPassword" name="newPassword" type="password" autoComplete="new-password" />
        <p className="muted">至少 {MIN_PASSWORD_LENGTH} 位，不能与工号相同。</p>
        {errors.newPassword ? <p className="field-error">{errors.newPassword}</p> : null}
        <label htmlFor="confirmPassword">确认新密码</label>
        <input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" />
        {errors.confirmPassword ? <p className="field-error">{errors.confirmPassword}</p> : null}
        <button type="submit" className="button block">
          保存新密码
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "修改密码 · 考学" }];
