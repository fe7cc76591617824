import { memo } from "react";

import type { CadreQuestionView } from "~/domain/attempt-view";
import { fieldName, shownMarker } from "~/domain/attempt-form";
import type { Response } from "~/domain/exams/types";

const LETTERS = "ABCDEFGH";

/** Splits a fill stem at its blanks (runs of 3+ underscores) to number them in place. */
function stemWithBlankNumbers(stem: string): string {
  let n = 0;
  return stem.replace(/_{3,}/g, () => `（${++n}）____`);
}

/**
 * One question's inputs. They are real form fields with names, so the page works as a
 * plain form without JavaScript; with it, every change is reported through `onChange`.
 *
 * The markup is kept lean because a 60-question paper is rendered on the server for every
 * cadre who opens it (issue 13): each label is one text node (no separators between
 * fragments), and a card re-renders only when its own answer changes (memo, with a stable
 * `onChange` from the page).
 */
export const QuestionCard = memo(function QuestionCard({
  question,
  response,
  disabled,
  onChange,
}: {
  question: CadreQuestionView;
  response: Response | undefined;
  disabled: boolean;
  onChange: (ref: string, response: Response) => void;
}) {
  const name = fieldName(question.ref);
  const headingId = `q-${question.number}`;
  return (
    <fieldset className="question" id={`question-${question.number}`} aria-labelledby={headingId} disabled={disabled}>
      <legend id={headingId}>
        <span className="qno">{`${question.number}. `}</span>
        {`${question.type === "fill" ? stemWithBlankNumbers(question.stem) : question.stem} `}
        <span className="muted">{`（${question.points} 分）`}</span>
      </legend>
      {question.type === "single"
        ? question.options.map((text, i) => (
            <label key={i} className="option">
              <input
                type="radio"
                name={name}
                value={i}
                checked={response?.kind === "single" && response.option === i}
                onChange={() => onChange(question.ref, { kind: "single", option: i })}
              />
              <span>{`${LETTERS[i]}. ${text}`}</span>
            </label>
          ))
        : null}
      {question.type === "multiple" ? (
        <>
          <input type="hidden" name={shownMarker(question.ref)} value="1" />
          {question.options.map((text, i) => {
            const chosen = response?.kind === "multiple" ? response.options : [];
            return (
              <label key={i} className="option">
                <input
                  type="checkbox"
                  name={name}
                  value={i}
                  checked={chosen.includes(i)}
                  onChange={(e) => {
                    const next = e.target.checked ? [...chosen, i] : chosen.filter((c) => c !== i);
                    onChange(question.ref, { kind: "multiple", options: [...new Set(next)].sort((a, b) => a - b) });
                  }}
                />
                <span>{`${LETTERS[i]}. ${text}`}</span>
              </label>
            );
          })}
        </>
      ) : null}
      {question.type === "judge"
        ? ([true, false] as const).map((value) => (
            <label key={String(value)} className="option">
              <input
                type="radio"
                name={name}
                value={String(value)}
                checked={response?.kind === "judge" && response.value === value}
                onChange={() => onChange(question.ref, { kind: "judge", value })}
              />
              <span>{value ? "正确" : "错误"}</span>
            </label>
          ))
        : null}
      {question.type === "fill"
        ? Array.from({ length: question.blanks }, (_, i) => {
            const blanks = response?.kind === "fill" ? response.blanks : [];
            return (
              <label key={i} className="blank">
                <span>{`第 ${i + 1} 空`}</span>
                <input
                  type="text"
                  name={fieldName(question.ref, i)}
                  value={blanks[i] ?? ""}
                  maxLength={200}
                  autoComplete="off"
                  onChange={(e) => {
                    const next = Array.from({ length: question.blanks }, (_, j) => (j === i ? e.target.value : (blanks[j] ?? "")));
                    onChange(question.ref, { kind: "fill", blanks: next });
                  }}
                />
              </label>
            );
          })
        : null}
      {question.type === "essay" ? (
        <label className="blank">
          <span>作答</span>
          <textarea
            name={name}
            rows={6}
            maxLength={5000}
            value={response?.kind === "essay" ? response.text : ""}
            onChange={(e) => onChange(question.ref, { kind: "essay", text: e.target.value })}
          />
        </label>
      ) : null}
    </fieldset>
  );
});
