import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { getCommitmentText } from "~/models/appointment-settings.server";
import { type CaseView, getCaseInScope, getOwnCase } from "~/models/appointments.server";
import { CaseIdSchema } from "~/schemas/appointments.server";
import styles from "~/styles/reports.css";
import { notFoundInScope, requireUser, scopeOf } from "~/utils/auth.server";
import { formatDateTimeSeconds } from "~/utils/time";

// The signed commitment on one A4 page for the paper archive: the cadre may print their own,
// an organizer any case in their scope. Anything else is 404 and logged.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const id = CaseIdSchema.safeParse(params.caseId);
  let found: CaseView | undefined;
  if (id.success) {
    found = await getOwnCase(context.db, user.id, id.data);
    if (!found && user.role !== "cadre") found = await getCaseInScope(context.db, await scopeOf(context, user), id.data);
  }
  const text = found?.commitment_text_id ? await getCommitmentText(context.db, found.commitment_text_id) : undefined;
  if (!found || !text || !found.commitment_signed_at) return notFoundInScope(request, context, user);
  return {
    id: found.id,
    mine: found.cadre_id === user.id,
    title: text.title,
    version: text.version,
    paragraphs: text.body.split(/\n\s*\n/),
    name: found.commitment_signed_name ?? found.cadreName,
    employeeNo: found.employeeNo,
    orgName: found.orgName,
    post: found.post,
    documentNo: found.document_no,
    signedAt: formatDateTimeSeconds(found.commitment_signed_at, context.timeZone),
    ip: found.commitment_ip,
  };
}

export default function CommitmentPrintPage() {
  const c = useLoaderData<typeof loader>();
  return (
    <div className="report commitment-print">
      <div className="actions no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          打印
        </button>
        <Link to={c.mine ? `/appointments/${c.id}/commitment` : `/manage/appointments/${c.id}`} className="button secondary">
          返回
        </Link>
      </div>
      <h1 className="commitment-title">{c.title}</h1>
      <p className="muted commitment-meta">
        {c.orgName} · 拟任{c.post}
        {c.documentNo ? ` · ${c.documentNo}` : ""}
      </p>
      <article className="commitment-text">
        {c.paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </article>
      <dl className="commitment-signature">
        <dt>承诺人</dt>
        <dd data-testid="print-name">
          {c.name}（工号 {c.employeeNo}）
        </dd>
        <dt>签署时间</dt>
        <dd data-testid="print-time">{c.signedAt}</dd>
        <dt>签署方式</dt>
        <dd>本人登录考学系统，输入姓名并勾选“我已阅读并承诺”{c.ip ? `（地址 ${c.ip}）` : ""}</dd>
        <dt>文本版本</dt>
        <dd>第 {c.version} 版</dd>
      </dl>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.name ?? ""} · 任前廉政承诺书 · 考学` }];
