import { Form } from "@remix-run/react";

/**
 * Narrows a report to one organization's subtree: a plain GET form (works without
 * JavaScript), the first choice being everything the viewer may see. Hidden when there is
 * nothing to narrow to.
 */
export function ReportScopePicker({
  choices,
  selected,
  label = "只看组织",
  hidden = {},
}: {
  choices: Array<{ id: number; name: string; depth: number }>;
  selected: number;
  label?: string;
  /** Other query values to keep (e.g. the year of the statistics page). */
  hidden?: Record<string, string>;
}) {
  if (choices.length < 2) return null;
  return (
    <Form method="get" className="card filters no-print" aria-label="统计范围">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div>
        <label htmlFor="report-org">{label}</label>
        <select id="report-org" name="org" defaultValue={selected === choices[0].id ? "" : String(selected)}>
          {choices.map((c, i) => (
            <option key={c.id} value={i === 0 ? "" : String(c.id)}>
              {"　".repeat(c.depth)}
              {c.name}
              {i === 0 ? "（全部）" : ""}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">
        查看
      </button>
    </Form>
  );
}
