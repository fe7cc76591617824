/** Arranges exams for integration tests: a generated bank, an org with cadres, a published exam. */
import YAML from "yaml";

import type { DB } from "../../db/client";
import { EVERYONE } from "~/domain/audience";
import { importBankFile } from "~/models/bank-transfer.server";
import { createExam, publishExam } from "~/models/exams.server";
import type { ExamDefinition } from "~/schemas/exams.server";

import { uniqueSlug } from "./bank-fixtures";
import { makeOrg, makeUser } from "./test-db";

/** A bank with `n` questions of each objective type and two essays; answers follow a simple pattern. */
export function generatedBank(slug: string, version = 1, n = 12) {
  const questions: Array<Record<string, unknown>> = [];
  let id = 0;
  const next = () => `q${String(++id).padStart(3, "0")}`;
  for (let i = 0; i < n; i++) {
    questions.push({ id: next(), type: "single", stem: `单选题 ${i + 1}（　　）`, options: [`甲${i}`, `乙${i}`, `丙${i}`, `丁${i}`], answer: "B", explanation: `单选解析 ${i}`, reference: "第一条", tags: [i % 2 ? "甲类" : "乙类"], difficulty: 1 + (i % 5) });
    questions.push({ id: next(), type: "multiple", stem: `多选题 ${i + 1}（　　）`, options: [`子${i}`, `丑${i}`, `寅${i}`, `卯${i}`], answer: "AC", explanation: `多选解析 ${i}`, reference: "第二条", tags: ["甲类"], difficulty: 2 });
    questions.push({ id: next(), type: "judge", stem: `判断题 ${i + 1}`, answer: i % 2 === 0, explanation: `判断解析 ${i}`, reference: "第三条", tags: ["乙类"], difficulty: 2 });
    questions.push({ id: next(), type: "fill", stem: `填空题 ${i + 1}：____年`, answer: [[`${2000 + i}`]], explanation: `填空解析 ${i}`, reference: "第四条", tags: ["甲类"], difficulty: 3 });
  }
  for (let i = 0; i < 2; i++) {
    questions.push({ id: next(), type: "essay", stem: `简答题 ${i + 1}`, answer: { reference: "参考答案", keywords: ["要点"] }, explanation: "简答解析", reference: "第五条", tags: ["乙类"], difficulty: 4 });
  }
  return { bank: slug, title: `测试题库 ${slug}`, version, regulation: "测试法规", description: "集成测试用。", questions };
}

export async function importGeneratedBank(db: DB, bank: ReturnType<typeof generatedBank>) {
  const outcome = await importBankFile(db, {
    fileName: `${bank.bank}.yaml`,
    bytes: new TextEncoder().encode(YAML.stringify(bank)),
    origin: "cli",
    actorId: null,
    ip: null,
    now: new Date(),
  });
  if (outcome.status !== "created" && outcome.status !== "unchanged") throw new Error(`bank import failed: ${JSON.stringify(outcome)}`);
  return outcome;
}

export function examDefinition(slug: string, overrides: Partial<ExamDefinition> = {}): ExamDefinition {
  const now = Date.now();
  const draw = { kind: "draw" as const, banks: [{ slug, version: 1 }] };
  return {
    kind: "quarterly",
    title: "测试季度考试",
    description: null,
    period: "2026-Q4",
    opensAt: new Date(now - 3600_000),
    closesAt: new Date(now + 7 * 24 * 3600_000),
    durationMinutes: 60,
    passMark: 60,
    sectionMinimums: false,
    attemptsAllowed: 1,
    reviewPolicy: "after_submit",
    multiplePolicy: "all_or_nothing",
    graceSeconds: 30,
    audience: EVERYONE,
    paper: {
      shuffleQuestions: true,
      shuffleOptions: true,
      sections: [
        { title: "一、单选题", type: "single", count: 5, points: 10, source: draw },
        { title: "二、多选题", type: "multiple", count: 2, points: 10, source: draw },
        { title: "三、判断题", type: "judge", count: 2, points: 5, source: draw },
        { title: "四、填空题", type: "fill", count: 2, points: 5, source: draw },
      ],
    },
    ...overrides,
  };
}

/** An org with `cadres` cadres, a bank, and a published exam for all of them. */
export async function arrangeExam(db: DB, options: { cadres?: number; overrides?: (slug: string) => Partial<ExamDefinition> } = {}) {
  const slug = uniqueSlug("exam-bank");
  await importGeneratedBank(db, generatedBank(slug));
  const org = await makeOrg(db, `考试测试党支部-${slug}`);
  const cadres = [];
  for (let i = 0; i < (options.cadres ?? 2); i++) cadres.push(await makeUser(db, { orgId: org.id }));
  const examId = await createExam(db, {
    definition: examDefinition(slug, options.overrides?.(slug)),
    ownerOrgId: org.id,
    createdBy: null,
    now: new Date(),
  });
  const published = await publishExam(db, { examId, actorId: null, ip: null, now: new Date() });
  if (!published.ok) throw new Error(published.problems.join("; "));
  return { slug, org, cadres, examId };
}
