import { type Cell, type CellKind, formatCell } from "~/domain/statistics/format";
import type { Table } from "~/domain/statistics/report-tables";

const isNumeric = (kind: CellKind) => kind !== "text";

/**
 * A report table exactly as the export writes it (same Table from report-tables.ts, same
 * formatting), so the page and the spreadsheet cannot disagree. `totalRow` marks the last
 * row as a 合计 row. On a phone each row is a card with every cell labelled by its column.
 */
export function ReportTable({
  table,
  caption,
  totalRow = false,
  empty,
  link,
}: {
  table: Table;
  caption?: string;
  totalRow?: boolean;
  empty: string;
  /** Makes one column's cells links (e.g. a knowledge point to its item analysis). */
  link?: { column: number; href: (row: Cell[]) => string };
}) {
  const last = table.rows.length - 1;
  return (
    <div className="table-wrap">
      <table className="stack">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.header} scope="col" className={isNumeric(c.kind) ? "num" : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row: Cell[], r) => (
            <tr key={r} className={totalRow && r === last ? "total" : undefined}>
              {row.map((value, i) => (
                <td key={i} className={isNumeric(table.columns[i].kind) ? "num" : undefined} data-label={table.columns[i].header}>
                  {link && link.column === i ? <a href={link.href(row)}>{formatCell(table.columns[i].kind, value)}</a> : formatCell(table.columns[i].kind, value)}
                </td>
              ))}
            </tr>
          ))}
          {table.rows.length === 0 ? (
            <tr>
              <td colSpan={table.columns.length}>{empty}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
