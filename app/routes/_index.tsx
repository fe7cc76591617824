import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";

import { stateLabel } from "~/domain/appointments/case-machine";
import { EXAM_KIND_LABELS } from "~/domain/exam-labels";
import { RANK_LABELS, ROLE_LABELS } from "~/domain/labels";
import { type MyExam, sortMyExams } from "~/domain/my-exams";
import { listCadreCases, snapshotOf } from "~/models/appointments.server";
import { finalizeExpiredAttemptsOf } from "~/models/attempt-finalize.server";
import { listExamsForCadre } from "~/models/exams.server";
import { listToStudy } from "~/models/law-reading.server";
import { formatDateTime } from "~/utils/time";
import { countCadres } from "~/models/cadres.server";
import { getOrg, listOrgs } from "~/models/orgs.server";
import { requireUser, scopeOf } from "~/utils/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const org = await getOrg(context.db, user.org_id);
  const manages = user.role !== "cadre";
  let managed: { orgName: string; orgCount: number; cadreCount: number } | null = null;
  if (manages) {
    const scope = await scopeOf(context, user);
    const orgs = await listOrgs(context.db, scope);
    managed = { orgName: orgs[0]?.name ?? "—", orgCount: orgs.length, cadreCount: await countCadres(context.db, scope) };
  }
  const now = new Date();
  await finalizeExpiredAttemptsOf(context.db, { userId: user.id, now });
  // First: a graded fail of a pre-appointment test opens its makeup, which 我的考试 then shows.
  const cases = (await listCadreCases(context.db, { userId: user.id, now })).filter((c) => c.status === "open");
  const caseContext = new Map(cases.map((c) => [c.exam_id, `任前考试 · 拟任${c.post}${c.open_book ? " · 开卷" : ""}${c.makeup_opened_at ? " · 补考" : ""}`]));
  const assigned = await listExamsForCadre(context.db, user.id);
  const exams = sortMyExams(
    assigned.map(({ exam, attempts }) => ({
      id: exam.id,
      title: exam.title,
      kind: exam.kind,
      status: exam.status,
      opensAt: exam.opens_at,
      closesAt: exam.closes_at,
      attemptsAllowed: exam.attempts_allowed === null ? null : exam.attempts_allowed + exam.extra_attempts,
      attempts: attempts.map((a) => ({ status: a.status, score: a.score, maxScore: a.max_score, passed: a.passed, pending: Boolean(a.pending_manual) })),
    })),
    now,
  );
  const toStudy = (await listToStudy(context.db, user.id, now)).map((m) => ({ id: m.id, title: m.title, startsAt: formatDateTime(m.starts_at, context.timeZone), regulation: m.regulationTitle }));
  const shown = (e: MyExam) => ({
    ...e,
    kind: caseContext.get(e.id) ?? EXAM_KIND_LABELS[e.kind as keyof typeof EXAM_KIND_LABELS],
    opensAt: formatDateTime(e.opensAt, context.timeZone),
    closesAt: formatDateTime(e.closesAt, context.timeZone),
  });
  return {
    exams: { open: exams.open.map(shown), coming: exams.coming.map(shown), done: exams.done.map(shown), practice: exams.practice.map(shown) },
    toStudy,
    appointments: cases.map((c) => ({ id: c.id, post: c.post, state: stateLabel(snapshotOf(c)), signPending: !c.commitment_signed_at })),
    name: user.name,
    employeeNo: user.employee_no,
    orgName: org?.name ?? "",
    rank: RANK_LABELS[user.rank],
    role: user.role,
    roleLabel: ROLE_LABELS[user.role],
    managed,
  };
}

type ShownExam = ReturnType<typeof useLoaderData<typeof loader>>["exams"]["open"][number];

