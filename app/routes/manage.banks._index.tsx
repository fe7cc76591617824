import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { storedVersionsNote } from "~/domain/banks/display";
import { QUESTION_TYPE_LABELS, QUESTION_TYPES } from "~/domain/banks/types";
import { listBanks } from "~/models/banks.server";
import { canEditBanks, requireManager } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/time";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const managed = await requireManager(request, context);
  const banks = await listBanks(context.db);
  return {
    mayUpload: await canEditBanks(context, managed),
    banks: banks.map((b) => ({
      slug: b.bank,
      title: b.title,
      regulation: b.regulation,
      version: b.version,
      versionCount: b.versionCount,
      questionCount: b.questionCount,
      importedAt: formatDateTime(b.importedAt, context.timeZone),
      counts: QUESTION_TYPES.filter((t) => b.countsByType[t] > 0).map((t) => ({ label: QUESTION_TYPE_LABELS[t], count: b.countsByType[t] })),
      tags: b.tags,
    })),
  };
}

export default function BankListPage() {
  const { banks, mayUpload } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>题库</h1>
      <p className="muted">每个题库按版本保存，已导入的版本不会再改变；考试固定使用某个版本出题。</p>
      <div className="actions">
        {mayUpload ? (
          <Link className="button" to="/manage/banks/upload">
            上传题库
          </Link>
        ) : null}
        <a className="button secondary" href="/manage/banks/template.xlsx" download>
          下载 Excel 模板
        </a>
      </div>
      {banks.length === 0 ? <p className="card">还没有题库。可以上传 YAML 文件或按 Excel 模板填写后上传。</p> : null}
      <div className="grid cols-2 bank-list">
        {banks.map((b) => (
          <section key={b.slug} className="card" aria-labelledby={`bank-${b.slug}`}>
            <h2 id={`bank-${b.slug}`}>
              <Link to={`/manage/banks/${b.slug}`}>{b.title}</Link>
            </h2>
            <p className="muted">{b.regulation}</p>
            <p>
              最新第 {b.version} 版 · 共 {b.questionCount} 题 · {storedVersionsNote(b.version, b.versionCount)} · 导入于 {b.importedAt}
            </p>
            <p>
              {b.counts.map((c) => (
                <span key={c.label} className="badge">
                  {c.label} {c.count}
                </span>
              ))}
            </p>
            <p className="tag-list">
              <span className="muted">知识点：</span>
              {b.tags.map((t) => (
                <Link key={t.tag} to={`/manage/banks/${b.slug}/versions/${b.version}?tag=${encodeURIComponent(t.tag)}`}>
                  {t.tag}（{t.count}）
                </Link>
              ))}
            </p>
            <div className="actions">
              <Link className="button secondary" to={`/manage/banks/${b.slug}/versions/${b.version}`}>
                查看试题
              </Link>
              <Link className="button secondary" to={`/manage/banks/${b.slug}`}>
                版本历史
              </Link>
            </div>
          </section>
        ))}
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "题库 · 考学" }];
