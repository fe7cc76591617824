import type { RecordCell, RecordSection } from "~/domain/cadre-record";

const shown = (v: RecordCell) => (v === null || v === "" ? "—" : String(v));

/**
 * Every section of the cadre's long-term file, whatever area it comes from: its facts, then
 * its tables. A section is data, so this one component renders them all, on a phone (each
 * row a card, every cell labelled), on the page and in the print view.
 */
export function RecordSections({ sections }: { sections: RecordSection[] }) {
  return (
    <>
      {sections.map((section) => (
        <section key={section.key} className="record-section" aria-labelledby={`record-${section.key}`} data-section={section.key}>
          <h2 id={`record-${section.key}`}>{section.title}</h2>
          {section.facts.length ? (
            <dl className="report-stats record-facts">
              {section.facts.map((f) => (
                <div key={f.label}>
                  <dt>{f.label}</dt>
                  <dd>{f.value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {section.emptyText ? <p className="muted">{section.emptyText}</p> : null}
          {section.tables.map((table, t) => (
            <div key={t} className="table-wrap">
              <table className="stack">
                {table.title ? <caption>{table.title}</caption> : <caption className="sr-only">{section.title}</caption>}
                <thead>
                  <tr>
                    {table.columns.map((c) => (
                      <th key={c.key} scope="col" className={[c.numeric ? "num" : "", c.key_column ? "" : "optional"].join(" ").trim() || undefined}>
                        {c.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {table.rows.map((row, r) => (
                    <tr key={r}>
                      {table.columns.map((c) => (
                        <td key={c.key} className={[c.numeric ? "num" : "", c.key_column ? "" : "optional"].join(" ").trim() || undefined} data-label={c.label}>
                          {shown(row[c.key] ?? null)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </section>
      ))}
    </>
  );
}