function ExamList({ exams, coming = false }: { exams: ShownExam[]; coming?: boolean }) {
  if (exams.length === 0) return null;
  return (
    <ul className="exam-list">
      {exams.map((e) => (
        <li key={e.id}>
          <span>
            <Link to={`/exams/${e.id}`}>{e.title}</Link>
            <br />
            <span className="muted">
              {e.kind} · {coming ? `${e.opensAt} 开始 · ` : ""}截止 {e.closesAt}
            </span>
          </span>
          <span>
            {e.state === "in_progress" ? <span className="badge amber">作答中</span> : null}
            {e.state === "not_started" ? <span className="badge">未参加</span> : null}
            {e.state === "missed" ? <span className="badge red">未参加</span> : null}
            {e.best ? (
              e.best.pending ? (
                <span className="badge amber">待阅卷</span>
              ) : (
                <span className={`badge ${e.best.passed ? "green" : "red"}`}>
                  {e.best.score} 分 · {e.best.passed ? "及格" : "不及格"}
                </span>
              )
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}

export default function HomePage() {
  const home = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("passwordChanged") ? (
        <p className="alert success" role="status">
          密码已修改。
        </p>
      ) : null}
      <h1>您好，{home.name}</h1>
      <p className="muted">
        {home.orgName} · {home.rank} · 工号 {home.employeeNo} · {home.roleLabel}
      </p>
      {home.appointments.length > 0 ? (
        <section className="card" aria-labelledby="my-appointments">
          <h2 id="my-appointments">任前事项</h2>
          <ul className="exam-list">
            {home.appointments.map((a) => (
              <li key={a.id}>
                <span>
                  拟任{a.post}
                  <br />
                  <span className="muted">{a.state}</span>
                </span>
                {a.signPending ? (
                  <Link className="button" to={`/appointments/${a.id}/commitment`}>
                    阅读并签署承诺书
                  </Link>
                ) : (
                  <Link to={`/appointments/${a.id}/commitment`}>承诺书</Link>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="grid cols-2">
        {home.toStudy.length > 0 ? (
          <section className="card" aria-labelledby="to-study">
            <h2 id="to-study">待学习</h2>
            <ul className="exam-list">
              {home.toStudy.map((m) => (
                <li key={m.id}>
                  <span>
                    <Link to={`/law-study/${m.id}`}>{m.title}</Link>
                    <br />
                    <span className="muted">
                      会前学法《{m.regulation}》 · 会议 {m.startsAt}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <section className="card" aria-labelledby="my-exams">
          <h2 id="my-exams">我的考试</h2>
          {home.exams.open.length === 0 ? <p>目前没有需要参加的考试。</p> : null}
          <ExamList exams={home.exams.open} />
          {home.exams.coming.length > 0 ? (
            <>
              <h3>即将开始</h3>
              <ExamList exams={home.exams.coming} coming />
            </>
          ) : null}
          {home.exams.practice.length > 0 ? (
            <>
              <h3>练习</h3>
              <ExamList exams={home.exams.practice} />
            </>
          ) : null}
          {home.exams.done.length > 0 ? (
            <>
              <h3>已完成</h3>
              <ExamList exams={home.exams.done} />
            </>
          ) : null}
          <p>
            <Link to="/history">查看成绩档案 →</Link>
          </p>
          <p>
            <Link to="/practice">练习与错题本（逐题作答，即时看答案与解析）→</Link>
          </p>
        </section>
        {home.managed ? (
          <section className="card" aria-labelledby="manage">
            <h2 id="manage">管理</h2>
            <p>
              管理范围：{home.managed.orgName}（{home.managed.orgCount} 个组织，{home.managed.cadreCount} 名在册干部）
            </p>
            <div className="actions">
              <Link className="button" to="/manage/exams">
                考试管理
              </Link>
              <Link className="button secondary" to="/manage/orgs">
                组织架构
              </Link>
              <Link className="button secondary" to="/manage/cadres">
                干部名册
              </Link>
              <Link className="button secondary" to="/manage/appointments">
                任前事项
              </Link>
              <Link className="button secondary" to="/manage/cadres/import">
                导入花名册
              </Link>
              <Link className="button secondary" to="/manage/banks">
                题库
              </Link>
              <Link className="button secondary" to="/manage/statistics">
                以考促学统计
              </Link>
              {home.role === "admin" ? (
                <Link className="button secondary" to="/admin/audit">
                  审计日志
                </Link>
              ) : null}
            </div>
          </section>
        ) : null}
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "首页 · 考学" }];
