import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

import { recordAudit } from "~/models/audit.server";
import { deleteSession } from "~/models/sessions.server";
import { getOptionalUser } from "~/utils/auth.server";
import { clearSessionCookie, readSessionToken } from "~/utils/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getOptionalUser(request, context);
  const token = readSessionToken(request);
  if (token) await deleteSession(context.db, token);
  if (user) {
    await recordAudit(context.db, { actorId: user.id, action: "logout", target: user.employee_no, ip: context.clientAddress, now: new Date() });
  }
  return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie(request) } });
}
