import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { QuestionView } from "~/components/banks/question-view";
import { fieldText } from "~/domain/banks/display";
import { BANK_META_LABELS, QUESTION_FIELD_LABELS } from "~/domain/banks/types";
import { diffBankVersions, listBankVersions } from "~/models/banks.server";
import { BankDiffSearchSchema, BankSlugSchema } from "~/schemas/banks.server";
import { requireManager, requireNoOpenAttemptOn } from "~/utils/auth.server";
import { parseSearch } from "~/utils/forms";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireManager(request, context);
  const slug = BankSlugSchema.safeParse(params.slug);
  if (slug.success) await requireNoOpenAttemptOn(request, context, user, [slug.data]);
  const versions = slug.success ? (await listBankVersions(context.db, slug.data)).map((v) => v.version) : [];
  if (versions.length === 0) throw new Response("没有这个题库", { status: 404 });
  const search = parseSearch(new URL(request.url), BankDiffSearchSchema) ?? {};
  const to = search.to ?? versions[0];
  const from = search.from ?? versions.find((v) => v < to);
  if (from === undefined) throw new Response("这个题库只有一个版本，没有可比较的版本", { status: 404 });
  const result = await diffBankVersions(context.db, slug.data!, from, to);
  if (!result) throw new Response("没有这个题库版本", { status: 404 });
  const { diff } = result;
  return {
    slug: result.to.bank,
    title: result.to.title,
    from,
    to,
    versions,
    added: diff.added,
    removed: diff.removed,
    unchangedCount: diff.unchangedCount,
    meta: diff.metaChanged.map((f) => ({ label: BANK_META_LABELS[f], before: result.from[f] ?? "（无）", after: result.to[f] ?? "（无）" })),
    changed: diff.changed.map((c) => ({
      id: c.id,
      stem: c.after.stem,
      fields: c.fields.map((f) => ({ field: f, label: QUESTION_FIELD_LABELS[f], before: fieldText(c.before, f), after: fieldText(c.after, f) })),
    })),
  };
}

export default function BankDiffPage() {
  const d = useLoaderData<typeof loader>();
  const base = `/manage/banks/${d.slug}`;
  return (
    <>
      <p>
        <Link to="/manage/banks">题库</Link> › <Link to={base}>{d.title}</Link>
      </p>
      <h1>
        版本差异：第 {d.from} 版 → 第 {d.to} 版
      </h1>
      <Form method="get" className="card filters compare" aria-label="比较两个版本">
        <div>
          <label htmlFor="from">原版本</label>
          <select id="from" name="from" defaultValue={d.from}>
            {d.versions.map((v) => (
              <option key={v} value={v}>
                第 {v} 版
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="to">新版本</label>
          <select id="to" name="to" defaultValue={d.to}>
            {d.versions.map((v) => (
              <option key={v} value={v}>
                第 {v} 版
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          比较
        </button>
      </Form>
      <p role="status" className="diff-summary">
        新增 {d.added.length} 题，删除 {d.removed.length} 题，修改 {d.changed.length} 题，未变 {d.unchangedCount} 题。
      </p>

      {d.meta.length ? (
        <section aria-labelledby="meta-changes">
          <h2 id="meta-changes">题库信息的变化</h2>
          <DiffTable caption="题库信息" fromVersion={d.from} toVersion={d.to} rows={d.meta} />
        </section>
      ) : null}

      <section aria-labelledby="changed">
        <h2 id="changed">修改的试题（{d.changed.length}）</h2>
        {d.changed.length === 0 ? <p className="muted">没有。</p> : null}
        {d.changed.map((c) => (
          <article key={c.id} className="card" aria-label={`修改的试题 ${c.id}`}>
            <h3>
              {c.id} <span className="muted">修改了：{c.fields.map((f) => f.label).join("、")}</span>
            </h3>
            <p className="bank-text muted">{c.stem}</p>
            <DiffTable caption={`${c.id} 的修改`} fromVersion={d.from} toVersion={d.to} rows={c.fields} />
          </article>
        ))}
      </section>

      <section aria-labelledby="added">
        <h2 id="added">新增的试题（{d.added.length}）</h2>
        {d.added.length === 0 ? <p className="muted">没有。</p> : null}
        {d.added.map((q) => (
          <QuestionView key={q.id} question={q} />
        ))}
      </section>

      <section aria-labelledby="removed">
        <h2 id="removed">删除的试题（{d.removed.length}）</h2>
        {d.removed.length === 0 ? <p className="muted">没有。</p> : null}
        {d.removed.map((q) => (
          <QuestionView key={q.id} question={q} />
        ))}
      </section>
    </>
  );
}

function DiffTable({ caption, fromVersion, toVersion, rows }: { caption: string; fromVersion: number; toVersion: number; rows: Array<{ label: string; before: string; after: string }> }) {
  return (
    <div className="table-wrap">
      <table className="diff-table" aria-label={caption}>
        <thead>
          <tr>
            <th>字段</th>
            <th>第 {fromVersion} 版</th>
            <th>第 {toVersion} 版</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td className="wrap diff-before">{r.before}</td>
              <td className="wrap diff-after">{r.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} 第 ${data.from} 版 → 第 ${data.to} 版 · 考学` : "版本差异 · 考学" },
];
