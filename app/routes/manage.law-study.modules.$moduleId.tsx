import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";

import { RegulationText } from "~/components/law-study/regulation-text";
import { REGULATION_STATUS_LABELS } from "~/domain/law-study/official-text";
import { getModuleInScope } from "~/models/law-modules.server";
import { getRegulationById, loadArticles } from "~/models/regulations.server";
import styles from "~/styles/law-study.css";
import { notFoundInScope, requireManager } from "~/utils/auth.server";
import { idParam } from "~/utils/params.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const id = idParam(params.moduleId);
  const module = id ? await getModuleInScope(context.db, scope, id) : undefined;
  if (!module) return notFoundInScope(request, context, user);
  const regulation = await getRegulationById(context.db, module.regulationId);
  const articles = module.versionId ? await loadArticles(context.db, module.versionId) : [];
  const focus = new Set(module.focus);
  return {
    module: {
      title: module.title,
      regulation: regulation?.title ?? "",
      regulationSlug: regulation?.slug ?? "",
      status: REGULATION_STATUS_LABELS[module.regulationStatus],
      inForce: module.regulationStatus === "in_force",
      version: module.version,
      focus: module.focus,
      keyPoints: module.keyPoints,
      quiz: module.quiz ? { passMark: module.quiz.passMark, sections: module.quiz.paper.sections.map((s) => `${s.title} ${s.count} 题 × ${s.points} 分（${s.source.kind === "draw" ? s.source.banks.map((b) => `${b.slug} 第 ${b.version} 版随机抽取`).join("、") : "指定试题"}）`) } : null,
    },
    articles: module.focus.length ? articles.filter((a) => focus.has(a.number)) : articles,
  };
}

export default function ModulePage() {
  const { module, articles } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <p>
        <Link to="/manage/law-study/modules">← 学法模块</Link>
      </p>
      <h1>{module.title}</h1>
      {params.get("created") ? <p className="alert success" role="status">学法模块已保存。可在学法计划中选用。</p> : null}
      <p className="muted">
        <Link to={`/manage/regulations/${module.regulationSlug}`}>{module.regulation}</Link>
        {module.version ? ` · 第 ${module.version} 版原文` : " · 未导入原文"} · {module.status}
      </p>
      {module.inForce ? null : <p className="alert warning">这部法规已修订或废止：仍可学习，但请确认是否应改学现行文本。</p>}
      <section className="card">
        <h2>学习要点</h2>
        <ol className="key-points">
          {module.keyPoints.map((p, i) => (
            <li key={i}>{p.text}</li>
          ))}
        </ol>
        <p>重点条文：{module.focus.length ? module.focus.join("、") : "全文"}</p>
        <h2>测验</h2>
        {module.quiz ? (
          <ul>
            {module.quiz.sections.map((s) => (
              <li key={s}>{s}</li>
            ))}
            <li>及格 {module.quiz.passMark} 分；每次会议向参会人员发布一场“会前学法测验”。</li>
          </ul>
        ) : (
          <p>不设测验。</p>
        )}
      </section>
      {articles.length ? (
        <section className="card">
          <h2>{module.focus.length ? "重点条文" : "原文"}</h2>
          <RegulationText articles={articles} focus={module.focus} />
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.module.title ?? "学法模块"} · 考学` }];
