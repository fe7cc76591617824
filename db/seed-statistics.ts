/**
 * What makes the demo's statistics meaningful, used by the past quarters of seed-exams.ts:
 * two organizations skip a quarter (每季一考 shows them 未组织), a few leading cadres take no
 * exam in the year the statistics open on (年内必考), about a third of the cadres practise
 * between quarters through the real practice model, and those who practise gain more from
 * quarter to quarter (以考促学). Deterministic: the same demo every time.
 */
import type { DB } from "./client";
import type { PoolQuestion } from "../app/domain/exams/types";
import { seededRandom } from "../app/domain/random";
import { PRACTICE_TYPES } from "../app/domain/practice/practice-question";
import type { AudienceSpec } from "../app/domain/audience";
import { listBanks } from "../app/models/banks.server";
import { getPracticeQuestion, recordPracticeAnswer } from "../app/models/practice.server";

/** Organizations that hold no quarterly exam in the demo's second past quarter. */
const SKIPPING = ["红星林场党支部", "种苗站党支部"];

type DemoUser = { id: number; employee_no: string; is_leader: number };

export type DemoStatisticsPlan = {
  /** Who the past quarter `index` (0 = oldest) is for: everyone, or everyone but the skipping organizations. */
  audience(index: number): AudienceSpec;
  /** Whether the cadre sits out past quarter `period` whatever chance says (the leaders with no exam this year). */
  sitsOut(user: DemoUser, period: string): boolean;
  /** Added to a cadre's skill in the next past quarter: what their practice so far earned them. */
  practiceGain(user: DemoUser): number;
  /** Practice answers between the previous past quarter and this one (index ≥ 1), through the real model. */
  practiseBefore(index: number, window: { from: Date; to: Date }): Promise<void>;
};

/**
 * `statisticsYear` is the year the statistics page opens on: the leaders who sit out do so
 * in that year's quarters only.
 */
export async function demoStatisticsPlan(db: DB, input: { users: readonly DemoUser[]; rootOrgId: number; statisticsYear: number }): Promise<DemoStatisticsPlan> {
  const random = seededRandom(8808);
  const children = await db.selectFrom("orgs").select(["id", "name"]).where("parent_id", "=", input.rootOrgId).execute();
  const kept = children.filter((o) => !SKIPPING.includes(o.name)).map((o) => o.id);
  const leaders = input.users.filter((u) => u.is_leader && u.employee_no.startsWith("L")).sort((a, b) => a.employee_no.localeCompare(b.employee_no));
  // Four leaders spread over the list (not the bureau's own leadership at the top).
  const idle = new Set([leaders[12], leaders[25], leaders[37], leaders[49]].filter(Boolean).map((u) => u.id));
  const practisers = new Set(input.users.filter((u) => u.employee_no === "C0001" || (u.employee_no.startsWith("L") && random() < 0.34)).map((u) => u.id));
  const practisedBefore = new Map<number, number>();

  const banks = await listBanks(db);
  const rows = banks.length
    ? await db.selectFrom("bank_questions").select("id").where("version_id", "in", banks.map((b) => b.versionId)).where("type", "in", [...PRACTICE_TYPES]).execute()
    : [];
  // A sample of each bank's questions is enough for the demo's practice.
  const questions: PoolQuestion[] = [];
  for (const r of rows.filter((_, i) => i % 3 === 0)) {
    const q = await getPracticeQuestion(db, r.id);
    if (q) questions.push(q);
  }

  return {
    audience: (index) => ({ orgIds: index === 1 ? kept : [], ranks: [], leadersOnly: false, partyMembersOnly: false, userIds: [] }),
    sitsOut: (user, period) => idle.has(user.id) && period.startsWith(`${input.statisticsYear}-`),
    practiceGain: (user) => 0.08 * (practisedBefore.get(user.id) ?? 0),
    async practiseBefore(index, window) {
      if (index === 0 || questions.length === 0) return;
      // One transaction for the whole window: the same model calls, one commit instead of thousands.
      await db.transaction().execute(async (trx) => {
        for (const user of input.users) {
          if (!practisers.has(user.id)) continue;
          practisedBefore.set(user.id, (practisedBefore.get(user.id) ?? 0) + 1);
          const count = 10 + Math.floor(random() * 6);
          const skill = 0.55 + random() * 0.3;
          for (let n = 0; n < count; n++) {
            const question = questions[Math.floor(random() * questions.length)];
            const at = new Date(window.from.getTime() + random() * (window.to.getTime() - window.from.getTime()));
            await recordPracticeAnswer(trx, { userId: user.id, rowId: question.rowId, mode: "bank", form: practiceForm(question, random() < skill), now: at });
          }
        }
      });
    },
  };
}

/** The form a cadre would post for `question`: its key when `right`, else a plausible wrong answer. */
function practiceForm(question: PoolQuestion, right: boolean): FormData {
  const form = new FormData();
  const { answer } = question;
  switch (answer.kind) {
    case "single":
      form.set("q:0:0", String(right ? answer.option : (answer.option + 1) % question.options.length));
      break;
    case "multiple": {
      form.set("q:0:0:shown", "1");
      const chosen = right ? answer.options : answer.options.slice(0, Math.max(1, answer.options.length - 1));
      for (const o of chosen) form.append("q:0:0", String(o));
      if (!right && chosen.length === answer.options.length) form.append("q:0:0", String(question.options.findIndex((_, i) => !answer.options.includes(i))));
      break;
    }
    case "judge":
      form.set("q:0:0", String(right ? answer.value : !answer.value));
      break;
    case "fill":
      answer.blanks.forEach((alternatives, i) => form.set(`q:0:0:${i}`, right ? alternatives[0] : "不清楚"));
      break;
    case "essay":
      break;
  }
  return form;
}
