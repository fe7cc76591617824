import fs from "node:fs";

import fc from "fast-check";

import { canonicalJson, questionHash, versionHash } from "~/domain/banks/hash";
import type { Bank } from "~/domain/banks/types";
import { bankToYaml, parseBankYaml } from "~/domain/banks/yaml";

import { rawBank, toYaml, withQuestion } from "../support/bank-fixtures";

function parse(text: string): Bank {
  const result = parseBankYaml("bank.yaml", text);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.bank;
}

function reorderKeys<T extends Record<string, unknown>>(object: T, order: (keys: string[]) => string[]): T {
  return Object.fromEntries(order(Object.keys(object)).map((k) => [k, object[k]])) as T;
}

const BASE_YAML = `bank: test-bank
title: 测试题库
version: 1
regulation: 中华人民共和国森林法（2019年修订）
source: senlinfa-2019
description: 单元测试用。
questions:
  - id: q001
    type: single
    stem: 根据森林法，每年（　　）为植树节。
    options:
      - 三月十二日
      - 四月一日
    answer: A
    explanation: 第十条第二款规定，每年三月十二日为植树节。
    reference: 第十条第二款
    tags: [造林绿化]
    difficulty: 1
  - id: q004
    type: fill
    stem: 每年____月____日为植树节。
    answer:
      - ["3", 三]
      - ["12", 十二]
    explanation: 第十条第二款。
    reference: 第十条第二款
    tags: [造林绿化, 总则]
    difficulty: 1
`;

// The same content, laid out differently: four-space indents, flow and block lists swapped,
// comments, blank lines, trailing spaces, quoting, a block scalar, CRLF line endings.
const RELAID_YAML = [
  "# 测试题库",
  "bank: 'test-bank'",
  "title:   测试题库   ",
  "version: 1",
  "regulation: \"中华人民共和国森林法（2019年修订）\"",
  "source: senlinfa-2019",
  "description: >-",
  "    单元测试用。",
  "",
  "questions:",
  "",
  "    -   id: q001",
  "        type: single",
  "        stem: |",
  "            根据森林法，每年（　　）为植树节。",
  "        options: [三月十二日, 四月一日]   # 两个选项",
  "        answer: \"A\"",
  "        explanation: 第十条第二款规定，每年三月十二日为植树节。",
  "        reference: 第十条第二款",
  "        tags:",
  "            - 造林绿化",
  "        difficulty: 1",
  "    -   id: q004",
  "        type: fill",
  "        stem: 每年____月____日为植树节。",
  "        answer: [[3, 三], ['12', \"十二\"]]",
  "        explanation: 第十条第二款。",
  "        reference: 第十条第二款",
  "        tags: [造林绿化, 总则]",
  "        difficulty: 1",
  "",
].join("\r\n");

describe("content hashes", () => {
  test("canonical JSON sorts keys at every level and keeps list order", () => {
    expect(canonicalJson({ b: 1, a: [true, "x", { d: null, c: 2 }] })).toBe('{"a":[true,"x",{"c":2,"d":null}],"b":1}');
  });

  test("whitespace-only and layout-only YAML changes change no hash", () => {
    const a = parse(BASE_YAML);
    const b = parse(RELAID_YAML);
    expect(b.questions.map(questionHash)).toEqual(a.questions.map(questionHash));
    expect(versionHash(b)).toBe(versionHash(a));
    expect(questionHash(a.questions[0])).toMatch(/^[0-9a-f]{64}$/);
  });

  test("key order changes no hash, at the top level and inside questions", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        // A deterministic shuffle per seed.
        const shuffle = (keys: string[]) =>
          keys
            .map((k, i) => ({ k, r: Math.sin(seed * (i + 1)) }))
            .sort((x, y) => x.r - y.r)
            .map((x) => x.k);
        const original = rawBank();
        const shuffled = reorderKeys({ ...original, questions: original.questions.map((q) => reorderKeys(q, shuffle)) }, shuffle);
        const a = parse(toYaml(original));
        const b = parse(toYaml(shuffled));
        expect(b.questions.map(questionHash)).toEqual(a.questions.map(questionHash));
        expect(versionHash(b)).toBe(versionHash(a));
      }),
      { numRuns: 25 },
    );
  });

  test("any change of content changes the question's hash (and only its own)", () => {
    const base = parse(toYaml(rawBank()));
    const changes: Array<[number, Record<string, unknown>]> = [
      [0, { stem: "根据森林法，每年（　　）是植树节。" }],
      [0, { options: ["四月一日", "三月十二日", "五月四日", "十月一日"] }],
      [0, { answer: "B" }],
      [1, { answer: "ABD" }],
      [2, { answer: true }],
      [3, { answer: [["3"], ["12", "十二"]] }],
      [4, { answer: { reference: "公益林只能进行抚育、更新和低质低效林改造性质的采伐。", keywords: ["例外情形"] } }],
      [0, { explanation: "第十条。" }],
      [0, { reference: "第十条" }],
      [0, { tags: ["造林绿化", "总则"] }],
      [0, { difficulty: 2 }],
      [0, { id: "q101" }],
    ];
    for (const [index, change] of changes) {
      const changed = parse(toYaml(withQuestion(rawBank(), index, change)));
      const label = JSON.stringify(change);
      expect(questionHash(changed.questions[index]), label).not.toBe(questionHash(base.questions[index]));
      changed.questions.forEach((q, i) => {
        if (i !== index) expect(questionHash(q), label).toBe(questionHash(base.questions[i]));
      });
      expect(versionHash(changed), label).not.toBe(versionHash(base));
    }
  });

  test("the version hash ignores the version number but not the metadata or the question order", () => {
    const base = parse(toYaml(rawBank()));
    expect(versionHash(parse(toYaml(rawBank({ version: 7 }))))).toBe(versionHash(base));
    expect(versionHash(parse(toYaml(rawBank({ description: "新的说明" }))))).not.toBe(versionHash(base));
    const reordered = rawBank();
    reordered.questions.reverse();
    expect(versionHash(parse(toYaml(reordered)))).not.toBe(versionHash(base));
  });
});

describe("YAML export", () => {
  test("every bundled bank written back as YAML reads back with the same hashes", () => {
    for (const file of fs.readdirSync("question-banks").filter((f) => f.endsWith(".yaml"))) {
      const bank = parse(fs.readFileSync(`question-banks/${file}`, "utf8"));
      const again = parse(bankToYaml(bank));
      expect(again, file).toEqual(bank);
      expect(versionHash(again), file).toBe(versionHash(bank));
    }
  });
});
