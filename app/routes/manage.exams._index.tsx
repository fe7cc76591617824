import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";

import { EXAM_KINDS } from "../../db/schema";
import { EXAM_KIND_LABELS } from "~/domain/exam-labels";
import { EXAM_PHASE_LABELS, EXAM_PHASES, examPhase } from "~/domain/exams/exam-phase";
import { listExamPeriods, listExamsInScope } from "~/models/exam-management.server";
import { requireManager } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/time";
import { ExamListFilterSchema } from "~/schemas/exam-list.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { scope } = await requireManager(request, context);
  const filter = ExamListFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const now = new Date();
  const rows = await listExamsInScope(context.db, scope, { period: filter.period, kind: filter.kind, phase: filter.status }, now);
  return {
    periods: await listExamPeriods(context.db, scope),
    exams: rows.map((e) => {
      const phase = examPhase({ status: e.status, opensAt: new Date(e.opens_at), closesAt: new Date(e.closes_at) }, now);
      return {
        id: e.id,
        title: e.title,
        kind: EXAM_KIND_LABELS[e.kind],
        period: e.period,
        ownerName: e.ownerName,
        window: `${formatDateTime(e.opens_at, context.timeZone)} 至 ${formatDateTime(e.closes_at, context.timeZone)}`,
        phase,
        phaseLabel: EXAM_PHASE_LABELS[phase],
        audienceSize: e.status === "draft" ? null : Number(e.audienceSize),
        fromAbove: Number(e.fromAbove) === 1,
      };
    }),
  };
}

const BADGES = { draft: "", published: "amber", running: "green", ended: "red" } as const;

export default function ExamListPage() {
  const { periods, exams } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>考试管理</h1>
      {params.get("deleted") ? (
        <p className="alert success" role="status">
          已删除草稿“{params.get("deleted")}”。
        </p>
      ) : null}
      <div className="actions">
        <Link className="button" to="/manage/exams/new">
          新建考试
        </Link>
      </div>
      <Form method="get" className="card filters exam-filters" role="search" aria-label="筛选考试">
        <div>
          <label htmlFor="period">期次</label>
          <select id="period" name="period" defaultValue={params.get("period") ?? ""}>
            <option value="">全部</option>
            {periods.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="kind">类型</label>
          <select id="kind" name="kind" defaultValue={params.get("kind") ?? ""}>
            <option value="">全部</option>
            {EXAM_KINDS.map((k) => (
              <option key={k} value={k}>
                {EXAM_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="status">状态</label>
          <select id="status" name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">全部</option>
            {EXAM_PHASES.map((p) => (
              <option key={p} value={p}>
                {EXAM_PHASE_LABELS[p]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          筛选
        </button>
      </Form>
      <div className="table-wrap">
        <table aria-label="考试列表" className="stack">
          <thead>
            <tr>
              <th>考试名称</th>
              <th>状态</th>
              <th>期次</th>
              <th>时间</th>
              <th>类型</th>
              <th>所属组织</th>
              <th>参考人数</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {exams.map((e) => (
              <tr key={e.id}>
                <td className="wrap title-cell" data-label="考试名称">
                  {e.fromAbove ? (
                    <>
                      <Link to={`/manage/exams/${e.id}/report`}>{e.title}</Link> <span className="badge">上级组织考试</span>
                    </>
                  ) : (
                    <Link to={`/manage/exams/${e.id}`}>{e.title}</Link>
                  )}
                </td>
                <td data-label="状态" data-testid="exam-phase">
                  <span className={`badge ${BADGES[e.phase]}`}>{e.phaseLabel}</span>
                </td>
                <td data-label="期次">{e.period ?? "—"}</td>
                <td data-label="时间" className="wrap">
                  {e.window}
                </td>
                <td data-label="类型">{e.kind}</td>
                <td data-label="所属组织">{e.ownerName}</td>
                <td data-label="参考人数">{e.audienceSize ?? "—"}</td>
                <td className="row-links" data-label="操作" data-testid="exam-actions">
                  {e.phase === "draft" ? (
                    <Link to={`/manage/exams/${e.id}/edit`}>编辑</Link>
                  ) : (
                    <>
                      <Link to={`/manage/exams/${e.id}/live`}>实时情况</Link>
                      <Link to={`/manage/exams/${e.id}/report`}>成绩报表</Link>
                    </>
                  )}
                </td>
              </tr>
            ))}
            {exams.length === 0 ? (
              <tr>
                <td colSpan={8}>没有符合条件的考试。</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "考试管理 · 考学" }];
