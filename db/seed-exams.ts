import type { DB } from "./client";
import { seededRandom } from "../app/domain/random";
import { quarterOf, quarterRange } from "../app/domain/exams/attempt-time";
import { questionAt } from "../app/domain/exams/question-ref";
import type { FrozenQuestion, PaperSpec, Response } from "../app/domain/exams/types";
import { EVERYONE } from "../app/domain/audience";
import { loadPaper } from "../app/models/attempt-storage.server";
import { saveResponses, startAttempt, submitAttempt } from "../app/models/attempts.server";
import { closeExam, createExam, publishExam } from "../app/models/exams.server";
import { listBanks } from "../app/models/banks.server";
import type { ExamDefinition } from "../app/schemas/exams.server";
import { demoStatisticsPlan } from "./seed-statistics";

const QUARTER_NAMES = ["第一", "第二", "第三", "第四"];

function quarterTitle(period: string): string {
  const [year, q] = period.split("-Q");
  return `${year}年${QUARTER_NAMES[Number(q) - 1]}季度党纪法规考试`;
}

function previousQuarter(period: string): string {
  const [year, q] = period.split("-Q").map(Number);
  return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
}

function quarterlyPaper(banks: Array<{ slug: string; version: number }>): PaperSpec {
  const draw = { kind: "draw" as const, banks };
  return {
    shuffleQuestions: true,
    shuffleOptions: true,
    sections: [
      { title: "一、单选题", type: "single", count: 10, points: 4, source: draw },
      { title: "二、多选题", type: "multiple", count: 5, points: 6, source: draw },
      { title: "三、判断题", type: "judge", count: 10, points: 2, source: draw },
      { title: "四、填空题", type: "fill", count: 5, points: 2, source: draw },
    ],
  };
}

function quarterlyExam(period: string, banks: Array<{ slug: string; version: number }>, timeZone: string): ExamDefinition {
  const range = quarterRange(period, timeZone);
  return {
    kind: "quarterly",
    title: quarterTitle(period),
    description: "本季度学习的党内法规与森林法、监察法、政务处分法。以考促学、以考敦行。",
    period,
    opensAt: range.start,
    closesAt: range.end,
    durationMinutes: 60,
    passMark: 60,
    sectionMinimums: false,
    attemptsAllowed: 2,
    reviewPolicy: "after_submit",
    multiplePolicy: "partial_half",
    graceSeconds: 30,
    audience: EVERYONE,
    paper: quarterlyPaper(banks),
  };
}

/** A response that is right with probability `skill`, else a plausible wrong one. */
function simulatedResponse(q: FrozenQuestion, skill: number, random: () => number): Response | null {
  if (random() < 0.04) return null;
  const right = random() < skill;
  const displayedOf = (original: number) => q.optionOrder.indexOf(original);
  switch (q.answer.kind) {
    case "single": {
      const correct = displayedOf(q.answer.option);
      return { kind: "single", option: right ? correct : (correct + 1 + Math.floor(random() * (q.options.length - 1))) % q.options.length };
    }
    case "multiple": {
      const correct = q.answer.options.map(displayedOf).sort((a, b) => a - b);
      return { kind: "multiple", options: right ? correct : correct.slice(0, Math.max(1, correct.length - 1)) };
    }
    case "judge":
      return { kind: "judge", value: right ? q.answer.value : !q.answer.value };
    case "fill":
      return { kind: "fill", blanks: q.answer.blanks.map((alts) => (right ? alts[0] : "不清楚")) };
    case "essay":
      return null;
  }
}

/**
 * The demo's exams: this quarter's quarterly exam, open all quarter and not yet taken by
 * C0001; a practice exam; and three past quarters with graded attempts, so score
 * histories and reports are not empty. Attempts go through the real model functions.
 */
