/** What a roster update would do, shown before anything is saved; 确认导入 applies exactly this. */
import { Form, Link } from "@remix-run/react";

type Preview = {
  previewId: string;
  effectiveOn: string;
  creates: Array<{ row: number; employeeNo: string; name: string; orgName: string; rank: string }>;
  updates: Array<{ row: number; employeeNo: string; name: string; inactive: boolean; changes: Array<{ kind: string; text: string }> }>;
  counts: { creates: number; updates: number; unchanged: number };
};

export function RosterPreviewView({ preview, busy }: { preview: Preview; busy: boolean }) {
  const { counts } = preview;
  const nothing = counts.creates + counts.updates === 0;
  return (
    <section className="card" aria-labelledby="roster-preview">
      <h2 id="roster-preview">预览：尚未保存</h2>
      <p data-testid="preview-counts">
        新增 {counts.creates} 名，更新 {counts.updates} 名，{counts.unchanged} 名没有变化。变动生效日期 {preview.effectiveOn}。
      </p>
      {preview.updates.length > 0 ? (
        <div className="table-wrap">
          <table className="stack" aria-label="将要更新的干部">
            <thead>
              <tr>
                <th>行号</th>
                <th>工号</th>
                <th>姓名</th>
                <th>变动</th>
              </tr>
            </thead>
            <tbody>
              {preview.updates.map((u) => (
                <tr key={u.employeeNo}>
                  <td data-label="行号">第 {u.row} 行</td>
                  <td data-label="工号">{u.employeeNo}</td>
                  <td data-label="姓名">
                    {u.name}
                    {u.inactive ? "（已停用）" : ""}
                  </td>
                  <td data-label="变动" className="wrap">
                    {u.changes.map((c) => (
                      <div key={c.text}>
                        {c.kind}：{c.text}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {preview.creates.length > 0 ? (
        <div className="table-wrap">
          <table className="stack" aria-label="将要新增的干部">
            <thead>
              <tr>
                <th>行号</th>
                <th>工号</th>
                <th>姓名</th>
                <th>组织</th>
                <th>职级</th>
              </tr>
            </thead>
            <tbody>
              {preview.creates.map((c) => (
                <tr key={c.employeeNo}>
                  <td data-label="行号">第 {c.row} 行</td>
                  <td data-label="工号">{c.employeeNo}</td>
                  <td data-label="姓名">{c.name}</td>
                  <td data-label="组织">{c.orgName}</td>
                  <td data-label="职级">{c.rank}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {counts.updates > preview.updates.length || counts.creates > preview.creates.length ? <p className="muted">只列出前 {preview.updates.length + preview.creates.length} 行。</p> : null}
      {nothing ? (
        <p>文件与系统中的记录一致，没有需要保存的内容。</p>
      ) : (
        <Form method="post" className="actions">
          <input type="hidden" name="previewId" value={preview.previewId} />
          <button type="submit" name="intent" value="apply" className="button" disabled={busy}>
            确认导入（全部保存）
          </button>
          <Link to="/manage/cadres/import" className="button secondary">
            取消
          </Link>
        </Form>
      )}
    </section>
  );
}
