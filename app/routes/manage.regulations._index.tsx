import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { REGULATION_STATUS_LABELS } from "~/domain/law-study/official-text";
import { listRegulations } from "~/models/regulations.server";
import { requireLibraryReader } from "~/utils/law-study-access.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { canEdit } = await requireLibraryReader(request, context);
  const regulations = await listRegulations(context.db);
  return {
    canEdit,
    regulations: regulations.map((r) => ({
      slug: r.slug,
      title: r.title,
      issuer: r.issuer,
      issuedOn: r.issued_on,
      effectiveOn: r.effective_on,
      status: REGULATION_STATUS_LABELS[r.status],
      inForce: r.status === "in_force",
      replacedBy: r.replacedBy ? { slug: r.replacedBy.slug, title: r.replacedBy.title } : null,
      version: r.newest?.version ?? null,
      articles: r.newest?.article_count ?? null,
      chapters: r.newest?.chapter_count ?? null,
    })),
  };
}

export default function RegulationLibraryPage() {
  const { canEdit, regulations } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/manage/law-study">← 学法计划</Link>
      </p>
      <h1>法规库</h1>
      <p className="muted">会前学法所学的法律法规和党内法规。原文从官方文本导入（纯文本、Markdown 或 Word），系统识别编、章、节、条；每次导入修改过的原文都保存为新版本，学法模块固定使用其中一个版本。</p>
      {canEdit ? (
        <div className="actions">
          <Link className="button" to="/manage/regulations/import">
            导入法规原文
          </Link>
        </div>
      ) : null}
      <div className="table-wrap">
        <table className="stack" aria-label="法规库">
          <thead>
            <tr>
              <th>法规</th>
              <th>制定机关</th>
              <th>发布日期</th>
              <th>施行日期</th>
              <th>效力</th>
              <th className="num">版本</th>
              <th className="num">章</th>
              <th className="num">条</th>
            </tr>
          </thead>
          <tbody>
            {regulations.map((r) => (
              <tr key={r.slug}>
                <td className="wrap" data-label="法规">
                  <Link to={`/manage/regulations/${r.slug}`}>{r.title}</Link>
                </td>
                <td data-label="制定机关">{r.issuer || "—"}</td>
                <td data-label="发布日期">{r.issuedOn ?? "—"}</td>
                <td data-label="施行日期">{r.effectiveOn ?? "—"}</td>
                <td data-label="效力" data-testid="regulation-status">
                  <span className={`badge ${r.inForce ? "green" : "amber"}`}>{r.status}</span>
                  {r.replacedBy ? (
                    <>
                      {" "}
                      <Link to={`/manage/regulations/${r.replacedBy.slug}`}>见新版</Link>
                    </>
                  ) : null}
                </td>
                <td className="num" data-label="版本">{r.version ?? "未导入原文"}</td>
                <td className="num" data-label="章">{r.chapters ?? "—"}</td>
                <td className="num" data-label="条">{r.articles ?? "—"}</td>
              </tr>
            ))}
            {regulations.length === 0 ? (
              <tr>
                <td colSpan={8}>法规库还是空的。{canEdit ? "请导入法规原文。" : ""}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "法规库 · 考学" }];
