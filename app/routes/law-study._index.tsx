import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { MEETING_TYPE_LABELS, outlineOpensAt } from "~/domain/law-study/plan";
import { formatStudyTime } from "~/domain/law-study/reading";
import { listMyMeetings } from "~/models/law-reading.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/time";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const now = new Date();
  const meetings = await listMyMeetings(context.db, user.id);
  return {
    meetings: meetings.map((m) => ({
      id: m.id,
      title: m.title,
      type: MEETING_TYPE_LABELS[m.type],
      startsAt: formatDateTime(m.starts_at, context.timeZone),
      module: `${m.moduleTitle}（${m.regulationTitle}）`,
      open: outlineOpensAt(m.starts_at).getTime() <= now.getTime(),
      opensAt: formatDateTime(outlineOpensAt(m.starts_at).toISOString(), context.timeZone),
      finished: m.reached_end_at !== null,
      time: formatStudyTime(m.active_seconds),
    })),
  };
}

export default function MyLawStudyPage() {
  const { meetings } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>我的学法</h1>
      <section className="card" aria-labelledby="mine-title">
        <h2 id="mine-title">会前学法</h2>
        {meetings.length === 0 ? <p>目前没有安排您参加的会前学法。</p> : null}
        <ul className="exam-list">
          {meetings.map((m) => (
            <li key={m.id}>
              <span>
                {m.open ? <Link to={`/law-study/${m.id}`}>{m.title}</Link> : m.title}
                <br />
                <span className="muted">
                  {m.type} · {m.startsAt} · {m.module}
                </span>
              </span>
              <span>
                {!m.open ? <span className="badge">{m.opensAt} 开放</span> : m.finished ? <span className="badge green">已学完 · {m.time}</span> : <span className="badge amber">待学习</span>}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "我的学法 · 考学" }];
