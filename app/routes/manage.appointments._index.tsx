import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";

import { ReportTable } from "~/components/reports/report-table";
import { BOARD_STATE_LABELS, BOARD_STATES } from "~/domain/appointments/board";
import { formatCell } from "~/domain/statistics/format";
import { listNotices, loadBoard } from "~/models/appointment-board.server";
import { listOrgs, orgDepth } from "~/models/orgs.server";
import { BoardFilterSchema } from "~/schemas/appointments.server";
import styles from "~/styles/reports.css";
import { requireManager } from "~/utils/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const url = new URL(request.url);
  const filter = BoardFilterSchema.parse(Object.fromEntries(url.searchParams));
  const board = await loadBoard(context.db, scope, filter, { now: new Date(), timeZone: context.timeZone });
  const orgs = await listOrgs(context.db, scope);
  const notices = await listNotices(context.db, scope);
  return {
    ...board,
    filter: { state: filter.state ?? "", orgId: filter.orgId ? String(filter.orgId) : "", year: String(board.year) },
    orgs: orgs.map((o) => ({ id: o.id, name: `${"　".repeat(orgDepth(o))}${o.name}` })),
    notices: notices.map((n) => ({ id: n.id, text: `${n.name}（${n.employee_no}，拟任${n.post}）：${n.notice}`, mine: n.organizer_id === user.id })),
    isAdmin: user.role === "admin",
  };
}

export default function AppointmentBoardPage() {
  const board = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const exportQuery = params.toString() ? `?${params.toString()}` : "";
  return (
    <div className="report">
      <h1>任前事项</h1>
      <p className="muted">新任职干部任前廉政承诺、任前谈话、任前廉政法规考试，三项完成即可任职。</p>
      <div className="actions no-print">
        <Link className="button" to="/manage/appointments/new">
          新建任前事项
        </Link>
        <a className="button secondary" href={`/manage/appointments/export.xlsx${exportQuery}`} download>
          导出 Excel
        </a>
        <a className="button secondary" href={`/manage/appointments/export.csv${exportQuery}`} download>
          导出 CSV
        </a>
        {board.isAdmin ? (
          <Link className="button secondary" to="/manage/appointments/settings">
            任前设置
          </Link>
        ) : null}
      </div>

      {board.notices.length > 0 ? (
        <div className="alert warning" role="alert" aria-label="需要知悉">
          <p>
            <strong>需要知悉</strong>
          </p>
          <ul>
            {board.notices.map((n) => (
              <li key={n.id}>
                <Link to={`/manage/appointments/${n.id}`}>{n.text}</Link>
                {n.mine ? "（您负责）" : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <Form method="get" className="card filters exam-filters no-print" role="search" aria-label="筛选任前事项">
        <div>
          <label htmlFor="state">状态</label>
          <select id="state" name="state" defaultValue={board.filter.state}>
            <option value="">全部</option>
            {BOARD_STATES.map((s) => (
              <option key={s} value={s}>
                {BOARD_STATE_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="orgId">组织</label>
          <select id="orgId" name="orgId" defaultValue={board.filter.orgId}>
            <option value="">全部</option>
            {board.orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="year">年度（按任用决定日期）</label>
          <select id="year" name="year" defaultValue={board.filter.year}>
            {board.years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          筛选
        </button>
      </Form>

      <section aria-labelledby="year-title">
        <h2 id="year-title">{board.year} 年度统计</h2>
        <p data-testid="year-sentence">{board.sentence}。</p>
        <ReportTable table={board.yearTable} caption={`${board.year} 年度统计`} totalRow empty="" />
      </section>

      <section aria-labelledby="cases-title">
        <h2 id="cases-title">事项（{board.table.rows.length} 件）</h2>
        <div className="table-wrap">
          <table className="stack" aria-label="任前事项">
            <thead>
              <tr>
                {board.table.columns.map((c) => (
                  <th key={c.header} scope="col" className={c.kind !== "text" ? "num" : undefined}>
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {board.table.rows.map((row, r) => (
                <tr key={board.caseIds[r]}>
                  {row.map((value, i) => (
                    <td key={i} className={board.table.columns[i].kind !== "text" ? "num" : undefined} data-label={board.table.columns[i].header}>
                      {board.table.columns[i].header === "姓名" ? (
                        <Link to={`/manage/appointments/${board.caseIds[r]}`}>{formatCell("text", value)}</Link>
                      ) : (
                        formatCell(board.table.columns[i].kind, value)
                      )}
                    </td>
                  ))}
                </tr>
              ))}
              {board.table.rows.length === 0 ? (
                <tr>
                  <td colSpan={board.table.columns.length}>没有符合条件的任前事项。</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
        <p className="report-note">天数：自建立事项之日起（已办结的到办结之日）。考试方式按任用决定之日的年龄确定。</p>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "任前事项 · 考学" }];
