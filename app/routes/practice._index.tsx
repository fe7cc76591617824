import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { isTakingExam, loadWrongBook, PRACTICE_PAUSED, practiceBanks, practiceTotals } from "~/models/practice.server";
import { requireUser } from "~/utils/auth.server";
import { startOfDay } from "~/utils/time";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const now = new Date();
  return {
    banks: await practiceBanks(context.db),
    bookSize: (await loadWrongBook(context.db, user.id, now)).length,
    today: await practiceTotals(context.db, user.id, startOfDay(now, context.timeZone)),
    total: await practiceTotals(context.db, user.id),
    paused: (await isTakingExam(context.db, user.id, now)) ? PRACTICE_PAUSED : null,
  };
}

export default function PracticeHomePage() {
  const { banks, bookSize, today, total, paused } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>练习</h1>
      <p className="muted">
        选一个题库（可再选一个知识点），逐题作答，提交后立即看到正确答案、解析和依据。练习不限次数，不计入考试成绩。
      </p>
      {paused ? (
        <p className="alert warning" role="status">
          {paused}
        </p>
      ) : null}
      <section className="card" aria-labelledby="book-title">
        <h2 id="book-title">错题本</h2>
        <p>
          错题本中有 <strong data-testid="book-size">{bookSize}</strong> 道题。练习中连续答对 2 次即移出。
        </p>
        <div className="actions">
          <Link className="button secondary" to="/practice/wrong-book">
            查看错题本
          </Link>
          {bookSize > 0 ? (
            <Link className="button" to="/practice/question?book=1">
              练习错题
            </Link>
          ) : null}
        </div>
        <p className="muted">
          今日已练 {today.answered} 题（答对 {today.correct} 题）；累计 {total.answered} 题（答对 {total.correct} 题）。
        </p>
      </section>
      {banks.map((bank) => (
        <section key={bank.slug} className="card" aria-label={bank.title}>
          <h2>{bank.title}</h2>
          <p className="muted">
            {bank.regulation} · 可练习 {bank.questionCount} 题
          </p>
          <Form method="get" action="/practice/question" className="filters">
            <input type="hidden" name="bank" value={bank.slug} />
            <div>
              <label htmlFor={`tag-${bank.slug}`}>知识点</label>
              <select id={`tag-${bank.slug}`} name="tag" defaultValue="">
                <option value="">全部知识点</option>
                {bank.tags.map((t) => (
                  <option key={t.tag} value={t.tag}>
                    {t.tag}（{t.count} 题）
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button">
              开始练习
            </button>
          </Form>
        </section>
      ))}
      {banks.length === 0 ? <p className="card">还没有题库。</p> : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "练习 · 考学" }];
