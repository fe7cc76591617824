import type { RosterError } from "~/domain/roster";

/** The rows a roster upload was refused for, as the person sees them in the spreadsheet. */
export function RosterErrors({ errors }: { errors: RosterError[] }) {
  if (errors.length === 0) return null;
  return (
    <>
      <div className="table-wrap">
        <table aria-label="错误明细" className="stack">
          <thead>
            <tr>
              <th>行号</th>
              <th>列</th>
              <th>问题</th>
            </tr>
          </thead>
          <tbody>
            {errors.slice(0, 200).map((e, i) => (
              <tr key={i}>
                <td data-label="行号">第 {e.row} 行</td>
                <td data-label="列">{e.column ?? "—"}</td>
                <td data-label="问题" className="wrap">
                  {e.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {errors.length > 200 ? <p>……另有 {errors.length - 200} 处错误未列出。</p> : null}
    </>
  );
}
