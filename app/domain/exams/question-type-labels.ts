import type { QuestionType } from "./types";

/** The UI word for each question type (DESIGN.md glossary: 单选/多选/判断/填空/简答). */
export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  single: "单选题",
  multiple: "多选题",
  judge: "判断题",
  fill: "填空题",
  essay: "简答题",
};
