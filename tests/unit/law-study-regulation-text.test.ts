import fs from "node:fs";
import path from "node:path";

import { chineseNumeral, chineseNumeralValue } from "~/domain/law-study/chinese-numerals";
import { factsFromFirstLine } from "~/domain/law-study/official-text";
import { recogniseStructure, summarizeStructure } from "~/domain/law-study/regulation-text";

import { hasOfficialTexts, OFFICIAL_TEXTS as REGULATIONS, officialTextsNote } from "../support/official-texts";

const files = hasOfficialTexts ? fs.readdirSync(REGULATIONS).filter((f) => f.endsWith(".md")).sort() : [];

/** An independent count: lines that begin (after spaces) with 第…条 and a space, the way the official texts number articles. */
function countArticleLines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.replace(/^[#\s\u3000]+/, ""))
    .filter((l) => /^第[一二三四五六七八九十百零〇]+条(之[一二三四五六七八九十]+)?[\s\u3000]/.test(l + " "))
    .map((l) => l.split(/[\s\u3000]/)[0]);
}

describe("Chinese numerals", () => {
  test("read and write the numbers articles use", () => {
    const cases: Array<[string, number]> = [["一", 1], ["十", 10], ["十九", 19], ["二十", 20], ["一百", 100], ["一百零七", 107], ["一百一十", 110], ["一百五十八", 158], ["二百零一", 201], ["一千〇一", 1001]];
    for (const [text, n] of cases) expect(chineseNumeralValue(text), text).toBe(n);
    for (let n = 1; n < 400; n++) expect(chineseNumeralValue(chineseNumeral(n))).toBe(n);
    expect(chineseNumeral(107)).toBe("一百零七");
    expect(chineseNumeral(110)).toBe("一百一十");
    expect(chineseNumeralValue("十十")).toBeNull();
    expect(chineseNumeralValue("条")).toBeNull();
  });
});

describe.skipIf(!hasOfficialTexts)(`article recognition on the official texts in ../shared/regulations${officialTextsNote}`, () => {
  test("the folder is there", () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  test.each(files)("%s: every 第…条 that begins a line is one article, in order, and nothing else is", (file) => {
    const text = fs.readFileSync(path.join(REGULATIONS, file), "utf8");
    const expected = countArticleLines(text);
    const result = recogniseStructure(text);
    if (expected.length === 0) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems[0]).toContain("没有找到任何条文");
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.structure.articles.map((a) => a.number)).toEqual(expected);
    // Numbered 1, 2, 3, … without gaps in every official text here.
    expect(result.structure.articles.map((a) => a.ordinal)).toEqual(expected.map((_, i) => i + 1));
    expect(result.structure.articles.every((a) => a.paragraphs.join("").length > 0)).toBe(true);
  });

  test("纪律处分条例 2023: three 编, chapters under them, 158 articles spanning paragraphs", () => {
    const text = fs.readFileSync(path.join(REGULATIONS, "jilv-chufen-tiaoli-2023.md"), "utf8");
    const result = recogniseStructure(text);
    if (!result.ok) throw new Error(result.problems.join());
    const summary = summarizeStructure(result.structure);
    expect(summary.parts).toBe(3);
    expect(summary.articles).toBe(158);
    expect(summary.firstArticle?.number).toBe("第一条");
    expect(summary.lastArticle?.number).toBe("第一百五十八条");
    const fourth = result.structure.articles[3];
    expect(fourth.part).toBe("第一编 总则");
    expect(fourth.chapter).toBe("第一章 总体要求和适用范围");
    // 第四条 lists its five principles in paragraphs of their own.
    expect(fourth.paragraphs).toHaveLength(6);
    expect(fourth.paragraphs[5]).toMatch(/^（五）惩前毖后、治病救人/);
    const later = result.structure.articles.find((a) => a.number === "第五十条")!;
    expect(later.part).toMatch(/^第二编/);
  });

  test("森林法: Markdown chapter headings (## 第一章  总则) are chapters", () => {
    const result = recogniseStructure(fs.readFileSync(path.join(REGULATIONS, "senlinfa-2019.md"), "utf8"));
    if (!result.ok) throw new Error(result.problems.join());
    expect(result.structure.headings.filter((h) => h.level === "chapter").map((h) => h.label).slice(0, 2)).toEqual(["第一章", "第二章"]);
    expect(result.structure.articles[0].chapter).toBe("第一章 总则");
  });
});

