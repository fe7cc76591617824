import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { RosterErrors } from "~/components/cadres/roster-errors";
import { RosterPreviewView } from "~/components/cadres/roster-preview";
import { changeKindLabel, describeChange, localDateOf } from "~/domain/cadre-changes";
import type { RosterError } from "~/domain/roster";
import { readFormData } from "~/utils/request.server";
import { RANK_LABELS } from "~/domain/labels";
import { importRoster } from "~/models/roster.server";
import { applyRosterUpdate, previewRosterUpdate } from "~/models/roster-update.server";
import { RosterImportSchema } from "~/schemas/cadres.server";
import { requireManager } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { MAX_UPLOAD_BYTES, readUploadedTable, SpreadsheetError } from "~/utils/spreadsheet.server";

/** The preview lists this many rows of each kind; the counts are always complete. */
const PREVIEW_ROWS = 300;

type PreviewView = {
  previewId: string;
  effectiveOn: string;
  creates: Array<{ row: number; employeeNo: string; name: string; orgName: string; rank: string }>;
  updates: Array<{ row: number; employeeNo: string; name: string; inactive: boolean; changes: Array<{ kind: string; text: string }> }>;
  counts: { creates: number; updates: number; unchanged: number };
};

type ImportOutcome =
  | { kind: "created"; created: number; downloadUrl: string }
  | { kind: "preview"; preview: PreviewView }
  | { kind: "applied"; created: number; updated: number; unchanged: number; downloadUrl: string | null }
  | { kind: "refused"; message: string; errors: RosterError[] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireManager(request, context);
  return { today: localDateOf(new Date(), context.timeZone) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const refuse = (message: string, errors: RosterError[] = [], status = 400) => data<ImportOutcome>({ kind: "refused", message, errors }, { status });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BYTES + 64 * 1024) {
    return refuse("文件超过 5 MB", [], 413);
  }
  const formData = await readFormData(request);
  const now = new Date();
  const importer = { actorId: user.id, actorRole: user.role, scope, ip: context.clientAddress, now };
  const download = (handout: { id: string; key: string }) => `/manage/handouts/${handout.id}?k=${handout.key}`;

  if (formData.get("intent") === "apply") {
    const previewId = String(formData.get("previewId") ?? "");
    const applied = await applyRosterUpdate(context.db, { ...importer, previewId });
    if (!applied.ok) return refuse(applied.message, applied.errors, 409);
    return data<ImportOutcome>({ kind: "applied", created: applied.created, updated: applied.updated, unchanged: applied.unchanged, downloadUrl: applied.handout ? download(applied.handout) : null });
  }

  const form = parseForm(formData, RosterImportSchema);
  if (!form.ok) return refuse(Object.values(form.fieldErrors)[0] ?? "请求无效");
  const file = formData.get("file");
  if (!(file instanceof File)) return refuse("请选择要上传的文件");
  let table: string[][];
  try {
    table = await readUploadedTable(file);
  } catch (error) {
    if (error instanceof SpreadsheetError) return refuse(error.message);
    throw error;
  }
  const problem = (count: number) => `文件中有 ${count} 处错误，未导入任何数据。请修改后重新上传。`;

  if (!form.data.update) {
    const result = await importRoster(context.db, { actorId: user.id, scope, table, fileName: file.name, ip: context.clientAddress, now });
    if (!result.ok) return refuse(problem(result.errors.length), result.errors, 422);
    return data<ImportOutcome>({ kind: "created", created: result.created, downloadUrl: download(result.handout) });
  }

  const today = localDateOf(now, context.timeZone);
  const effectiveOn = form.data.effectiveOn ?? today;
  if (effectiveOn > today) return refuse("生效日期不能晚于今天");
  const preview = await previewRosterUpdate(context.db, { ...importer, table, fileName: file.name, effectiveOn });
  if (!preview.ok) return refuse(problem(preview.errors.length), preview.errors, 422);
  const { plan, orgNames } = preview;
  return data<ImportOutcome>({
    kind: "preview",
    preview: {
      previewId: preview.previewId,
      effectiveOn: preview.effectiveOn,
      creates: plan.creates.slice(0, PREVIEW_ROWS).map((c) => ({ row: c.row, employeeNo: c.employeeNo, name: c.name, orgName: c.orgName, rank: RANK_LABELS[c.rank] })),
      updates: plan.updates.slice(0, PREVIEW_ROWS).map((u) => ({
        row: u.row,
        employeeNo: u.employeeNo,
        name: u.name,
        inactive: u.inactive,
        changes: u.changes.map((c) => ({ kind: changeKindLabel(c.field, c.from, c.to), text: describeChange(c, orgNames) })),
      })),
      counts: { creates: plan.creates.length, updates: plan.updates.length, unchanged: plan.unchanged },
    },
  });
}

export default function RosterImportPage() {
  const { today } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>() as ImportOutcome | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <>
      <p>
        <Link to="/manage/cadres">← 干部名册</Link>
      </p>
      <h1>导入花名册</h1>
      {outcome?.kind === "created" || outcome?.kind === "applied" ? (
        <div className="alert success" role="status">
          {outcome.kind === "created" ? (
            <p>已导入 {outcome.created} 名干部。</p>
          ) : (
            <p>
              已新增 {outcome.created} 名干部，更新 {outcome.updated} 名干部（{outcome.unchanged} 名没有变化）。
            </p>
          )}
          {outcome.downloadUrl ? (
            <>
              <p>初始密码只能下载一次（24 小时内有效），请妥善保管并分发给本人：</p>
              <a className="button" href={outcome.downloadUrl} download>
                下载初始密码
              </a>
            </>
          ) : null}
        </div>
      ) : null}
      {outcome?.kind === "refused" ? (
        <div className="alert error" role="alert">
          <p>{outcome.message}</p>
          <RosterErrors errors={outcome.errors} />
        </div>
      ) : null}
      {outcome?.kind === "preview" ? <RosterPreviewView preview={outcome.preview} busy={busy} /> : null}
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
          <label className="check">
            <input type="checkbox" name="update" value="1" /> 更新已有干部（按工号对应：组织、职级、领导干部、党员、姓名以文件为准；先预览，确认后才保存）
          </label>
          <label htmlFor="effectiveOn">变动生效日期（更新已有干部时）</label>
          <input id="effectiveOn" name="effectiveOn" type="date" defaultValue={today} max={today} />
          <button type="submit" className="button block" disabled={busy}>
            {busy ? "正在处理…" : "上传并导入"}
          </button>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "导入花名册 · 考学" }];
