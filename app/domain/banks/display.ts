/** How bank questions and versions read on the pages. Browser-safe. */
import type { BankOrigin } from "../../../db/schema";

import { type BankQuestion, OPTION_LETTERS, QUESTION_TYPE_LABELS, type QuestionField } from "./types";

export const BANK_ORIGIN_LABELS: Record<BankOrigin, string> = {
  bundled: "内置题库",
  cli: "命令行导入",
  upload: "页面上传",
};

/** One field of a question as plain text, for the side-by-side diff. */
export function fieldText(q: BankQuestion, field: QuestionField): string {
  switch (field) {
    case "type":
      return QUESTION_TYPE_LABELS[q.type];
    case "stem":
      return q.stem;
    case "options":
      return q.type === "single" || q.type === "multiple" ? q.options.map((o, i) => `${OPTION_LETTERS[i]}. ${o}`).join("\n") : "（无）";
    case "answer":
      switch (q.type) {
        case "single":
        case "multiple":
          return q.answer;
        case "judge":
          return q.answer ? "正确" : "错误";
        case "fill":
          return q.answer.map((alternatives, i) => `第 ${i + 1} 空：${alternatives.join(" / ")}`).join("\n");
        case "essay":
          return q.answer.keywords.length ? `${q.answer.reference}\n评分要点：${q.answer.keywords.join("；")}` : q.answer.reference;
      }
      break;
    case "explanation":
      return q.explanation || "（无）";
    case "reference":
      return q.reference;
    case "tags":
      return q.tags.join("、") || "（无）";
    case "difficulty":
      return String(q.difficulty);
  }
  return "";
}

/**
 * How many versions this installation holds, said so that 第 2 版 with one version stored
 * does not read as a contradiction (a fresh install imports only the file's current version).
 */
export function storedVersionsNote(newestVersion: number, storedCount: number): string {
  if (storedCount <= 1) return newestVersion === 1 ? "共 1 个版本" : `本系统从第 ${newestVersion} 版开始导入，暂无更早的版本`;
  return `本系统共导入 ${storedCount} 个版本`;
}
