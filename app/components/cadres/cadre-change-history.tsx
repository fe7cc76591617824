/** 变动记录: a cadre's transfers, promotions and changes of standing, newest first. */
type Change = { id: number; effectiveOn: string; kind: string; text: string; note: string; source: string; recordedBy: string; recordedAt: string };

export function CadreChangeHistory({ changes }: { changes: Change[] }) {
  return (
    <section className="card" aria-labelledby="cadre-changes">
      <h2 id="cadre-changes">变动记录</h2>
      {changes.length === 0 ? (
        <p className="muted">还没有调动、晋升等变动记录。</p>
      ) : (
        <div className="table-wrap">
          <table className="stack" aria-label="变动记录">
            <thead>
              <tr>
                <th scope="col">生效日期</th>
                <th scope="col">变动</th>
                <th scope="col">内容</th>
                <th scope="col">说明</th>
                <th scope="col">记录</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.id}>
                  <td data-label="生效日期">{c.effectiveOn}</td>
                  <td data-label="变动">{c.kind}</td>
                  <td data-label="内容" className="wrap">
                    {c.text}
                  </td>
                  <td data-label="说明" className="wrap">
                    {c.note || "—"}
                  </td>
                  <td data-label="记录" className="wrap">
                    {c.recordedBy} · {c.recordedAt} · {c.source}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
