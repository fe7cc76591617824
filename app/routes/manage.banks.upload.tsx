import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";

import { readFormData } from "~/utils/request.server";
import { importBankFile } from "~/models/bank-transfer.server";
import { requireBankEditor } from "~/utils/auth.server";
import { BANK_FILE_MAX_BYTES } from "~/utils/bank-files.server";

type ShownProblem = { where: string; field: string; expected: string };

type UploadOutcome =
  | { ok: true; status: "created" | "unchanged"; slug: string; title: string; version: number; previousVersion: number | null; questionCount: number }
  | { ok: false; message: string; problems: ShownProblem[] };

const SHOWN_PROBLEMS = 200;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireBankEditor(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireBankEditor(request, context);
  const refuse = (message: string, problems: ShownProblem[] = [], status = 422) => data<UploadOutcome>({ ok: false, message, problems }, { status });
  if (Number(request.headers.get("content-length") ?? 0) > BANK_FILE_MAX_BYTES + 64 * 1024) return refuse("文件超过 5 MB", [], 413);
  const formData = await readFormData(request);
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return refuse("请选择要上传的题库文件", [], 400);

  const outcome = await importBankFile(context.db, {
    fileName: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
    origin: "upload",
    actorId: user.id,
    ip: context.clientAddress,
    now: new Date(),
  });
  switch (outcome.status) {
    case "invalid":
      return refuse(
        `文件中有 ${outcome.problems.length} 处错误，未导入任何内容。请按提示修改后重新上传。`,
        outcome.problems.slice(0, SHOWN_PROBLEMS).map((p) => ({
          where: p.row !== null ? `第 ${p.row} 行${p.questionId ? `（${p.questionId}）` : ""}` : (p.questionId ?? (p.index !== null ? `第 ${p.index + 1} 题` : "题库")),
          field: p.field,
          expected: p.expected,
        })),
      );
    case "refused":
      return refuse(`未导入：${outcome.message}`);
    default:
      return data<UploadOutcome>({ ok: true, status: outcome.status, ...pick(outcome.result) });
  }
}

function pick(r: { slug: string; title: string; version: number; previousVersion: number | null; questionCount: number }) {
  return { slug: r.slug, title: r.title, version: r.version, previousVersion: r.previousVersion, questionCount: r.questionCount };
}

export default function BankUploadPage() {
  const outcome = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to="/manage/banks">← 题库</Link>
      </p>
      <h1>上传题库</h1>
      {outcome?.ok && outcome.status === "created" ? (
        <div className="alert success" role="status">
          <p>
            已导入《{outcome.title}》第 {outcome.version} 版，共 {outcome.questionCount} 题。
          </p>
          <div className="actions">
            <Link to={`/manage/banks/${outcome.slug}`}>查看版本历史</Link>
            {outcome.previousVersion !== null ? (
              <Link to={`/manage/banks/${outcome.slug}/diff?from=${outcome.previousVersion}&to=${outcome.version}`}>
                与第 {outcome.previousVersion} 版比较
              </Link>
            ) : null}
          </div>
        </div>
      ) : null}
      {outcome?.ok && outcome.status === "unchanged" ? (
        <div className="alert warning" role="status">
          <p>
            《{outcome.title}》第 {outcome.version} 版已经导入过，内容相同，没有任何变化。如要导入修改后的内容，请提高版本号。
          </p>
          <Link to={`/manage/banks/${outcome.slug}`}>查看版本历史</Link>
        </div>
      ) : null}
      {outcome && !outcome.ok ? (
        <div className="alert error" role="alert">
          <p>{outcome.message}</p>
          {outcome.problems.length ? (
            <div className="table-wrap">
              <table aria-label="错误明细" className="stack">
                <thead>
                  <tr>
                    <th>位置</th>
                    <th>字段</th>
                    <th>问题</th>
                  </tr>
                </thead>
                <tbody>
                  {outcome.problems.map((p, i) => (
                    <tr key={i}>
                      <td data-label="位置">{p.where}</td>
                      <td data-label="字段">{p.field}</td>
                      <td className="wrap" data-label="问题">
                        {p.expected}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ) : null}
      <section className="card">
        <p>可以上传 YAML 题库文件（.yaml），或按 Excel 模板填写的 .xlsx 文件，最大 5 MB。</p>
        <ul>
          <li>新题库：填写新的题库标识，从第 1 版开始。</li>
          <li>已有题库的新版本：题库标识不变，版本号须大于目前最新的版本；题目编号保持不变，系统才能比较版本差异。</li>
          <li>最方便的做法：在题库页导出某个版本的 Excel 或 YAML，修改后提高版本号再上传。</li>
          <li>文件中任何一处有错误时，整个文件都不会导入。</li>
        </ul>
        <div className="actions">
          <a className="button secondary" href="/manage/banks/template.xlsx" download>
            下载 Excel 模板
          </a>
        </div>
        <Form method="post" encType="multipart/form-data">
          <label htmlFor="file">题库文件</label>
          <input id="file" name="file" type="file" accept=".yaml,.yml,.xlsx" required />
          <button type="submit" className="button block" disabled={busy}>
            {busy ? "正在导入…" : "上传并导入"}
          </button>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "上传题库 · 考学" }];