describe("article recognition on hand-made texts", () => {
  const text = [
    "某某条例",
    "（2026年1月1日发布）",
    "第一编 总则",
    "第一章 一般规定",
    "第一节 目的",
    "第一条 为了……，制定本条例。",
    "本条例所称的干部，包括……",
    "第二条　依照本条例第十条的规定处理。",
    "第二节 适用",
    "第三条 修改如下：",
    "“第十条 原来的第十条改为……”",
    "第三条之一 新增加的条文。",
    "第二章 处分",
    "第四条 处分分为……",
    "第四条规定的情形……（不是条号：条号后没有空格）",
    "第二编 分则",
    "第一章 违反政治纪律",
    "第五条 对……给予处分。",
    "第一百零七条 本条例自发布之日起施行。",
  ].join("\n");

  test("编, 章 and 节 nest; a new 编 or 章 closes the levels under it", () => {
    const result = recogniseStructure(text);
    if (!result.ok) throw new Error(result.problems.join());
    const by = (n: string) => result.structure.articles.find((a) => a.number === n)!;
    expect([by("第一条").part, by("第一条").chapter, by("第一条").section]).toEqual(["第一编 总则", "第一章 一般规定", "第一节 目的"]);
    expect(by("第三条").section).toBe("第二节 适用");
    expect([by("第四条").chapter, by("第四条").section]).toEqual(["第二章 处分", null]);
    expect([by("第五条").part, by("第五条").chapter, by("第五条").section]).toEqual(["第二编 分则", "第一章 违反政治纪律", null]);
    const summary = summarizeStructure(result.structure);
    expect([summary.parts, summary.chapters, summary.sections, summary.articles]).toEqual([2, 3, 2, 7]);
  });

  test("之一 articles are articles of their own; a quoted or cited article is text of the article around it", () => {
    const result = recogniseStructure(text);
    if (!result.ok) throw new Error(result.problems.join());
    const numbers = result.structure.articles.map((a) => a.number);
    expect(numbers).toEqual(["第一条", "第二条", "第三条", "第三条之一", "第四条", "第五条", "第一百零七条"]);
    const oneA = result.structure.articles[3];
    expect([oneA.ordinal, oneA.sub]).toEqual([3, 1]);
    expect(result.structure.articles[2].paragraphs).toEqual(["修改如下：", "“第十条 原来的第十条改为……”"]);
    expect(result.structure.articles[4].paragraphs[1]).toMatch(/^第四条规定的情形/);
    expect(result.structure.articles[0].paragraphs).toEqual(["为了……，制定本条例。", "本条例所称的干部，包括……"]);
    expect(result.structure.preamble).toEqual(["某某条例", "（2026年1月1日发布）"]);
  });

  test("a duplicated article number is refused, naming both lines", () => {
    const result = recogniseStructure("第一条 甲。\n第二条 乙。\n第二条 丙。");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual(["第二条出现了两次（第 2 行和第 3 行），条号不能重复"]);
  });

  test("a text with no article is refused with the reason", () => {
    const result = recogniseStructure("关于某事的通知\n一、总体要求\n二、主要任务");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatch(/^没有找到任何条文/);
  });
});

describe("facts from the first line of an official text", () => {
  test("title, issuer, dates and a superseded note", () => {
    expect(factsFromFirstLine("中华人民共和国森林法（2019年12月28日第十三届全国人大常委会第十五次会议修订，2020年7月1日起施行）｜来源：x", "f")).toEqual({
      title: "中华人民共和国森林法",
      issuer: "全国人民代表大会常务委员会",
      issuedOn: "2019-12-28",
      effectiveOn: "2020-07-01",
      status: "in_force",
    });
    const old = factsFromFirstLine("中国共产党问责条例（2016年6月28日中共中央政治局会议审议通过，2016年7月8日起施行（已被2019年8月修订版取代））", "f");
    expect([old.issuer, old.issuedOn, old.effectiveOn, old.status]).toEqual(["中共中央", "2016-06-28", "2016-07-08", "revised"]);
    expect(factsFromFirstLine(null, "某条例").title).toBe("某条例");
  });
});
