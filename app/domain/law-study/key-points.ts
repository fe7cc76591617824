/**
 * 学习要点 as the organizer writes them: one point a line, each citing the articles it
 * rests on (…（第十条、第十二条）). Every point must cite an article, and when the module
 * pins a text, every cited or focus article must be in it. Pure, browser-safe.
 */
export type KeyPoint = { text: string; articles: string[] };

export function parseKeyPoints(text: string): { points: KeyPoint[]; problems: string[] } {
  const points: KeyPoint[] = [];
  const problems: string[] = [];
  text
    .split(/\r?\n/)
    .map((l) => l.replace(/^[\s\u3000]*(?:\d+[.、．]|[-•·])?[\s\u3000]*/, "").trim())
    .filter(Boolean)
    .forEach((line, i) => {
      const articles = parseArticleList(line);
      if (articles.length === 0) problems.push(`第 ${i + 1} 条要点没有写明依据的条文（如“（第十条）”）`);
      points.push({ text: line, articles });
    });
  if (points.length === 0) problems.push("请至少写一条学习要点，每行一条");
  return { points, problems };
}

/** 第十条、第十二条 / 第十条,第十二条 / 第十条 第十二条 → the article numbers; "" → [] (the whole text). */
export function parseArticleList(text: string): string[] {
  return [...new Set([...text.matchAll(/第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?/g)].map((m) => m[0]))];
}

/** Cited or focus articles that the pinned text does not have. */
export function missingArticles(wanted: readonly string[], available: ReadonlySet<string>): string[] {
  return wanted.filter((a) => !available.has(a));
}
