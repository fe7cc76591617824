import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { MEETING_TYPES } from "../../db/schema";
import { ReportTable } from "~/components/reports/report-table";
import { controlProps, Field } from "~/components/exams/form-field";
import { planTable } from "~/domain/law-study/completion";
import { MEETING_PHASE_LABELS, MEETING_TYPE_LABELS } from "~/domain/law-study/plan";
import { parseLocalDateTime } from "~/domain/local-datetime";
import { recordAudit } from "~/models/audit.server";
import { loadYearPlan } from "~/models/law-completion.server";
import { createMeeting } from "~/models/law-meetings.server";
import { getModuleInScope, listModules } from "~/models/law-modules.server";
import { orgDepth } from "~/models/orgs.server";
import { MeetingFormSchema } from "~/schemas/law-study.server";
import styles from "~/styles/law-study.css";
import { parseForm } from "~/utils/forms";
import { requirePlanScope } from "~/utils/law-study-access.server";
import { instantFormatter } from "~/utils/report-access.server";
import { readFormData } from "~/utils/request.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope, orgs, org, year, print } = await requirePlanScope(request, context);
  const now = new Date();
  const plan = await loadYearPlan(context.db, { orgId: org.id, year, timeZone: context.timeZone, now });
  if (print) await recordAudit(context.db, { actorId: user.id, action: "law.export", target: `law_plan:${org.id}:${year}`, detail: { format: "print" }, ip: context.clientAddress, now });
  const formatInstant = instantFormatter(context.timeZone);
  const modules = await listModules(context.db, scope);
  return {
    org: { id: org.id, name: org.name },
    orgs: orgs.map((o) => ({ id: o.id, name: o.name, depth: orgDepth(o) })),
    year,
    print,
    generatedAt: formatInstant(now.toISOString()),
    warnings: plan.warnings.map((w) => w.message),
    count: plan.count,
    rows: plan.rows.map((r) => ({
      id: r.id,
      month: r.month,
      type: MEETING_TYPE_LABELS[r.type],
      startsAt: formatInstant(r.startsAt),
      title: r.title,
      moduleTitle: r.moduleTitle,
      regulation: r.regulation,
      lecturer: r.lecturer,
      phase: MEETING_PHASE_LABELS[r.phase],
      complete: r.phase === "complete",
      attendees: r.attendees,
      present: r.present,
      finished: r.finished,
      quizPassed: r.quizPassed,
    })),
    table: planTable(plan.rows, formatInstant),
    modules: modules.map((m) => ({ id: m.id, title: `${m.title}（${m.regulationTitle}${m.regulationStatus === "in_force" ? "" : "，已修订或废止"}）` })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, scope, org, year } = await requirePlanScope(request, context);
  const parsed = parseForm(await readFormData(request), MeetingFormSchema);
  if (!parsed.ok) return data({ errors: parsed.fieldErrors }, { status: 422 });
  const form = parsed.data;
  const startsAt = parseLocalDateTime(form.startsAt, context.timeZone);
  if (!startsAt) return data({ errors: { startsAt: "请填写有效的会议时间" } as Record<string, string> }, { status: 422 });
  const module = await getModuleInScope(context.db, scope, form.moduleId);
  if (!module) return data({ errors: { moduleId: "请选择您管理范围内的学法模块" } as Record<string, string> }, { status: 422 });
  const id = await createMeeting(context.db, {
    orgId: org.id,
    type: form.type,
    title: form.title,
    startsAt,
    lecturer: form.lecturer,
    moduleId: module.id,
    actorId: user.id,
    ip: context.clientAddress,
    now: new Date(),
  });
  return redirect(`/manage/law-study/meetings/${id}?created=1&year=${year}`);
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

export default function LawStudyPlanPage() {
  const { org, orgs, year, print, generatedAt, warnings, count, rows, table, modules } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const query = `year=${year}&org=${org.id}`;
  return (
    <>
      <h1>
        {year}年学法计划 · {org.name}
      </h1>
      <p className="muted print-only">数据截至 {generatedAt}</p>
      <div className="actions no-print">
        <Link to={`/manage/law-study?year=${year - 1}&org=${org.id}`}>← {year - 1}年</Link>
        <Link to={`/manage/law-study?year=${year + 1}&org=${org.id}`}>{year + 1}年 →</Link>
        <Link to="/manage/law-study/modules">学法模块</Link>
        <Link to="/manage/regulations">法规库</Link>
      </div>
      {orgs.length > 1 && !print ? (
        <Form method="get" className="filters no-print" aria-label="选择组织">
          <input type="hidden" name="year" value={year} />
          <label htmlFor="org">组织</label>
          <select id="org" name="org" defaultValue={org.id}>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {"　".repeat(o.depth)}
                {o.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button secondary">
            查看
          </button>
        </Form>
      ) : null}

      <section aria-labelledby="count-title">
        <h2 id="count-title">年度统计</h2>
        <dl className="law-stats">
          <Stat label="会前学法" value={`${count.regulations} 部`} testId="year-count" />
          <Stat label="已开展会前学法" value={`${count.preMeetings} 次`} testId="year-meetings" />
          <Stat label="中心组学习" value={`${count.studyGroupSessions} 次`} testId="year-study-group" />
          <Stat label="计划条目" value={`${rows.length} 项`} testId="plan-items" />
        </dl>
        <p className="muted">“会前学法 N 部”统计党委会议、常务会议已完成（出勤已记录）的会前学法所学的不同法规。</p>
      </section>

      {warnings.length > 0 ? (
        <div className="alert warning" role="alert" aria-label="计划提醒">
          <ul className="warnings">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <section aria-labelledby="plan-title">
        <h2 id="plan-title">计划与完成情况</h2>
        <div className="actions no-print">
          <a className="button secondary" href={`/manage/law-study/plan.xlsx?${query}`} download>
            导出 Excel
          </a>
          <a className="button secondary" href={`/manage/law-study/plan.csv?${query}`} download>
            导出 CSV
          </a>
          {print ? (
            <button type="button" className="button" onClick={() => window.print()}>
              打印
            </button>
          ) : (
            <Link className="button secondary" to={`/manage/law-study?${query}&print=1`}>
              打印版（A4）
            </Link>
          )}
        </div>
        {print ? (
          <ReportTable table={table} caption="学法计划" empty="本年度还没有学法计划。" />
        ) : (
          <div className="table-wrap">
            <table className="stack" aria-label="学法计划">
              <thead>
                <tr>
                  <th>月份</th>
                  <th>会议</th>
                  <th>学法模块</th>
                  <th>主讲人</th>
                  <th>状态</th>
                  <th className="num">出席 / 应参加</th>
                  <th className="num">已读完</th>
                  <th className="num">测验通过</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td className="plan-month" data-label="月份">{r.month}月</td>
                    <td className="wrap" data-label="会议">
                      <div>
                        <Link to={`/manage/law-study/meetings/${r.id}`}>{r.title}</Link>
                        <br />
                        <span className="muted">
                          {r.type} · {r.startsAt}
                        </span>
                      </div>
                    </td>
                    <td className="wrap" data-label="学法模块">
                      <div>
                        {r.moduleTitle}
                        <br />
                        <span className="muted">{r.regulation}</span>
                      </div>
                    </td>
                    <td data-label="主讲人">{r.lecturer}</td>
                    <td data-label="状态" data-testid="plan-phase">
                      <span className={`badge ${r.complete ? "green" : "amber"}`}>{r.phase}</span>
                    </td>
                    <td className="num" data-label="出席 / 应参加">
                      {r.present} / {r.attendees}
                    </td>
                    <td className="num" data-label="已读完">{r.finished}</td>
                    <td className="num" data-label="测验通过">{r.quizPassed}</td>
                  </tr>
                ))}
                {rows.length === 0 ? (
                  <tr>
                    <td colSpan={8}>本年度还没有学法计划。</td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {print ? null : (
        <section className="card no-print" aria-labelledby="add-title">
          <h2 id="add-title">新增计划条目</h2>
          {modules.length === 0 ? (
            <p>
              还没有学法模块，请先<Link to="/manage/law-study/modules/new">新建学法模块</Link>。
            </p>
          ) : (
            <Form method="post">
              <div className="form-grid">
                <Field name="type" label="会议类型" error={errors.type}>
                  <select {...controlProps("type", errors.type)} defaultValue="party_committee">
                    {MEETING_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {MEETING_TYPE_LABELS[t]}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field name="startsAt" label="会议时间" error={errors.startsAt}>
                  <input {...controlProps("startsAt", errors.startsAt)} type="datetime-local" required />
                </Field>
                <Field name="title" label="会议名称" error={errors.title}>
                  <input {...controlProps("title", errors.title)} maxLength={80} required placeholder="如 3月党委会议" />
                </Field>
                <Field name="lecturer" label="主讲人" error={errors.lecturer}>
                  <input {...controlProps("lecturer", errors.lecturer)} maxLength={40} required />
                </Field>
                <Field name="moduleId" label="学法模块" error={errors.moduleId}>
                  <select {...controlProps("moduleId", errors.moduleId)} required>
                    {modules.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.title}
                      </option>
                    ))}
                  </select>
                </Field>
              </div>
              <button type="submit" className="button">
                加入计划
              </button>
            </Form>
          )}
        </section>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.year ?? ""}年学法计划 · 考学` }];
