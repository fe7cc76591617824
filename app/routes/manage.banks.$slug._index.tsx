import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { BANK_ORIGIN_LABELS } from "~/domain/banks/display";
import { listBankVersions } from "~/models/banks.server";
import { BankSlugSchema } from "~/schemas/banks.server";
import { canEditBanks, requireManager } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/time";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const managed = await requireManager(request, context);
  const slug = BankSlugSchema.safeParse(params.slug);
  const versions = slug.success ? await listBankVersions(context.db, slug.data) : [];
  const newest = versions[0];
  if (!newest) throw new Response("没有这个题库", { status: 404 });
  return {
    mayUpload: await canEditBanks(context, managed),
    slug: newest.bank,
    title: newest.title,
    regulation: newest.regulation,
    description: newest.description,
    versions: versions.map((v) => ({
      version: v.version,
      title: v.title,
      questionCount: v.questionCount,
      importedAt: formatDateTime(v.importedAt, context.timeZone),
      origin: BANK_ORIGIN_LABELS[v.origin],
      fileName: v.fileName,
      importedBy: v.importedBy ? `${v.importedBy.name}（${v.importedBy.employeeNo}）` : "—",
      changes: v.changes,
    })),
  };
}

export default function BankHistoryPage() {
  const bank = useLoaderData<typeof loader>();
  const [newest, previous] = bank.versions;
  const base = `/manage/banks/${bank.slug}`;
  return (
    <>
      <p>
        <Link to="/manage/banks">← 题库</Link>
      </p>
      <h1>{bank.title}</h1>
      <p className="muted">
        {bank.regulation} · 题库标识 {bank.slug}
      </p>
      {bank.description ? <p>{bank.description}</p> : null}
      <div className="actions">
        <Link className="button secondary" to={`${base}/versions/${newest.version}`}>
          查看最新版试题
        </Link>
        {bank.mayUpload ? (
          <Link className="button secondary" to="/manage/banks/upload">
            上传新版本
          </Link>
        ) : null}
      </div>

      {previous ? (
        <Form method="get" action={`${base}/diff`} className="card filters compare" aria-label="比较两个版本">
          <div>
            <label htmlFor="from">原版本</label>
            <select id="from" name="from" defaultValue={previous.version}>
              {bank.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  第 {v.version} 版
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="to">新版本</label>
            <select id="to" name="to" defaultValue={newest.version}>
              {bank.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  第 {v.version} 版
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            比较
          </button>
        </Form>
      ) : null}

      <h2 id="history">版本历史</h2>
      <div className="table-wrap">
        <table aria-labelledby="history" className="stack">
          <thead>
            <tr>
              <th>版本</th>
              <th>导入时间</th>
              <th>来源</th>
              <th>导入人</th>
              <th>题数</th>
              <th>与上一版相比</th>
              <th>下载</th>
            </tr>
          </thead>
          <tbody>
            {bank.versions.map((v, i) => {
              const older = bank.versions[i + 1];
              return (
                <tr key={v.version}>
                  <td data-label="版本">
                    <Link to={`${base}/versions/${v.version}`}>第 {v.version} 版</Link>
                  </td>
                  <td data-label="导入时间">{v.importedAt}</td>
                  <td data-label="来源">
                    {v.origin}
                    {v.fileName ? <span className="muted">（{v.fileName}）</span> : null}
                  </td>
                  <td data-label="导入人">{v.importedBy}</td>
                  <td data-label="题数">{v.questionCount}</td>
                  <td data-label="与上一版相比">
                    {v.changes && older ? (
                      <Link to={`${base}/diff?from=${older.version}&to=${v.version}`} aria-label={`第 ${older.version} 版与第 ${v.version} 版的差异`}>
                        新增 {v.changes.added} · 删除 {v.changes.removed} · 修改 {v.changes.changed}
                      </Link>
                    ) : (
                      "本系统导入的第一个版本"
                    )}
                  </td>
                  <td data-label="下载">
                    <a href={`${base}/versions/${v.version}/export.yaml`} download>
                      YAML
                    </a>{" "}
                    ·{" "}
                    <a href={`${base}/versions/${v.version}/export.xlsx`} download>
                      Excel
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "题库"} · 版本历史 · 考学` }];
