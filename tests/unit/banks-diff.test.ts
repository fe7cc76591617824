import { changedFields, diffBanks } from "~/domain/banks/diff";
import type { Bank } from "~/domain/banks/types";
import { validateBankData } from "~/domain/banks/validate";

import { rawBank, rawQuestions, type RawBank } from "../support/bank-fixtures";

function bank(raw: RawBank): Bank {
  const result = validateBankData("bank.yaml", raw);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.bank;
}

describe("the difference between two versions", () => {
  test("lists exactly the added, removed and changed questions, and which fields changed", () => {
    const [single, multiple, judge, fill, essay] = rawQuestions();
    const v1 = bank(rawBank({ questions: [single, multiple, judge, fill] }));
    const v2 = bank(
      rawBank({
        version: 2,
        questions: [
          { ...fill },
          { ...single, stem: "根据森林法，每年（　　）是植树节。", answer: "A", tags: ["造林绿化", "节日"] },
          { ...judge, answer: true, explanation: "改正。" },
          essay,
        ],
      }),
    );
    const diff = diffBanks(v1, v2);
    expect(diff.added.map((q) => q.id)).toEqual(["q005"]);
    expect(diff.removed.map((q) => q.id)).toEqual(["q002"]);
    expect(diff.changed.map((c) => [c.id, c.fields])).toEqual([
      ["q001", ["stem", "tags"]],
      ["q003", ["answer", "explanation"]],
    ]);
    expect(diff.changed[0].before.stem).toBe("根据森林法，每年（　　）为植树节。");
    expect(diff.changed[0].after.stem).toBe("根据森林法，每年（　　）是植树节。");
    // q004 only moved from the 4th place to the 1st: not a change.
    expect(diff.unchangedCount).toBe(1);
    expect(diff.metaChanged).toEqual([]);
  });

  test("two versions with the same content differ in nothing", () => {
    const diff = diffBanks(bank(rawBank()), bank(rawBank({ version: 2 })));
    expect(diff).toEqual({ added: [], removed: [], changed: [], unchangedCount: 5, metaChanged: [] });
  });

  test("a change of type, options or difficulty is named; bank-level changes too", () => {
    const [single] = rawQuestions();
    const before = bank(rawBank({ questions: [single] })).questions[0];
    const asMultiple = bank(rawBank({ questions: [{ ...single, type: "multiple", answer: "AB", difficulty: 3 }] })).questions[0];
    expect(changedFields(before, asMultiple)).toEqual(["type", "answer", "difficulty"]);
    const newOptions = bank(rawBank({ questions: [{ ...single, options: ["三月十二日", "四月一日", "五月四日", "六月五日"] }] })).questions[0];
    expect(changedFields(before, newOptions)).toEqual(["options"]);
    expect(diffBanks(bank(rawBank()), bank(rawBank({ title: "新名称", source: null }))).metaChanged).toEqual(["title", "source"]);
  });
});
