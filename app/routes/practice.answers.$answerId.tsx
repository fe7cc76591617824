import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { JUDGE_OPTIONS } from "~/domain/statistics/item-analysis";
import { practiceFeedback, practiceFrozen } from "~/domain/practice/practice-question";
import { practiceQueryString } from "~/domain/practice/source";
import { RIGHT_TO_LEAVE } from "~/domain/practice/wrong-book";
import { getOwnPracticeAnswer, practiceTotals, wrongBookStanding } from "~/models/practice.server";
import { PracticeAnswerIdSchema, PracticeSourceSchema } from "~/schemas/practice.server";
import { requireUser } from "~/utils/auth.server";
import { parseSearch } from "~/utils/forms";
import { startOfDay } from "~/utils/time";

/** Where the question stands in the wrong-answer book after this answer, in words. */
function bookNote(correct: boolean, before: { rightSince: number } | null, after: { rightSince: number } | null): string | null {
  if (after && !before) return "本题已加入错题本。";
  if (after && !correct) return "本题仍在错题本中。";
  if (after) return `再答对 ${RIGHT_TO_LEAVE - after.rightSince} 次即移出错题本。`;
  if (before) return `已连续答对 ${RIGHT_TO_LEAVE} 次，本题已移出错题本。`;
  return null;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const id = PracticeAnswerIdSchema.safeParse(params.answerId);
  const found = id.success ? await getOwnPracticeAnswer(context.db, { answerId: id.data, userId: user.id }) : undefined;
  if (!found) throw new Response("没有找到这次练习", { status: 404 });
  const { answer, response, question } = found;
  const now = new Date();
  const frozen = practiceFrozen(question);
  const feedback = practiceFeedback(frozen, response);
  const standing = await wrongBookStanding(context.db, { userId: user.id, answer, now });
  const query = parseSearch(new URL(request.url), PracticeSourceSchema) ?? {};
  const run = { book: query.book, bank: query.bank, tag: query.tag };
  const chosen = response.kind === "single" ? [response.option] : response.kind === "multiple" ? response.options : response.kind === "judge" ? [response.value ? 0 : 1] : [];
  const right = question.answer.kind === "single" ? [question.answer.option] : question.answer.kind === "multiple" ? question.answer.options : question.answer.kind === "judge" ? [question.answer.value ? 0 : 1] : [];
  const options = question.type === "judge" ? [...JUDGE_OPTIONS] : question.options;
  return {
    correct: Boolean(answer.correct),
    stem: question.stem,
    options: options.map((text, i) => ({ text, chosen: chosen.includes(i), right: right.includes(i) })),
    letters: question.type !== "judge",
    yourAnswer: feedback.yourAnswer,
    rightAnswer: feedback.rightAnswer,
    explanation: question.explanation,
    reference: `《${question.bankTitle}》${question.reference}`,
    book: bookNote(Boolean(answer.correct), standing.before, standing.after),
    next: `/practice/question${practiceQueryString(run, { after: question.identity })}`,
    today: await practiceTotals(context.db, user.id, startOfDay(now, context.timeZone)),
  };
}

const LETTERS = "ABCDEFGH";

export default function PracticeFeedbackPage() {
  const r = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/practice">← 练习</Link>
      </p>
      <section className={`card practice-feedback ${r.correct ? "right" : "wrong"}`} aria-label="答题结果">
        <p className={`badge ${r.correct ? "green" : "red"}`} data-testid="practice-result">
          {r.correct ? "回答正确" : "回答错误"}
        </p>
        <p className="bank-text">{r.stem}</p>
        {r.options.length ? (
          <ul className="practice-options">
            {r.options.map((o, i) => (
              <li key={i} className={o.right ? "right" : o.chosen ? "chosen" : undefined}>
                {r.letters ? `${LETTERS[i]}. ` : ""}
                {o.text}
                {o.right ? <span className="badge green">正确答案</span> : null}
                {o.chosen ? <span className="badge">您的选择</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
        <dl className="facts">
          <dt>您的答案</dt>
          <dd data-testid="practice-your-answer">{r.yourAnswer}</dd>
          <dt>正确答案</dt>
          <dd data-testid="practice-right-answer">{r.rightAnswer}</dd>
          <dt>解析</dt>
          <dd className="bank-text">{r.explanation || "—"}</dd>
          <dt>依据</dt>
          <dd>{r.reference}</dd>
        </dl>
        {r.book ? (
          <p className="muted" data-testid="practice-book">
            {r.book}
          </p>
        ) : null}
      </section>
      <p className="muted">
        今日已练 {r.today.answered} 题，答对 {r.today.correct} 题。
      </p>
      <div className="actions">
        <Link className="button" to={r.next}>
          下一题
        </Link>
        <Link className="button secondary" to="/practice/wrong-book">
          错题本
        </Link>
        <Link className="button secondary" to="/practice">
          结束练习
        </Link>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "练习反馈 · 考学" }];
