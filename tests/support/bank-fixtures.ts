/** Small banks for tests: one question of each type, as a bank file would hold them. */
import crypto from "node:crypto";

import YAML from "yaml";

export type RawBank = Record<string, unknown> & { questions: Array<Record<string, unknown>> };

export function uniqueSlug(prefix = "test-bank"): string {
  return `${prefix}-${crypto.randomBytes(3).toString("hex")}`;
}

export function rawQuestions(): Array<Record<string, unknown>> {
  return [
    {
      id: "q001",
      type: "single",
      stem: "根据森林法，每年（　　）为植树节。",
      options: ["三月十二日", "四月一日", "五月四日", "十月一日"],
      answer: "A",
      explanation: "第十条第二款规定，每年三月十二日为植树节。",
      reference: "第十条第二款",
      tags: ["造林绿化"],
      difficulty: 1,
    },
    {
      id: "q002",
      type: "multiple",
      stem: "上级人民政府对下级人民政府完成（　　）的情况进行考核。",
      options: ["森林资源保护发展目标", "森林防火工作", "重大林业有害生物防治工作", "木材生产经营计划"],
      answer: "ABC",
      explanation: "第四条第一款。",
      reference: "第四条第一款",
      tags: ["总则", "考核"],
      difficulty: 2,
    },
    {
      id: "q003",
      type: "judge",
      stem: "集体林地经营权流转可以采用口头约定的方式。",
      answer: false,
      explanation: "第十九条第一款规定，应当签订书面合同。",
      reference: "第十九条第一款",
      tags: ["森林权属"],
      difficulty: 2,
    },
    {
      id: "q004",
      type: "fill",
      stem: "每年____月____日为植树节。",
      answer: [["3", "三"], ["12", "十二"]],
      explanation: "第十条第二款。",
      reference: "第十条第二款",
      tags: ["造林绿化"],
      difficulty: 1,
    },
    {
      id: "q005",
      type: "essay",
      stem: "简述森林法对采伐公益林的规定。",
      answer: { reference: "公益林只能进行抚育、更新和低质低效林改造性质的采伐。", keywords: ["抚育、更新和低质低效林改造", "例外情形"] },
      explanation: "依据第五十五条作答。",
      reference: "第五十五条",
      tags: ["采伐管理"],
      difficulty: 4,
    },
  ];
}

export function rawBank(overrides: Partial<RawBank> = {}): RawBank {
  return {
    bank: "test-bank",
    title: "测试题库",
    version: 1,
    regulation: "中华人民共和国森林法（2019年修订）",
    source: "senlinfa-2019",
    description: "单元测试用。",
    questions: rawQuestions(),
    ...overrides,
  };
}

/** The raw bank with question `index` changed by `change` (a shallow merge). */
export function withQuestion(bank: RawBank, index: number, change: Record<string, unknown>): RawBank {
  const questions = bank.questions.map((q, i) => (i === index ? { ...q, ...change } : q));
  for (const [key, value] of Object.entries(change)) if (value === undefined) delete questions[index][key];
  return { ...bank, questions };
}

export function toYaml(bank: unknown): string {
  return YAML.stringify(bank);
}
