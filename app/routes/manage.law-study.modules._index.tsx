import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { REGULATION_STATUS_LABELS } from "~/domain/law-study/official-text";
import { listModules } from "~/models/law-modules.server";
import { requireManager } from "~/utils/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { scope } = await requireManager(request, context);
  const modules = await listModules(context.db, scope);
  return {
    modules: modules.map((m) => ({
      id: m.id,
      title: m.title,
      regulation: m.regulationTitle,
      status: m.regulationStatus === "in_force" ? null : REGULATION_STATUS_LABELS[m.regulationStatus],
      version: m.version,
      focus: m.focus.length ? `${m.focus.length} 条重点` : "全文",
      points: m.keyPoints.length,
      quiz: m.quiz ? `测验 ${m.quiz.paper.sections.reduce((n, s) => n + s.count, 0)} 题` : "无测验",
    })),
  };
}

export default function ModuleListPage() {
  const { modules } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/manage/law-study">← 学法计划</Link>
      </p>
      <h1>学法模块</h1>
      <div className="actions">
        <Link className="button" to="/manage/law-study/modules/new">
          新建学法模块
        </Link>
      </div>
      <ul className="exam-list" aria-label="学法模块">
        {modules.map((m) => (
          <li key={m.id}>
            <span>
              <Link to={`/manage/law-study/modules/${m.id}`}>{m.title}</Link>
              <br />
              <span className="muted">
                {m.regulation}
                {m.version ? ` · 第 ${m.version} 版原文` : " · 未导入原文"} · {m.focus} · {m.points} 条要点 · {m.quiz}
              </span>
            </span>
            {m.status ? <span className="badge amber">{m.status}</span> : null}
          </li>
        ))}
        {modules.length === 0 ? <li>还没有学法模块。</li> : null}
      </ul>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "学法模块 · 考学" }];
