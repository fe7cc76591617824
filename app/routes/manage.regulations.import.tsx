import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { readFormData } from "~/utils/request.server";
import { controlProps, Field } from "~/components/exams/form-field";
import { RegulationFactsFields } from "~/components/law-study/regulation-facts-fields";
import type { StructureSummary } from "~/domain/law-study/regulation-text";
import { auditRefusedRegulation, previewRegulationFile, previewRegulationText } from "~/models/regulation-transfer.server";
import { listRegulations, saveRegulationText } from "~/models/regulations.server";
import { RegulationImportFormSchema } from "~/schemas/law-study.server";
import styles from "~/styles/law-study.css";
import { parseForm } from "~/utils/forms";
import { requireLibraryEditor } from "~/utils/law-study-access.server";
import { REGULATION_FILE_MAX_BYTES } from "~/utils/regulation-files.server";

type Preview = {
  step: "preview";
  fileName: string;
  slug: string;
  text: string;
  summary: StructureSummary;
  facts: { title: string; issuer: string; issuedOn: string | null; effectiveOn: string | null; status: string; replacedBy: number | null };
  existing: { title: string; version: number } | null;
  errors: Record<string, string>;
};
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

type Refusal = { step: "refused"; message: string; problems: string[] };

async function replacementChoices(context: ActionFunctionArgs["context"]) {
  return (await listRegulations(context.db)).map((r) => ({ id: r.id, title: r.title, slug: r.slug, version: r.newest?.version ?? null }));
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireLibraryEditor(request, context);
  return { replacements: await replacementChoices(context) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireLibraryEditor(request, context);
  const refuse = (message: string, problems: string[] = [], status = 422) => data<Refusal>({ step: "refused", message, problems }, { status });
  if (Number(request.headers.get("content-length") ?? 0) > 3 * REGULATION_FILE_MAX_BYTES) return refuse("文件超过 5 MB", [], 413);
  const formData = await readFormData(request);
  const now = new Date();
  const library = await replacementChoices(context);
  const existingOf = (slug: string) => {
    const found = library.find((r) => r.slug === slug);
    return found && found.version !== null ? { title: found.title, version: found.version } : null;
  };

  if (formData.get("intent") === "save") {
    const parsed = parseForm(formData, RegulationImportFormSchema);
    const text = String(formData.get("text") ?? "");
    const preview = previewRegulationText(text, String(formData.get("title") ?? ""));
    if (!preview.ok) return refuse("正文无法识别，未导入任何内容。", preview.problems);
    if (!parsed.ok) {
      const slug = String(formData.get("slug") ?? "");
      return data<Preview>(
        {
          step: "preview",
          fileName: String(formData.get("fileName") ?? ""),
          slug,
          text,
          summary: preview.summary,
          facts: {
            title: String(formData.get("title") ?? ""),
            issuer: String(formData.get("issuer") ?? ""),
            issuedOn: String(formData.get("issuedOn") ?? "") || null,
            effectiveOn: String(formData.get("effectiveOn") ?? "") || null,
            status: String(formData.get("status") ?? "in_force"),
            replacedBy: Number(formData.get("replacedBy")) || null,
          },
          existing: existingOf(slug),
          errors: parsed.fieldErrors,
        },
        { status: 422 },
      );
    }
    const form = parsed.data;
    const outcome = await saveRegulationText(context.db, {
      slug: form.slug,
      facts: { title: form.title, issuer: form.issuer, issuedOn: form.issuedOn ?? null, effectiveOn: form.effectiveOn ?? null, status: form.status },
      updateFacts: true,
      structure: preview.structure,
      fileName: form.fileName || null,
      origin: "upload",
      actorId: user.id,
      ip: context.clientAddress,
      now,
    });
    return redirect(`/manage/regulations/${outcome.slug}?imported=${outcome.status}&version=${outcome.version}`);
  }

  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return refuse("请选择要导入的法规原文文件", [], 400);
  const preview = await previewRegulationFile(file.name, new Uint8Array(await file.arrayBuffer()));
  if (!preview.ok) {
    await auditRefusedRegulation(context.db, { fileName: file.name, problems: preview.problems, actorId: user.id, ip: context.clientAddress, now });
    return refuse(`《${file.name}》未导入：`, preview.problems);
  }
  const stem = file.name.replace(/\.[^.]+$/, "").toLowerCase();
  const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(stem) ? stem : "";
  return data<Preview>({
    step: "preview",
    fileName: file.name,
    slug,
    text: preview.text,
    summary: preview.summary,
    facts: { ...preview.facts, replacedBy: null },
    existing: existingOf(slug),
    errors: {},
  });
}

function StructureFacts({ summary }: { summary: StructureSummary }) {
  return (
    <dl className="law-stats" aria-label="识别结果">
      <div>
        <dt>编</dt>
        <dd>{summary.parts}</dd>
      </div>
      <div>
        <dt>章</dt>
        <dd data-testid="chapter-count">{summary.chapters}</dd>
      </div>
      <div>
        <dt>节</dt>
        <dd>{summary.sections}</dd>
      </div>
      <div>
        <dt>条</dt>
        <dd data-testid="article-count">{summary.articles}</dd>
      </div>
    </dl>
  );
}

export default function RegulationImportPage() {
  const { replacements } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to="/manage/regulations">← 法规库</Link>
      </p>
      <h1>导入法规原文</h1>
      {outcome?.step === "refused" ? (
        <div className="alert error" role="alert">
          <p>{outcome.message}</p>
          {outcome.problems.length ? (
            <ul>
              {outcome.problems.slice(0, 50).map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {outcome?.step === "preview" ? (
        <section className="card" aria-labelledby="preview-title">
          <h2 id="preview-title">识别结果：{outcome.fileName}</h2>
          <StructureFacts summary={outcome.summary} />
          <p>
            第一条：<strong>{outcome.summary.firstArticle?.number}</strong> {outcome.summary.firstArticle?.text}
          </p>
          <p>
            最后一条：<strong>{outcome.summary.lastArticle?.number}</strong> {outcome.summary.lastArticle?.text}
          </p>
          {outcome.existing ? (
            <p className="alert warning">
              法规库中已有《{outcome.existing.title}》（第 {outcome.existing.version} 版）。原文有变化时保存为第 {outcome.existing.version + 1} 版；与第 {outcome.existing.version} 版相同则不作任何改动。
            </p>
          ) : null}
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="save" />
            <input type="hidden" name="fileName" value={outcome.fileName} />
            <textarea name="text" defaultValue={outcome.text} hidden readOnly />
            <Field name="slug" label="法规标识（字母、数字、连字符；同一标识即同一法规的新版本）" error={outcome.errors.slug}>
              <input {...controlProps("slug", outcome.errors.slug)} defaultValue={outcome.slug} maxLength={60} required />
            </Field>
            <RegulationFactsFields values={outcome.facts} errors={outcome.errors} replacements={replacements} />
            <div className="actions">
              <button type="submit" className="button" disabled={busy}>
                {busy ? "正在保存…" : "确认导入"}
              </button>
              <Link to="/manage/regulations/import" className="button secondary">
                重新选择文件
              </Link>
            </div>
          </Form>
        </section>
      ) : (
        <section className="card">
          <p>选择法规的官方文本：纯文本（.txt，UTF-8）、Markdown（.md）或 Word（.docx），最大 5 MB。系统识别“第一编”“第一章”“第一节”等标题和“第一条”“第十条之一”等条号（条号在行首，后空一格再写内容），先显示识别结果，确认后才保存。</p>
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="preview" />
            <label htmlFor="file">法规原文文件</label>
            <input id="file" name="file" type="file" accept=".txt,.md,.markdown,.docx" required />
            <button type="submit" className="button block" disabled={busy}>
              {busy ? "正在识别…" : "识别结构"}
            </button>
          </Form>
        </section>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "导入法规原文 · 考学" }];
