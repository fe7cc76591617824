import { fillBlankMatches, normalizeFillAnswer } from "~/domain/exams/fill-normalize";

describe("normalizing a fill-in answer", () => {
  it.each([
    ["full-width Latin letters become half-width lower case", "ＡＢＣ", "abc"],
    ["full-width digits become half-width", "２０１９", "2019"],
    ["spaces anywhere are removed, full-width ones too", " 森 林\u3000法 ", "森林法"],
    ["tabs and line breaks are removed", "森林\t法\n", "森林法"],
    ["Latin case does not matter", "GDP", "gdp"],
    ["a trailing 。 is dropped", "不想腐。", "不想腐"],
    ["several trailing marks are dropped", "不想腐！！…", "不想腐"],
    ["a full-width digit with a space and a 。", "２年 。", "2年"],
    ["surrounding Chinese quotes are dropped", "“森林法”", "森林法"],
    ["corner brackets are dropped", "「二」", "二"],
    ["book title marks are dropped", "《森林法》。", "森林法"],
    ["full-width parentheses around an answer are dropped", "（一）", "一"],
    ["punctuation inside the answer stays", "不敢腐、不能腐", "不敢腐、不能腐"],
    ["a percent sign is not punctuation to drop", "５０％", "50%"],
    ["zero-width characters pasted from a web page vanish", "森林\u200b法", "森林法"],
  ])("%s: %s → %s", (_, raw, expected) => {
    expect(normalizeFillAnswer(raw)).toBe(expected);
  });

  it("does not turn Chinese numerals into digits (banks list accepted variants)", () => {
    expect(normalizeFillAnswer("二")).not.toBe(normalizeFillAnswer("2"));
    expect(fillBlankMatches("二", ["2"])).toBe(false);
    expect(fillBlankMatches("二", ["二", "两", "2"])).toBe(true);
  });

  it("matches a typed answer against any accepted spelling, both sides normalized", () => {
    expect(fillBlankMatches("２年 。", ["2年"])).toBe(true);
    expect(fillBlankMatches("2年", ["２年"])).toBe(true);
    expect(fillBlankMatches("3年", ["2年", "两年"])).toBe(false);
  });

  it("never matches an empty or punctuation-only answer, even against an odd accepted list", () => {
    expect(fillBlankMatches("", [""])).toBe(false);
    expect(fillBlankMatches(" 。", ["。"])).toBe(false);
  });
});
