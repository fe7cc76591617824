import { formatCell } from "~/domain/statistics/format";
import type { Table } from "~/domain/statistics/report-tables";
import { NOT_HELD, QUARTER_FIGURES } from "~/domain/statistics/year-tables";

/**
 * 每季一考 as organization × quarter: the same table as the spreadsheet (five figures per
 * quarter), each quarter folded into one cell; on a phone each organization is a card with
 * its quarters labelled (table.stack). A quarter in which the organization held no
 * quarterly exam is marked 未组织.
 */
export function QuarterMatrix({ table, quarters, open = [] }: { table: Table; quarters: string[]; open?: string[] }) {
  const per = QUARTER_FIGURES.length;
  const last = table.rows.length - 1;
  return (
    <div className="table-wrap">
      <table className="quarter-matrix stack">
        <caption className="sr-only">每季一考：各组织各季度参考情况</caption>
        <thead>
          <tr>
            <th scope="col">单位</th>
            {quarters.map((q) => (
              <th key={q} scope="col">
                {q}
                {open.includes(q) ? <span className="sub">进行中</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r} className={r === last ? "total" : undefined}>
              <th scope="row">{row[0]}</th>
              {quarters.map((q, i) => {
                const at = 1 + i * per;
                const [assigned, took, participation, pass, mean] = row.slice(at, at + per);
                const kind = (k: number) => table.columns[at + k].kind;
                const label = open.includes(q) ? `${q}（进行中）` : q;
                if (assigned === NOT_HELD) {
                  return (
                    <td key={q} className="not-held" data-testid="quarter-not-held" data-label={label}>
                      {NOT_HELD}
                    </td>
                  );
                }
                return (
                  <td key={q} data-label={label}>
                    <div>
                      <span className="rate">{formatCell(kind(2), participation)}</span>
                      <span className="sub">
                        实考 {formatCell(kind(1), took)} / 应考 {formatCell(kind(0), assigned)}
                      </span>
                      <span className="sub">及格率 {formatCell(kind(3), pass)}</span>
                      <span className="sub">平均分 {formatCell(kind(4), mean)}</span>
                    </div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="report-note">每格：参考率（实考 / 应考）、及格率、平均分（百分制）；“未组织”表示该组织本季度没有季度考试。</p>
    </div>
  );
}
