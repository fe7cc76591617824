import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";

import type { RosterError } from "~/domain/roster";
import { importRoster } from "~/models/roster.server";
import { requireManager } from "~/utils/auth.server";
import { MAX_UPLOAD_BYTES, readUploadedTable, SpreadsheetError } from "~/utils/spreadsheet.server";

type ImportOutcome =
  | { ok: true; created: number; downloadUrl: string }
  | { ok: false; message: string; errors: RosterError[] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireManager(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const refuse = (message: string, errors: RosterError[] = [], status = 400) =>
    data<ImportOutcome>({ ok: false, message, errors }, { status });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BYTES + 64 * 1024) {
    return refuse("文件超过 5 MB", [], 413);
  }
  const formData = await request.formData();
  const file = formData.get("file");
  if (!(file instanceof File)) return refuse("请选择要上传的文件");
  let table: string[][];
  try {
    table = await readUploadedTable(file);
  } catch (error) {
    if (error instanceof SpreadsheetError) return refuse(error.message);
    throw error;
  }
  const result = await importRoster(context.db, {
    actorId: user.id,
    scope,
    table,
    fileName: file.name,
    ip: context.clientAddress,
    now: new Date(),
  });
  if (!result.ok) {
    return refuse(`文件中有 ${result.errors.length} 处错误，未导入任何数据。请修改后重新上传。`, result.errors, 422);
  }
  return data<ImportOutcome>({
    ok: true,
    created: result.created,
    downloadUrl: `/manage/handouts/${result.handout.id}?k=${result.handout.key}`,
  });
}

export default function RosterImportPage() {
  const outcome = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <>
      <p>
        <Link to="/manage/cadres">← 干部名册</Link>
      </p>
      <h1>导入花名册</h1>
      {outcome?.ok ? (
        <div className="alert success" role="status">
          <p>已导入 {outcome.created} 名干部。</p>
          <p>
            初始密码只能下载一次（24 小时内有效），请妥善保管并分发给本人：
          </p>
          <a className="button" href={outcome.downloadUrl} download>
            下载初始密码
          </a>
        </div>
      ) : null}
      {outcome && !outcome.ok ? (
        <div className="alert error" role="alert">
          <p>{outcome.message}</p>
          {outcome.errors.length ? (
            <div className="table-wrap">
              <table aria-label="错误明细">
                <thead>
                  <tr>
                    <th>行号</th>
                    <th>列</th>
                    <th>问题</th>
                  </tr>
                </thead>
                <tbody>
                  {outcome.errors.slice(0, 200).map((e, i) => (
                    <tr key={i}>
                      <td>第 {e.row} 行</td>
                      <td>{e.column ?? "—"}</td>
                      <td className="wrap">{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {outcome.errors.length > 200 ? <p>……另有 {outcome.errors.length - 200} 处错误未列出。</p> : null}
        </div>
      ) : null}
      <section className="card">
        <p>
          请先下载模板，按模板填写后上传。支持 Excel（.xlsx）或 CSV（UTF-8）文件，最大 5 MB。文件中任何一行有错误时，整个文件都不会导入。
        </p>
        <div className="actions">
          <a className="button secondary" href="/manage/cadres/template.xlsx" download>
            下载 Excel 模板
          </a>
          <a className="button secondary" href="/manage/cadres/template.csv" download>
            下载 CSV 模板
          </a>
        </div>
        <Form method="post" encType="multipart/form-data">
          <label htmlFor="file">花名册文件</label>
          <input id="file" name="file" type="file" accept=".xlsx,.csv" required />
          <button type="submit" className="button block" disabled={busy}>
            {busy ? "正在导入…" : "上传并导入"}
          </button>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "导入花名册 · 考学" }];
