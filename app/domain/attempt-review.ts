/**
 * The review of a finished attempt: each question with the cadre's answer, the right
 * answer, the explanation and the article cited. Built only when the review policy
 * allows (the route checks reviewAllowed first).
 */
import { questionRef } from "./exams/question-ref";
import { displayedAnswer, optionLetter } from "./exams/option-order";
import type { FrozenPaper, FrozenQuestion, GradeStatus, Response } from "./exams/types";

export type ReviewItem = {
  number: number;
  type: FrozenQuestion["type"];
  stem: string;
  options: string[];
  yourAnswer: string;
  rightAnswer: string;
  status: GradeStatus;
  points: number;
  maxPoints: number;
  explanation: string;
  reference: string;
};

export function describeResponse(question: FrozenQuestion, response: Response | undefined): string {
  if (!response) return "未作答";
  switch (response.kind) {
    case "single":
      return optionLetter(response.option);
    case "multiple":
      return response.options.length ? response.options.map(optionLetter).join("") : "未作答";
    case "judge":
      return response.value ? "正确" : "错误";
    case "fill":
      return response.blanks.some((b) => b.trim()) ? response.blanks.map((b, i) => `（${i + 1}）${b || "—"}`).join(" ") : "未作答";
    case "essay":
      return response.text.trim() || "未作答";
  }
}

export function describeAnswer(question: FrozenQuestion): string {
  const { answer } = question;
  switch (answer.kind) {
    case "single":
    case "multiple":
      return displayedAnswer(question).map(optionLetter).join("");
    case "judge":
      return answer.value ? "正确" : "错误";
    case "fill":
      return answer.blanks.map((alts, i) => `（${i + 1}）${alts.join(" / ")}`).join(" ");
    case "essay":
      return answer.reference;
  }
}

export function buildReview(input: {
  paper: FrozenPaper;
  responses: Readonly<Record<string, Response>>;
  grades: ReadonlyMap<string, { status: GradeStatus; points: number; maxPoints: number }>;
  notes: ReadonlyMap<number, { explanation: string; reference: string; regulation: string }>;
}): ReviewItem[] {
  const items: ReviewItem[] = [];
  let number = 0;
  input.paper.sections.forEach((section, s) =>
    section.questions.forEach((q, i) => {
      const ref = questionRef(s, i);
      const grade = input.grades.get(ref);
      const note = input.notes.get(q.rowId);
      const response = Object.prototype.hasOwnProperty.call(input.responses, ref) ? input.responses[ref] : undefined;
      items.push({
        number: ++number,
        type: q.type,
        stem: q.stem,
        options: q.options,
        yourAnswer: describeResponse(q, response),
        rightAnswer: describeAnswer(q),
        status: grade?.status ?? "unanswered",
        points: grade?.points ?? 0,
        maxPoints: grade?.maxPoints ?? q.points,
        explanation: note?.explanation ?? "",
        reference: note ? `《${note.regulation}》${note.reference}` : "",
      });
    }),
  );
  return items;
}
