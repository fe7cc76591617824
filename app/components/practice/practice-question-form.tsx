import { Form } from "@remix-run/react";

import { fieldName, shownMarker } from "~/domain/attempt-form";
import type { PracticeQuestionView } from "~/domain/practice/practice-question";

const LETTERS = "ABCDEFGH";
const REF = "0:0";

function stemWithBlankNumbers(stem: string): string {
  let n = 0;
  return stem.replace(/_{3,}/g, () => `（${++n}）____`);
}

/**
 * One practice question as a plain form: a post per answer, so it works on a phone without
 * JavaScript. The field names are the attempt page's, so the same parser reads them.
 */
export function PracticeQuestionForm({ question, action, error }: { question: PracticeQuestionView; action: string; error: string | null }) {
  const name = fieldName(REF);
  return (
    <Form method="post" action={action} className="card practice-question" aria-label="练习题">
      <input type="hidden" name="row" value={question.rowId} />
      <fieldset className="question" aria-labelledby="practice-stem">
        <legend id="practice-stem">{question.type === "fill" ? stemWithBlankNumbers(question.stem) : question.stem}</legend>
        {question.type === "single"
          ? question.options.map((text, i) => (
              <label key={i} className="option">
                <input type="radio" name={name} value={i} />
                <span>
                  {LETTERS[i]}. {text}
                </span>
              </label>
            ))
          : null}
        {question.type === "multiple" ? (
          <>
            <input type="hidden" name={shownMarker(REF)} value="1" />
            {question.options.map((text, i) => (
              <label key={i} className="option">
                <input type="checkbox" name={name} value={i} />
                <span>
                  {LETTERS[i]}. {text}
                </span>
              </label>
            ))}
          </>
        ) : null}
        {question.type === "judge"
          ? ([true, false] as const).map((value) => (
              <label key={String(value)} className="option">
                <input type="radio" name={name} value={String(value)} />
                <span>{value ? "正确" : "错误"}</span>
              </label>
            ))
          : null}
        {question.type === "fill"
          ? Array.from({ length: question.blanks }, (_, i) => (
              <label key={i} className="blank">
                <span>第 {i + 1} 空</span>
                <input type="text" name={fieldName(REF, i)} maxLength={200} autoComplete="off" />
              </label>
            ))
          : null}
      </fieldset>
      {error ? (
        <p className="alert error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button">
        提交答案
      </button>
    </Form>
  );
}
