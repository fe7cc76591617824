import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";

import { readFormData } from "~/utils/request.server";
import { RegulationFactsFields } from "~/components/law-study/regulation-facts-fields";
import { RegulationText } from "~/components/law-study/regulation-text";
import { REGULATION_STATUS_LABELS } from "~/domain/law-study/official-text";
import { getRegulation, getRegulationById, listRegulations, listRegulationVersions, loadArticles, updateRegulationFacts } from "~/models/regulations.server";
import { RegulationFactsFormSchema, RegulationSlugSchema, RegulationVersionSearchSchema } from "~/schemas/law-study.server";
import styles from "~/styles/law-study.css";
import { notFoundInScope } from "~/utils/auth.server";
import { parseForm, parseSearch } from "~/utils/forms";
import { requireLibraryEditor, requireLibraryReader } from "~/utils/law-study-access.server";
import { formatDateTime } from "~/utils/time";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, canEdit } = await requireLibraryReader(request, context);
  const slug = RegulationSlugSchema.safeParse(params.slug);
  const regulation = slug.success ? await getRegulation(context.db, slug.data) : undefined;
  if (!regulation) return notFoundInScope(request, context, user);
  const versions = await listRegulationVersions(context.db, regulation.id);
  const wanted = parseSearch(new URL(request.url), RegulationVersionSearchSchema)?.version;
  const shown = (wanted ? versions.find((v) => v.version === wanted) : versions[0]) ?? null;
  const replacedBy = regulation.replaced_by_id ? await getRegulationById(context.db, regulation.replaced_by_id) : undefined;
  const library = canEdit ? await listRegulations(context.db) : [];
  return {
    canEdit,
    regulation: {
      slug: regulation.slug,
      title: regulation.title,
      issuer: regulation.issuer,
      issuedOn: regulation.issued_on,
      effectiveOn: regulation.effective_on,
      status: regulation.status,
      statusLabel: REGULATION_STATUS_LABELS[regulation.status],
      replacedBy: replacedBy ? { slug: replacedBy.slug, title: replacedBy.title, id: replacedBy.id } : null,
    },
    versions: versions.map((v) => ({
      version: v.version,
      articles: v.article_count,
      chapters: v.chapter_count,
      fileName: v.file_name,
      importedAt: formatDateTime(v.imported_at, context.timeZone),
      importedBy: v.importedByName ?? (v.origin === "bundled" ? "启动时导入" : "命令行"),
    })),
    shown: shown ? { version: shown.version, preamble: JSON.parse(shown.preamble) as string[], articles: await loadArticles(context.db, shown.id) } : null,
    replacements: library.filter((r) => r.id !== regulation.id).map((r) => ({ id: r.id, title: `${r.title}${r.issued_on ? `（${r.issued_on}）` : ""}` })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireLibraryEditor(request, context);
  const slug = RegulationSlugSchema.safeParse(params.slug);
  const regulation = slug.success ? await getRegulation(context.db, slug.data) : undefined;
  if (!regulation) return notFoundInScope(request, context, user);
  const parsed = parseForm(await readFormData(request), RegulationFactsFormSchema);
  if (!parsed.ok) return data({ errors: parsed.fieldErrors }, { status: 422 });
  const form = parsed.data;
  const replacement = form.replacedBy ? await getRegulationById(context.db, form.replacedBy) : undefined;
  if (form.replacedBy && (!replacement || replacement.id === regulation.id)) return data({ errors: { replacedBy: "请选择法规库中的另一部法规" } }, { status: 422 });
  await updateRegulationFacts(context.db, {
    regulationId: regulation.id,
    facts: { title: form.title, issuer: form.issuer, issuedOn: form.issuedOn ?? null, effectiveOn: form.effectiveOn ?? null, status: form.status },
    replacedById: replacement?.id ?? null,
    actorId: user.id,
    ip: context.clientAddress,
    now: new Date(),
  });
  return redirect(`/manage/regulations/${regulation.slug}?saved=1`);
}

export default function RegulationPage() {
  const { canEdit, regulation, versions, shown, replacements } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const imported = params.get("imported");
  return (
    <>
      <p>
        <Link to="/manage/regulations">← 法规库</Link>
      </p>
      <h1>{regulation.title}</h1>
      <p className="muted">
        {regulation.issuer || "制定机关未填"} · 发布 {regulation.issuedOn ?? "—"} · 施行 {regulation.effectiveOn ?? "—"} · {regulation.statusLabel}
        {regulation.replacedBy ? (
          <>
            {" "}
            · 已被 <Link to={`/manage/regulations/${regulation.replacedBy.slug}`}>《{regulation.replacedBy.title}》</Link> 取代
          </>
        ) : null}
      </p>
      {imported === "created" ? (
        <p className="alert success" role="status">
          已保存为第 {params.get("version")} 版。
        </p>
      ) : null}
      {imported === "unchanged" ? (
        <p className="alert warning" role="status">
          原文与第 {params.get("version")} 版相同，没有新建版本。
        </p>
      ) : null}
      {params.get("saved") ? (
        <p className="alert success" role="status">
          法规信息已保存。
        </p>
      ) : null}

      <section className="card" aria-labelledby="versions-title">
        <h2 id="versions-title">原文版本</h2>
        {versions.length === 0 ? <p>尚未导入原文。学法模块可以先只写学习要点，导入原文后再新建使用原文的模块。</p> : null}
        <ul className="exam-list">
          {versions.map((v) => (
            <li key={v.version}>
              <span>
                <Link to={`?version=${v.version}`}>第 {v.version} 版</Link>
                {shown?.version === v.version ? <span className="badge green">正在查看</span> : null}
                <br />
                <span className="muted">
                  {v.chapters} 章 {v.articles} 条 · {v.fileName ?? "—"} · {v.importedAt} · {v.importedBy}
                </span>
              </span>
            </li>
          ))}
        </ul>
        {canEdit ? (
          <div className="actions">
            <Link to="/manage/regulations/import" className="button secondary">
              导入新版本
            </Link>
          </div>
        ) : null}
      </section>

      {canEdit ? (
        <details className="card">
          <summary>修改法规信息（名称、机关、日期、效力）</summary>
          <Form method="post">
            <RegulationFactsFields
              values={{ ...regulation, replacedBy: regulation.replacedBy?.id ?? null }}
              errors={result?.errors}
              replacements={replacements}
            />
            <button type="submit" className="button">
              保存
            </button>
          </Form>
        </details>
      ) : null}

      {shown ? (
        <section className="card" aria-labelledby="text-title">
          <h2 id="text-title">
            原文（第 {shown.version} 版，{shown.articles.length} 条）
          </h2>
          {shown.preamble.map((line, i) => (
            <p key={i} className="muted">
              {line}
            </p>
          ))}
          <RegulationText articles={shown.articles} />
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.regulation.title ?? "法规"} · 法规库 · 考学` }];
