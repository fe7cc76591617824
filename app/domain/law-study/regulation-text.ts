/**
 * The structure of an official text: 编/章/节 headings and 第…条 articles, recognised from
 * lines. A heading or an article begins a line (after spaces, full-width spaces or
 * Markdown's #), its marker followed by a space or the end of the line, so an article
 * cited inside a sentence (依照本法第十条) or quoted (“第十条 …”) is never taken for one.
 * Every line after an article, up to the next heading or article, is one of its paragraphs.
 * Pure: the same text always gives the same structure. Browser-safe.
 */
import { chineseNumeralValue, NUMERAL_CHARS } from "./chinese-numerals";

export type HeadingLevel = "part" | "chapter" | "section";

export const HEADING_LEVEL_LABELS: Record<HeadingLevel, string> = { part: "编", chapter: "章", section: "节" };

export type TextHeading = {
  level: HeadingLevel;
  /** 第一章 */
  label: string;
  /** 总则 (may be empty) */
  title: string;
};

export type TextArticle = {
  /** 第十条, 第十条之一: the article's number as the text writes it, unique in a version. */
  number: string;
  /** 10 for 第十条 and 第十条之一. */
  ordinal: number;
  /** 0 for 第十条, 1 for 第十条之一. */
  sub: number;
  /** The enclosing headings, e.g. `第一编 总则`, `第二章 违纪与纪律处分`, or null. */
  part: string | null;
  chapter: string | null;
  section: string | null;
  /** The article's text, one entry per paragraph; the first one without the number. */
  paragraphs: string[];
  /** 1-based line of the file where the article begins. */
  line: number;
};

export type RegulationStructure = {
  /** The first line of the file (a Markdown heading or the document's title). */
  firstLine: string | null;
  /** Lines before the first heading or article (title, issuing note, preamble). */
  preamble: string[];
  headings: Array<TextHeading & { line: number }>;
  articles: TextArticle[];
};

export type StructureResult = { ok: true; structure: RegulationStructure } | { ok: false; problems: string[] };

const N = `[${NUMERAL_CHARS}]+`;
const HEADING = new RegExp(`^(第(${N})(编|章|节))(?:\\s+(.*))?$`);
const ARTICLE = new RegExp(`^(第(${N})条(?:之(${N}))?)(?:\\s+(.*))?$`);
const LEVELS: Record<string, HeadingLevel> = { 编: "part", 章: "chapter", 节: "section" };

/** A line as a reader sees it: Markdown markers and surrounding (full-width) spaces gone, inner runs of spaces made one. */
export function cleanLine(raw: string): string {
  let line = raw.replace(/[\s\u3000\u00a0\ufeff]+/g, " ").trim();
  line = line.replace(/^#{1,6}\s*/, "").replace(/^>\s?/, "").replace(/^\*\*(.*)\*\*$/, "$1");
  if (/^(-{3,}|\*{3,}|_{3,})$/.test(line)) return "";
  return line.trim();
}

function headingText(h: TextHeading): string {
  return h.title ? `${h.label} ${h.title}` : h.label;
}

export function recogniseStructure(text: string): StructureResult {
  const lines = text.replace(/^\ufeff/, "").split(/\r\n|\r|\n/);
  const structure: RegulationStructure = { firstLine: null, preamble: [], headings: [], articles: [] };
  const seen = new Map<string, number>();
  const problems: string[] = [];
  let part: string | null = null;
  let chapter: string | null = null;
  let section: string | null = null;
  let current: TextArticle | null = null;

  lines.forEach((raw, index) => {
    const line = cleanLine(raw);
    if (!line) return;
    if (structure.firstLine === null) structure.firstLine = line;
    const heading = HEADING.exec(line);
    if (heading && chineseNumeralValue(heading[2]) !== null) {
      const h: TextHeading = { level: LEVELS[heading[3]], label: heading[1], title: heading[4]?.trim() ?? "" };
      structure.headings.push({ ...h, line: index + 1 });
      if (h.level === "part") [part, chapter, section] = [headingText(h), null, null];
      else if (h.level === "chapter") [chapter, section] = [headingText(h), null];
      else section = headingText(h);
      current = null;
      return;
    }
    const article = ARTICLE.exec(line);
    const ordinal = article ? chineseNumeralValue(article[2]) : null;
    const sub = article?.[3] ? chineseNumeralValue(article[3]) : 0;
    if (article && ordinal !== null && sub !== null) {
      const number = article[1];
      const first = seen.get(number);
      if (first !== undefined) problems.push(`${number}出现了两次（第 ${first} 行和第 ${index + 1} 行），条号不能重复`);
      else seen.set(number, index + 1);
      current = { number, ordinal, sub, part, chapter, section, paragraphs: article[4] ? [article[4].trim()] : [], line: index + 1 };
      structure.articles.push(current);
      return;
    }
    // A line before any article (title, preamble, a note under a heading) is kept with the preamble.
    if (current) current.paragraphs.push(line);
    else structure.preamble.push(line);
  });

  if (structure.articles.length === 0) {
    problems.unshift("没有找到任何条文：正文中应有以“第一条”“第二条”这样的条号开头的行（条号后空一格再写内容）。请确认上传的是法规正文。");
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, structure };
}

export type StructureSummary = {
  parts: number;
  chapters: number;
  sections: number;
  articles: number;
  firstArticle: { number: string; text: string } | null;
  lastArticle: { number: string; text: string } | null;
};

const excerpt = (a: TextArticle) => {
  const text = a.paragraphs.join(" ");
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

/** What the import page shows before saving: how many of each, the first and the last article. */
export function summarizeStructure(structure: Pick<RegulationStructure, "headings" | "articles">): StructureSummary {
  const count = (level: HeadingLevel) => structure.headings.filter((h) => h.level === level).length;
  const first = structure.articles[0];
  const last = structure.articles[structure.articles.length - 1];
  return {
    parts: count("part"),
    chapters: count("chapter"),
    sections: count("section"),
    articles: structure.articles.length,
    firstArticle: first ? { number: first.number, text: excerpt(first) } : null,
    lastArticle: last ? { number: last.number, text: excerpt(last) } : null,
  };
}

/** The text a version is compared by: any change a reader would see makes a new version; layout does not. */
export function canonicalStructure(structure: RegulationStructure): string {
  return JSON.stringify({
    preamble: structure.preamble,
    headings: structure.headings.map((h) => [h.level, h.label, h.title]),
    articles: structure.articles.map((a) => [a.number, a.part, a.chapter, a.section, a.paragraphs]),
  });
}
