import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";

import { QuestionView } from "~/components/banks/question-view";
import { QUESTION_TYPE_LABELS, QUESTION_TYPES } from "~/domain/banks/types";
import { getBankVersion, listVersionQuestions, summarizeVersion } from "~/models/banks.server";
import { BankQuestionFilterSchema, BankSlugSchema, BankVersionParamSchema } from "~/schemas/banks.server";
import { requireManager, requireNoOpenAttemptOn } from "~/utils/auth.server";
import { parseSearch } from "~/utils/forms";
import { formatDateTime } from "~/utils/time";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireManager(request, context);
  const slug = BankSlugSchema.safeParse(params.slug);
  if (slug.success) await requireNoOpenAttemptOn(request, context, user, [slug.data]);
  const version = BankVersionParamSchema.safeParse(params.version);
  const info = slug.success && version.success ? await getBankVersion(context.db, slug.data, version.data) : undefined;
  if (!info) throw new Response("没有这个题库版本", { status: 404 });
  const filter = parseSearch(new URL(request.url), BankQuestionFilterSchema) ?? {};
  const [questions, summary] = await Promise.all([
    listVersionQuestions(context.db, info.versionId, filter),
    summarizeVersion(context.db, info.versionId),
  ]);
  return {
    bank: {
      slug: info.bank,
      title: info.title,
      version: info.version,
      regulation: info.regulation,
      description: info.description,
      questionCount: info.questionCount,
      importedAt: formatDateTime(info.importedAt, context.timeZone),
    },
    filtered: Object.values(filter).some((v) => v !== undefined),
    tags: summary.tags.map((t) => t.tag),
    counts: QUESTION_TYPES.filter((t) => summary.countsByType[t] > 0).map((t) => ({ type: t, label: QUESTION_TYPE_LABELS[t], count: summary.countsByType[t] })),
    questions: questions.map((q) => ({ number: q.position + 1, question: q.question })),
  };
}

export default function BankVersionPage() {
  const { bank, tags, counts, questions, filtered } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const base = `/manage/banks/${bank.slug}`;
  return (
    <>
      <p>
        <Link to="/manage/banks">题库</Link> › <Link to={base}>{bank.title}</Link>
      </p>
      <h1>
        {bank.title} · 第 {bank.version} 版
      </h1>
      <p className="muted">
        {bank.regulation} · 共 {bank.questionCount} 题（{counts.map((c) => `${c.label} ${c.count}`).join("，")}）· 导入于 {bank.importedAt}
      </p>
      {bank.description ? <p>{bank.description}</p> : null}
      <div className="actions">
        <a className="button secondary" href={`${base}/versions/${bank.version}/export.xlsx`} download>
          导出 Excel
        </a>
        <a className="button secondary" href={`${base}/versions/${bank.version}/export.yaml`} download>
          导出 YAML
        </a>
        <Link className="button secondary" to={base}>
          版本历史
        </Link>
      </div>

      <Form method="get" className="card filters bank-filters" role="search" aria-label="筛选试题">
        <div>
          <label htmlFor="q">搜索</label>
          <input id="q" name="q" type="search" placeholder="题干、选项、解析或依据" defaultValue={params.get("q") ?? ""} />
        </div>
        <div>
          <label htmlFor="type">题型</label>
          <select id="type" name="type" defaultValue={params.get("type") ?? ""}>
            <option value="">全部</option>
            {counts.map((c) => (
              <option key={c.type} value={c.type}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="tag">知识点</label>
          <select id="tag" name="tag" defaultValue={params.get("tag") ?? ""}>
            <option value="">全部</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="difficulty">难度</label>
          <select id="difficulty" name="difficulty" defaultValue={params.get("difficulty") ?? ""}>
            <option value="">全部</option>
            {[1, 2, 3, 4, 5].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          筛选
        </button>
      </Form>

      <p role="status">
        {filtered ? `符合条件的试题 ${questions.length} 道。` : `全部 ${questions.length} 道试题。`}
        {filtered ? <Link to="?">清除筛选</Link> : null}
      </p>
      {questions.map((q) => (
        <QuestionView key={q.question.id} question={q.question} number={q.number} />
      ))}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.bank.title} 第 ${data.bank.version} 版 · 考学` : "题库 · 考学" },
];
