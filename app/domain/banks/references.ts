/**
 * The reference check: every article a question cites (第…条 in its `reference`) must be an
 * article of the regulation's official text, i.e. begin a line of that text, possibly after
 * full-width spaces (`　　第二十九条 …`).
 */
import type { Bank } from "./types";

const NUMERAL = "[零〇一二三四五六七八九十百千]+";
const ARTICLE = new RegExp(`第${NUMERAL}条`, "g");
const ARTICLE_LINE = new RegExp(`^[\\s\\u3000]*(第${NUMERAL}条)(?:之${NUMERAL})?(?=[\\s\\u3000]|$)`);

/** The articles of an official text: `第一条`, `第二条`, … as they begin lines. */
export function articlesInText(text: string): Set<string> {
  const articles = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const match = ARTICLE_LINE.exec(line);
    if (match) articles.add(match[1]);
  }
  return articles;
}

/** The articles a reference cites: `第四条第二款` → [第四条]; `第三十条、第三十一条` → both. */
export function citedArticles(reference: string): string[] {
  return [...new Set(reference.match(ARTICLE) ?? [])];
}

export type ReferenceProblem = { questionId: string; reference: string; article: string | null; message: string };

/** Questions whose cited article is not in the text (or that cite none). */
export function checkReferences(bank: Pick<Bank, "questions">, text: string): ReferenceProblem[] {
  const articles = articlesInText(text);
  const problems: ReferenceProblem[] = [];
  for (const q of bank.questions) {
    const cited = citedArticles(q.reference);
    if (cited.length === 0) {
      problems.push({ questionId: q.id, reference: q.reference, article: null, message: `依据“${q.reference}”中没有写明第几条` });
      continue;
    }
    for (const article of cited) {
      if (!articles.has(article)) {
        problems.push({ questionId: q.id, reference: q.reference, article, message: `原文中没有${article}（依据：${q.reference}）` });
      }
    }
  }
  return problems;
}
