import type { ReactNode } from "react";

import { type BankQuestion, OPTION_LETTERS, QUESTION_TYPE_LABELS } from "~/domain/banks/types";

/** A question with its answer, explanation and cited article, as organizers review it. */
export function QuestionView({ question, number, children }: { question: BankQuestion; number?: number; children?: ReactNode }) {
  const q = question;
  const correct = q.type === "single" || q.type === "multiple" ? new Set(q.answer) : new Set<string>();
  return (
    <article className="card bank-question" aria-label={`题目 ${q.id}`}>
      <p className="muted">
        {number !== undefined ? `第 ${number} 题 · ` : ""}
        {q.id} · <span className="badge">{QUESTION_TYPE_LABELS[q.type]}</span> · 难度 {q.difficulty}
        {q.tags.length ? ` · 知识点：${q.tags.join("、")}` : ""}
      </p>
      <p className="bank-text">{q.stem}</p>
      {q.type === "single" || q.type === "multiple" ? (
        <ol className="bank-options">
          {q.options.map((option, i) => {
            const letter = OPTION_LETTERS[i];
            return (
              <li key={letter} className={correct.has(letter) ? "correct" : undefined}>
                <b>{letter}.</b> {option}
                {correct.has(letter) ? <span className="badge green">正确答案</span> : null}
              </li>
            );
          })}
        </ol>
      ) : null}
      <dl className="facts">
        <dt>答案</dt>
        <dd>
          {q.type === "single" || q.type === "multiple" ? q.answer : null}
          {q.type === "judge" ? (q.answer ? "正确" : "错误") : null}
          {q.type === "fill" ? (
            <ol className="plain">
              {q.answer.map((alternatives, i) => (
                <li key={i}>
                  第 {i + 1} 空：{alternatives.join(" / ")}
                </li>
              ))}
            </ol>
          ) : null}
          {q.type === "essay" ? <span className="bank-text">{q.answer.reference}</span> : null}
        </dd>
        {q.type === "essay" && q.answer.keywords.length ? (
          <>
            <dt>评分要点</dt>
            <dd>{q.answer.keywords.join("；")}</dd>
          </>
        ) : null}
        <dt>解析</dt>
        <dd className="bank-text">{q.explanation || "—"}</dd>
        <dt>依据</dt>
        <dd>{q.reference}</dd>
      </dl>
      {children}
    </article>
  );
}
