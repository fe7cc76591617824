import { articlesInText, checkReferences, citedArticles } from "~/domain/banks/references";
import type { Bank } from "~/domain/banks/types";
import { validateBankData } from "~/domain/banks/validate";

import { rawBank, withQuestion } from "../support/bank-fixtures";

const TEXT = [
  "# 某法",
  "## 第一章  总则",
  "第一条 为了……，制定本法。",
  "　　第四条 国家实行……。",
  "第十条　植树造林……。",
  "",
  "每年三月十二日为植树节。依照第十九条的规定……",
  "第十九条",
  "第五十五条 采伐森林、林木应当遵守下列规定：",
  "第一百零七条 本法自……起施行。",
].join("\n");

function bank(raw: Record<string, unknown>): Bank {
  const result = validateBankData("bank.yaml", raw);
  if (!result.ok) throw new Error("invalid");
  return result.bank;
}

describe("the reference check", () => {
  test("articles are the 第…条 that begin a line, after spaces or full-width spaces", () => {
    expect([...articlesInText(TEXT)].sort()).toEqual(["第一条", "第一百零七条", "第五十五条", "第十九条", "第十条", "第四条"].sort());
  });

  test("a reference cites its articles, not its paragraphs or items", () => {
    expect(citedArticles("第四条第二款")).toEqual(["第四条"]);
    expect(citedArticles("第八十三条第二项")).toEqual(["第八十三条"]);
    expect(citedArticles("第三十条、第三十一条")).toEqual(["第三十条", "第三十一条"]);
    expect(citedArticles("第一百零七条")).toEqual(["第一百零七条"]);
    expect(citedArticles("总则部分")).toEqual([]);
  });

  test("every cited article that is not in the text is reported, and a reference without an article too", () => {
    expect(checkReferences(bank(rawBank()), TEXT)).toEqual([]);
    let raw = withQuestion(rawBank(), 0, { reference: "第十二条" });
    raw = withQuestion(raw, 2, { reference: "总则" });
    const problems = checkReferences(bank(raw), TEXT);
    expect(problems.map((p) => [p.questionId, p.article])).toEqual([
      ["q001", "第十二条"],
      ["q003", null],
    ]);
    expect(problems[0].message).toBe("原文中没有第十二条（依据：第十二条）");
  });

  test("an article mentioned inside a sentence does not count as present", () => {
    const problems = checkReferences(bank(withQuestion(rawBank(), 0, { reference: "第三十条" })), `${TEXT}\n依照本法第三十条的规定`);
    expect(problems.map((p) => p.article)).toEqual(["第三十条"]);
  });
});
