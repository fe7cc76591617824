import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { QUESTION_TYPE_LABELS } from "~/domain/exams/question-type-labels";
import { groupWrongBook, UNTAGGED } from "~/domain/practice/wrong-book-groups";
import { RIGHT_TO_LEAVE } from "~/domain/practice/wrong-book";
import { loadWrongBook } from "~/models/practice.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/time";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const book = await loadWrongBook(context.db, user.id, new Date());
  return {
    total: book.length,
    groups: groupWrongBook(
      book.map((e) => ({
        identity: e.identity,
        bankSlug: e.question.bankSlug,
        bankTitle: e.question.bankTitle,
        tags: e.question.tags,
        stem: e.question.stem,
        type: QUESTION_TYPE_LABELS[e.question.type],
        wrongCount: e.wrongCount,
        lastWrongAt: formatDateTime(e.lastWrongAt, context.timeZone),
        toLeave: RIGHT_TO_LEAVE - e.rightSince,
        fromExam: e.fromExam,
      })),
    ),
  };
}

export default function WrongBookPage() {
  const { total, groups } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/practice">← 练习</Link>
      </p>
      <h1>错题本</h1>
      <p className="muted">
        收录考试中答错（且该考试已允许查看答案）和练习中答错的题；在练习中连续答对 {RIGHT_TO_LEAVE} 次即移出。共 <span data-testid="book-total">{total}</span> 题。
      </p>
      {total > 0 ? (
        <div className="actions">
          <Link className="button" to="/practice/question?book=1">
            练习全部错题
          </Link>
        </div>
      ) : (
        <p className="card">错题本是空的。</p>
      )}
      {groups.map((bank) => (
        <section key={bank.bankSlug} className="card" aria-label={bank.bankTitle}>
          <h2>
            {bank.bankTitle}（{bank.count} 题）
          </h2>
          <p>
            <Link to={`/practice/question?book=1&bank=${encodeURIComponent(bank.bankSlug)}`}>练习本题库错题</Link>
          </p>
          {bank.tags.map((group) => (
            <div key={group.tag} className="wrong-group">
              <h3>
                {group.tag}（{group.items.length} 题）{" "}
                {group.tag !== UNTAGGED ? (
                  <Link className="muted" to={`/practice/question?book=1&bank=${encodeURIComponent(bank.bankSlug)}&tag=${encodeURIComponent(group.tag)}`}>
                    练习错题
                  </Link>
                ) : null}
              </h3>
              <ul className="wrong-list">
                {group.items.map((item) => (
                  <li key={item.identity}>
                    <span className="badge">{item.type}</span> {item.stem}
                    <br />
                    <span className="muted">
                      错 {item.wrongCount} 次{item.fromExam ? "（含考试）" : ""} · 最近 {item.lastWrongAt} · 再答对 {item.toLeave} 次移出
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ))}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "错题本 · 考学" }];
