import type { LoaderFunctionArgs } from "@remix-run/node";

import { recordAudit } from "~/models/audit.server";
import { takeHandout } from "~/models/handouts.server";
import { requireManager } from "~/utils/auth.server";
import { attachment, handoutXlsx, XLSX_TYPE } from "~/utils/roster-files.server";

/** The one download of a batch's initial passwords; the link's key opens it, then it is gone. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireManager(request, context);
  const key = new URL(request.url).searchParams.get("k") ?? "";
  const now = new Date();
  const rows = await takeHandout(context.db, { id: params.handoutId ?? "", key, userId: user.id, now });
  if (!rows) {
    // Gone, expired, someone else's, or a wrong key: each try is on record.
    await recordAudit(context.db, {
      actorId: user.id,
      action: "credentials.refused",
      target: `handout:${(params.handoutId ?? "").slice(0, 40)}`,
      ip: context.clientAddress,
      now,
    });
    throw new Response("该初始密码文件已经下载过或已过期（24 小时），不能再次下载。如需密码，请在干部详情页重置。", { status: 410 });
  }
  await recordAudit(context.db, {
    actorId: user.id,
    action: "credentials.download",
    detail: { rows: rows.length },
    ip: context.clientAddress,
    now,
  });
  return new Response(await handoutXlsx(rows), {
    headers: { "Content-Type": XLSX_TYPE, "Content-Disposition": attachment("初始密码.xlsx"), "Cache-Control": "no-store" },
  });
}
