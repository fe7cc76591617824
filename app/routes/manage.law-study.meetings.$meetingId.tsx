import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";

import { AudiencePicker } from "~/components/exams/audience-picker";
import { ReportTable } from "~/components/reports/report-table";
import { type AudienceForm, previewAudience, readExamForm } from "~/domain/exams/exam-form";
import { attendanceLabel, completionSummary, completionTable } from "~/domain/law-study/completion";
import { MEETING_PHASE_LABELS, MEETING_TYPE_LABELS, meetingPhase, outlineOpensAt } from "~/domain/law-study/plan";
import { recordAudit } from "~/models/audit.server";
import { namedCadres, searchAudienceCadres } from "~/models/exam-editor.server";
import { resolveAudience } from "~/models/exams.server";
import { loadAttendeeFacts } from "~/models/law-completion.server";
import { type AttendanceEntry, type MeetingRow, recordAttendance, scheduleMeeting } from "~/models/law-meetings.server";
import { getModule } from "~/models/law-modules.server";
import { listOrgs, orgDepth, scopeForOrg } from "~/models/orgs.server";
import { AttendanceEntrySchema } from "~/schemas/law-study.server";
import styles from "~/styles/law-study.css";
import { requireMeeting } from "~/utils/law-study-access.server";
import { instantFormatter } from "~/utils/report-access.server";
import { readFormData } from "~/utils/request.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const LEADERS: AudienceForm = { orgIds: [], ranks: [], leadersOnly: true, partyMembersOnly: false, userIds: [] };

type PickerState = {
  audience: AudienceForm;
  count: number;
  named: Array<{ id: number; employeeNo: string; name: string; orgName: string }>;
  search: string;
  searchResults: Array<{ id: number; employeeNo: string; name: string; orgName: string }> | null;
  problem: string | null;
};

async function pickerState(context: LoaderFunctionArgs["context"], meeting: MeetingRow, audience: AudienceForm, extra: Partial<PickerState> = {}): Promise<PickerState> {
  const spec = previewAudience(audience);
  return {
    audience,
    count: (await resolveAudience(context.db, { ownerOrgId: meeting.org_id, spec })).length,
    named: await namedCadres(context.db, meeting.org_id, spec.userIds),
    search: "",
    searchResults: null,
    problem: null,
    ...extra,
  };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, meeting } = await requireMeeting(request, context, params);
  const now = new Date();
  const print = new URL(request.url).searchParams.get("print") === "1";
  const module = await getModule(context.db, meeting.module_id);
  const attendees = await loadAttendeeFacts(context.db, meeting);
  const summary = completionSummary(attendees);
  const phase = meetingPhase({ status: meeting.status, startsAt: meeting.starts_at }, { attendees: summary.attendees, recorded: summary.attendees - summary.unrecorded }, now);
  const formatInstant = instantFormatter(context.timeZone);
  if (print) await recordAudit(context.db, { actorId: user.id, action: "law.export", target: `law_meeting:${meeting.id}`, detail: { format: "print" }, ip: context.clientAddress, now });
  const orgs = meeting.status === "planned" ? await listOrgs(context.db, await scopeForOrg(context.db, meeting.org_id)) : [];
  return {
    meeting: {
      id: meeting.id,
      title: meeting.title,
      type: MEETING_TYPE_LABELS[meeting.type],
      startsAt: formatInstant(meeting.starts_at),
      outlineOpensAt: formatInstant(outlineOpensAt(meeting.starts_at).toISOString()),
      lecturer: meeting.lecturer,
      orgName: meeting.orgName,
      status: meeting.status,
      started: Date.parse(meeting.starts_at) <= now.getTime(),
      quizExamId: meeting.quiz_exam_id,
    },
    module: module ? { id: module.id, title: module.title, regulation: module.regulationTitle, version: module.version, hasQuiz: module.quiz !== null } : null,
    phase,
    phaseLabel: MEETING_PHASE_LABELS[phase],
    print,
    summary,
    table: completionTable(attendees, formatInstant),
    attendees: attendees.map((a) => ({ userId: a.userId, name: a.name, employeeNo: a.employeeNo, attendance: a.attendance, reason: a.absenceReason ?? "", label: attendanceLabel(a) })),
    orgs: orgs.map((o) => ({ id: o.id, name: o.name, depth: orgDepth(o) - orgDepth(orgs[0]) })),
    picker: meeting.status === "planned" ? await pickerState(context, meeting, LEADERS) : null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, meeting } = await requireMeeting(request, context, params);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const now = new Date();

  if (intent === "attendance") {
    const entries: AttendanceEntry[] = [];
    for (const [name, value] of formData.entries()) {
      const match = /^attendance\.(\d{1,9})$/.exec(name);
      if (!match || value === "") continue;
      const parsed = AttendanceEntrySchema.safeParse({ attendance: value, reason: formData.get(`reason.${match[1]}`) ?? "" });
      if (!parsed.success) return data({ kind: "attendance" as const, problem: parsed.error.issues[0]?.message ?? "出勤记录有误" }, { status: 422 });
      entries.push({ userId: Number(match[1]), ...parsed.data });
    }
    const result = await recordAttendance(context.db, { meeting, entries, actorId: user.id, ip: context.clientAddress, now });
    if (!result.ok) return data({ kind: "attendance" as const, problem: result.problem }, { status: 422 });
    return redirect(`/manage/law-study/meetings/${meeting.id}?attendance=${result.recorded}`);
  }

  const audience = readExamForm(formData.entries()).audience;
  if (intent === "search-cadres") {
    const search = String(formData.get("cadreSearch") ?? "").slice(0, 40);
    const spec = previewAudience(audience);
    const searchResults = await searchAudienceCadres(context.db, { ownerOrgId: meeting.org_id, q: search, exclude: spec.userIds });
    return data({ kind: "picker" as const, picker: await pickerState(context, meeting, audience, { search, searchResults }) });
  }
  if (intent === "schedule") {
    const result = await scheduleMeeting(context.db, { meeting, audience: previewAudience(audience), actorId: user.id, ip: context.clientAddress, now });
    if (result.ok) return redirect(`/manage/law-study/meetings/${meeting.id}?scheduled=${result.attendees}`);
    if (result.outOfScope) {
      await recordAudit(context.db, { actorId: user.id, action: "access.denied", target: new URL(request.url).pathname, detail: { why: result.problem, method: "POST" }, ip: context.clientAddress, now });
    }
    return data({ kind: "picker" as const, picker: await pickerState(context, meeting, audience, { problem: result.problem }) }, { status: 422 });
  }
  return data({ kind: "picker" as const, picker: await pickerState(context, meeting, audience) });
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

