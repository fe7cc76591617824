import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useRef } from "react";

import { articleAnchor, RegulationText } from "~/components/law-study/regulation-text";
import { useReadingReport } from "~/components/law-study/use-reading-report";
import { quizState, QUIZ_STATE_LABELS } from "~/domain/law-study/completion";
import { MEETING_TYPE_LABELS, outlineOpensAt } from "~/domain/law-study/plan";
import { formatStudyTime } from "~/domain/law-study/reading";
import { listOwnAttempts } from "~/models/attempts.server";
import { getModule } from "~/models/law-modules.server";
import { recordOpen } from "~/models/law-reading.server";
import { getRegulationById, loadArticles } from "~/models/regulations.server";
import styles from "~/styles/law-study.css";
import { requireOwnMeeting } from "~/utils/law-study-access.server";
import { formatDateTime } from "~/utils/time";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, meeting, attendee } = await requireOwnMeeting(request, context, params);
  const now = new Date();
  const opensAt = outlineOpensAt(meeting.starts_at);
  const head = {
    id: meeting.id,
    title: meeting.title,
    type: MEETING_TYPE_LABELS[meeting.type],
    startsAt: formatDateTime(meeting.starts_at, context.timeZone),
    lecturer: meeting.lecturer,
    opensAt: formatDateTime(opensAt.toISOString(), context.timeZone),
  };
  // The outline reaches attendees 3 days before the meeting; before that they see only when.
  if (now.getTime() < opensAt.getTime()) return { locked: true as const, meeting: head };
  await recordOpen(context.db, { meetingId: meeting.id, userId: user.id, now });
  const module = await getModule(context.db, meeting.module_id);
  if (!module) throw new Response("学法模块不存在", { status: 404 });
  const regulation = await getRegulationById(context.db, module.regulationId);
  const articles = module.versionId ? await loadArticles(context.db, module.versionId) : [];
  const focusSet = new Set(module.focus);
  const focusArticles = module.focus.length ? articles.filter((a) => focusSet.has(a.number)) : articles;
  const attempts = meeting.quiz_exam_id ? await listOwnAttempts(context.db, { examId: meeting.quiz_exam_id, userId: user.id }) : [];
  return {
    locked: false as const,
    meeting: head,
    module: {
      title: module.title,
      regulation: regulation ? { title: regulation.title, issuer: regulation.issuer, issuedOn: regulation.issued_on, effectiveOn: regulation.effective_on } : null,
      version: module.version,
      keyPoints: module.keyPoints,
      focus: module.focus,
      hasText: articles.length > 0,
    },
    focusArticles,
    fullText: module.focus.length ? articles : [],
    reading: { activeSeconds: attendee.active_seconds, finished: attendee.reached_end_at !== null },
    quiz: meeting.quiz_exam_id ? { examId: meeting.quiz_exam_id, state: QUIZ_STATE_LABELS[quizState(true, attempts)] } : null,
  };
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function StudyPage({ data }: { data: Extract<Loaded, { locked: false }> }) {
  const { meeting, module, focusArticles, fullText, quiz } = data;
  const [params] = useSearchParams();
  const endMarker = useRef<HTMLDivElement>(null);
  const reading = useReadingReport(`/law-study/${meeting.id}/reading`, endMarker, data.reading);
  return (
    <>
      <section className="card" aria-labelledby="outline-title">
        <h2 id="outline-title">学习提纲</h2>
        {module.regulation ? (
          <p className="muted">
            《{module.regulation.title}》{module.regulation.issuer ? ` · ${module.regulation.issuer}` : ""}
            {module.regulation.issuedOn ? ` · ${module.regulation.issuedOn} 发布` : ""}
            {module.regulation.effectiveOn ? ` · ${module.regulation.effectiveOn} 施行` : ""}
            {module.version ? ` · 第 ${module.version} 版原文` : ""}
          </p>
        ) : null}
        <p>重点条文：{module.focus.length ? module.focus.join("、") : "全文"}</p>
        <h3>学习要点</h3>
        <ol className="key-points">
          {module.keyPoints.map((p, i) => (
            <li key={i}>
              {p.text}
              {module.hasText ? (
                <span className="cites">
                  {" "}
                  {p.articles.map((a) => (
                    <a key={a} href={`#${articleAnchor(a)}`}>
                      {a}{" "}
                    </a>
                  ))}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      {module.hasText ? (
        <section className="card" aria-labelledby="focus-title">
          <h2 id="focus-title">{module.focus.length ? "重点条文" : "原文"}</h2>
          <RegulationText articles={focusArticles} focus={module.focus} />
        </section>
      ) : (
        <p className="muted">本模块的法规原文尚未导入法规库，请对照纸质文本学习以上要点。</p>
      )}

      <div ref={endMarker} className="reading-end" data-testid="reading-end">
        <p role="status" aria-live="polite" data-testid="reading-state">
          {reading.finished ? "已学完" : "未学完"} · 已学习 {formatStudyTime(reading.activeSeconds)}
        </p>
        {params.get("finished") ? <p className="muted">已记录学完。</p> : null}
        {reading.finished ? null : (
          <Form method="post" action={`/law-study/${meeting.id}/reading`}>
            <input type="hidden" name="intent" value="finish" />
            <button type="submit" className="button">
              已学完
            </button>
          </Form>
        )}
        {quiz ? (
          <p>
            学法测验：{quiz.state} · <Link to={`/exams/${quiz.examId}`}>参加测验</Link>
          </p>
        ) : null}
      </div>

      {fullText.length ? (
        <details className="card">
          <summary>法规全文（重点条文已标出）</summary>
          <RegulationText articles={fullText} focus={module.focus} anchors={false} />
        </details>
      ) : null}
    </>
  );
}

export default function LawStudyModulePage() {
  const data = useLoaderData<typeof loader>();
  const { meeting } = data;
  return (
    <>
      <p>
        <Link to="/law-study">← 我的学法</Link>
      </p>
      <h1>{meeting.title}</h1>
      <p className="muted">
        {meeting.type} · {meeting.startsAt} · 主讲人 {meeting.lecturer}
      </p>
      {data.locked ? (
        <p className="alert warning" role="status">
          学习材料将于 {meeting.opensAt}（会前 3 天）开放。
        </p>
      ) : (
        <StudyPage data={data} />
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.meeting.title ?? "学法"} · 学法 · 考学` }];
