import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { PracticeQuestionForm } from "~/components/practice/practice-question-form";
import { practiceQuestionView } from "~/domain/practice/practice-question";
import { practiceQueryString } from "~/domain/practice/source";
import { isTakingExam, newestBankVersion, nextPracticeFor, PRACTICE_PAUSED, type PracticeSource, practiceTotals, recordPracticeAnswer } from "~/models/practice.server";
import { PracticeAnswerFormSchema, PracticeSourceSchema } from "~/schemas/practice.server";
import { requireUser } from "~/utils/auth.server";
import { parseSearch } from "~/utils/forms";
import { readFormData } from "~/utils/request.server";
import { startOfDay } from "~/utils/time";

/** The run this page belongs to, from the query string; a bank that does not exist is a 404. */
async function practiceRun(request: Request, db: Parameters<typeof newestBankVersion>[0]) {
  const query = parseSearch(new URL(request.url), PracticeSourceSchema);
  if (!query || (!query.book && !query.bank)) throw redirect("/practice");
  const bank = query.bank ? await newestBankVersion(db, query.bank) : undefined;
  if (query.bank && !bank) throw new Response("没有这个题库", { status: 404 });
  const source: PracticeSource = query.book ? { mode: "wrong_book", bank: query.bank ?? null, tag: query.tag ?? null } : { mode: "bank", bank: query.bank!, tag: query.tag ?? null };
  const label = [query.book ? "错题本" : null, bank?.title, query.tag].filter(Boolean).join(" · ");
  return { query: { book: query.book, bank: query.bank, tag: query.tag }, after: query.after ?? null, source, label };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const run = await practiceRun(request, context.db);
  const now = new Date();
  const today = await practiceTotals(context.db, user.id, startOfDay(now, context.timeZone));
  const base = { label: run.label, query: run.query, today };
  if (await isTakingExam(context.db, user.id, now)) return { ...base, paused: PRACTICE_PAUSED, question: null, skip: null };
  // Seeded by how much this cadre has practised: a reload shows the same question, an answer moves on.
  const seed = (user.id * 7919 + (await practiceTotals(context.db, user.id)).answered) % 2 ** 31;
  const question = await nextPracticeFor(context.db, { userId: user.id, source: run.source, justAnswered: run.after, seed, now });
  return {
    ...base,
    paused: null,
    question: question ? practiceQuestionView(question) : null,
    skip: question ? practiceQueryString(run.query, { after: question.identity }) : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const run = await practiceRun(request, context.db);
  const form = await readFormData(request);
  const parsed = PracticeAnswerFormSchema.safeParse({ row: form.get("row") });
  if (!parsed.success) return data({ error: "题目不存在，请返回练习首页重新开始" }, { status: 400 });
  const outcome = await recordPracticeAnswer(context.db, { userId: user.id, rowId: parsed.data.row, mode: run.source.mode, form, now: new Date() });
  switch (outcome.kind) {
    case "recorded":
      throw redirect(`/practice/answers/${outcome.answerId}${practiceQueryString(run.query)}`);
    case "invalid":
      return data({ error: outcome.message }, { status: 400 });
    case "paused":
      return data({ error: outcome.message }, { status: 409 });
    case "not_found":
      return data({ error: "题目不存在，请返回练习首页重新开始" }, { status: 404 });
  }
}

export default function PracticeQuestionPage() {
  const { label, query, today, paused, question, skip } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/practice">← 练习</Link>
      </p>
      <h1>练习：{label}</h1>
      <p className="muted" data-testid="practice-today">
        今日已练 {today.answered} 题，答对 {today.correct} 题。练习不计入考试成绩。
      </p>
      {paused ? (
        <p className="alert warning" role="status">
          {paused}
        </p>
      ) : question ? (
        <>
          {question.tags.length ? <p className="muted">知识点：{question.tags.join("、")}</p> : null}
          <PracticeQuestionForm question={question} action={`/practice/question${practiceQueryString(query)}`} error={refused?.error ?? null} />
          <div className="actions">
            {skip ? (
              <Link className="button secondary" to={`/practice/question${skip}`}>
                换一题
              </Link>
            ) : null}
            <Link className="button secondary" to="/practice">
              结束练习
            </Link>
          </div>
        </>
      ) : (
        <p className="card" role="status">
          {query.book ? "错题本里没有要练的题了。" : "这里没有可练习的题目。"} <Link to="/practice">返回练习</Link>
        </p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "练习 · 考学" }];