export async function seedDemoExams(db: DB, input: { now: Date; timeZone: string; ownerOrgId: number; organizerId: number | null }): Promise<void> {
  const banks = (await listBanks(db)).map((b) => ({ slug: b.bank, version: b.version }));
  if (banks.length === 0) return;
  const { now, timeZone } = input;
  const current = quarterOf(now, timeZone);
  const random = seededRandom(4242);

  const users = await db.selectFrom("users").select(["id", "employee_no", "is_leader"]).where("active", "=", 1).execute();
  const demoCadre = users.find((u) => u.employee_no === "C0001");

  let period = current;
  const past: string[] = [];
  for (let i = 0; i < 3; i++) past.unshift((period = previousQuarter(period)));

  // Skipped quarters, idle leaders, practice between quarters (db/seed-statistics.ts). The statistics open on the year of the last finished quarter.
  const plan = await demoStatisticsPlan(db, { users, rootOrgId: input.ownerOrgId, statisticsYear: Number(past[past.length - 1].slice(0, 4)) });
  for (const [index, p] of past.entries()) {
    const examId = await createExam(db, { definition: { ...quarterlyExam(p, banks, timeZone), audience: plan.audience(index) }, ownerOrgId: input.ownerOrgId, createdBy: input.organizerId, now });
    const range = quarterRange(p, timeZone);
    await plan.practiseBefore(index, { from: new Date(range.start.getTime() + 24 * 3600_000), to: new Date(range.start.getTime() + 9 * 24 * 3600_000) });
    // Published and taken back then; closed now.
    await publishExam(db, { examId, actorId: input.organizerId, ip: null, now: range.start });
    for (const user of users) {
      const takes = !plan.sitsOut(user, p) && (user.id === demoCadre?.id || random() < (user.is_leader ? 0.95 : 0.82));
      if (!takes) continue;
      const startedAt = new Date(range.start.getTime() + (10 + random() * 70) * 24 * 3600_000 + random() * 8 * 3600_000);
      const started = await startAttempt(db, { examId, userId: user.id, now: startedAt, seed: Math.floor(random() * 2 ** 31) });
      if (started.kind === "blocked") continue;
      const paper = await loadPaper(db, started.attemptId);
      // Scores rise from quarter to quarter: the 以考促学 story the reports tell.
      const skill = Math.min(0.97, 0.42 + index * 0.07 + random() * 0.4 + (user.is_leader ? 0.05 : 0) + plan.practiceGain(user));
      const answers: Array<{ ref: string; response: Response }> = [];
      paper.sections.forEach((section, s) =>
        section.questions.forEach((_, q) => {
          const ref = `${s}:${q}`;
          const response = simulatedResponse(questionAt(paper, ref)!, skill, random);
          if (response) answers.push({ ref, response });
        }),
      );
      const savedAt = new Date(startedAt.getTime() + (15 + random() * 35) * 60_000);
      await saveResponses(db, { attemptId: started.attemptId, userId: user.id, answers, seq: 1, now: savedAt });
      await submitAttempt(db, { attemptId: started.attemptId, userId: user.id, now: new Date(savedAt.getTime() + 30_000) });
    }
    await closeExam(db, { examId, actorId: input.organizerId, ip: null, now: range.end });
  }

  const currentId = await createExam(db, { definition: quarterlyExam(current, banks, timeZone), ownerOrgId: input.ownerOrgId, createdBy: input.organizerId, now });
  await publishExam(db, { examId: currentId, actorId: input.organizerId, ip: null, now });

  const forestry = banks.find((b) => b.slug.startsWith("senlinfa")) ?? banks[0];
  const practiceId = await createExam(db, {
    definition: {
      kind: "practice",
      title: "森林法专项练习",
      description: "不限时、不限次数，提交后即可查看答案与解析。",
      period: null,
      opensAt: quarterRange(current, timeZone).start,
      closesAt: new Date(quarterRange(current, timeZone).end.getTime() + 365 * 24 * 3600_000),
      durationMinutes: null,
      passMark: 60,
      sectionMinimums: false,
      attemptsAllowed: null,
      reviewPolicy: "after_submit",
      multiplePolicy: "partial_half",
      graceSeconds: 30,
      audience: EVERYONE,
      paper: {
        shuffleQuestions: true,
        shuffleOptions: true,
        sections: [
          { title: "一、单选题", type: "single", count: 10, points: 6, source: { kind: "draw", banks: [forestry] } },
          { title: "二、判断题", type: "judge", count: 8, points: 5, source: { kind: "draw", banks: [forestry] } },
        ],
      },
    },
    ownerOrgId: input.ownerOrgId,
    createdBy: input.organizerId,
    now,
  });
  await publishExam(db, { examId: practiceId, actorId: input.organizerId, ip: null, now });
}