export default function MeetingPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { meeting, module, phaseLabel, print, summary, table, attendees, orgs } = loaded;
  const picker = result?.kind === "picker" ? result.picker : loaded.picker;
  const base = `/manage/law-study/meetings/${meeting.id}`;
  return (
    <>
      <p className="no-print">
        <Link to="/manage/law-study">← 学法计划</Link>
      </p>
      <h1>{meeting.title}</h1>
      <p className="muted">
        {meeting.orgName} · {meeting.type} · {meeting.startsAt} · 主讲人 {meeting.lecturer} · <span data-testid="meeting-phase">{phaseLabel}</span>
      </p>
      {module ? (
        <p>
          学法模块：<Link to={`/manage/law-study/modules/${module.id}`}>{module.title}</Link>（{module.regulation}
          {module.version ? `，第 ${module.version} 版原文` : "，未导入原文"}）{module.hasQuiz ? " · 含测验" : " · 无测验"}
        </p>
      ) : null}
      {params.get("created") ? <p className="alert success" role="status">已加入学法计划。请确定参会人员，学习材料将于会前 3 天向参会人员开放。</p> : null}
      {params.get("scheduled") ? (
        <p className="alert success" role="status">
          已确定 {params.get("scheduled")} 名参会人员{module?.hasQuiz ? "，并已向他们发布学法测验" : ""}。学习材料于 {meeting.outlineOpensAt} 开放。
        </p>
      ) : null}
      {params.get("attendance") ? (
        <p className="alert success" role="status">
          已记录 {params.get("attendance")} 人的出勤。
        </p>
      ) : null}

      {meeting.status === "planned" && picker ? (
        <Form method="post">
          <AudiencePicker audience={picker.audience} orgs={orgs} named={picker.named} search={picker.search} searchResults={picker.searchResults} count={picker.count} problem={picker.problem ?? undefined} readOnly={false} />
          <div className="actions">
            <button type="submit" name="intent" value="count" className="button secondary">
              更新人数
            </button>
            <button type="submit" name="intent" value="schedule" className="button">
              确定参会人员
            </button>
          </div>
        </Form>
      ) : null}

      {meeting.status === "scheduled" ? (
        <>
          <section aria-labelledby="completion-title">
            <h2 id="completion-title">学习完成情况</h2>
            <dl className="law-stats">
              <Stat label="应参加" value={String(summary.attendees)} testId="stat-attendees" />
              <Stat label="出席" value={String(summary.present)} testId="stat-present" />
              <Stat label="已读完" value={String(summary.finished)} testId="stat-finished" />
              <Stat label="测验通过" value={module?.hasQuiz ? String(summary.quizPassed) : "无测验"} testId="stat-quiz" />
            </dl>
            <div className="actions no-print">
              <a className="button secondary" href={`${base}/report.xlsx`} download>
                导出 Excel
              </a>
              <a className="button secondary" href={`${base}/report.csv`} download>
                导出 CSV
              </a>
              {print ? (
                <button type="button" className="button" onClick={() => window.print()}>
                  打印
                </button>
              ) : (
                <Link className="button secondary" to={`${base}?print=1`}>
                  打印版（A4）
                </Link>
              )}
            </div>
            <ReportTable table={table} caption="学习情况" empty="没有参会人员。" />
          </section>

          {meeting.started && !print ? (
            <section className="card no-print" aria-labelledby="attendance-title">
              <h2 id="attendance-title">记录出勤</h2>
              {result?.kind === "attendance" ? (
                <p className="alert error" role="alert">
                  {result.problem}
                </p>
              ) : null}
              <Form method="post">
                <div className="table-wrap">
                  <table className="stack" aria-label="出勤">
                    <thead>
                      <tr>
                        <th>参会人员</th>
                        <th>出勤</th>
                        <th>缺席原因</th>
                      </tr>
                    </thead>
                    <tbody>
                      {attendees.map((a) => (
                        <tr key={a.userId}>
                          <td data-label="参会人员">
                            {a.name}（{a.employeeNo}）
                          </td>
                          <td data-label="出勤">
                            <select name={`attendance.${a.userId}`} defaultValue={a.attendance ?? ""} aria-label={`${a.name}的出勤`}>
                              <option value="">未记录</option>
                              <option value="present">出席</option>
                              <option value="absent">缺席</option>
                            </select>
                          </td>
                          <td data-label="缺席原因">
                            <input name={`reason.${a.userId}`} defaultValue={a.reason} maxLength={60} aria-label={`${a.name}的缺席原因`} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <button type="submit" name="intent" value="attendance" className="button">
                  保存出勤
                </button>
              </Form>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.meeting.title ?? "会议"} · 学法 · 考学` }];
