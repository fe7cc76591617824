import type { DB } from "./client";
import { dateIn } from "../app/domain/appointments/calendar";
import type { FrozenQuestion, Response } from "../app/domain/exams/types";
import { validEarlierPasses } from "../app/models/appointment-test.server";
import { createCase, decideCase, recordTalk, signCommitment, syncOpenCases } from "../app/models/appointments.server";
import { currentCommitmentText, newestBankPins } from "../app/models/appointment-settings.server";
import { loadPaper } from "../app/models/attempt-storage.server";
import { saveResponses, startAttempt, submitAttempt } from "../app/models/attempts.server";
import type { Scope } from "../app/models/orgs.server";

const DAY = 24 * 3600_000;
const ALL: Scope = { kind: "all" };

function rightResponse(q: FrozenQuestion): Response | null {
  const displayed = (original: number) => q.optionOrder.indexOf(original);
  switch (q.answer.kind) {
    case "single":
      return { kind: "single", option: displayed(q.answer.option) };
    case "multiple":
      return { kind: "multiple", options: q.answer.options.map(displayed).sort((a, b) => a - b) };
    case "judge":
      return { kind: "judge", value: q.answer.value };
    case "fill":
      return { kind: "fill", blanks: q.answer.blanks.map((alts) => alts[0]) };
    case "essay":
      return null;
  }
}

/** Takes the case's test at `at`: `share` of the questions answered right, the rest left blank. */
async function takeTest(db: DB, input: { examId: number; userId: number; at: Date; share: number; seed: number }) {
  const started = await startAttempt(db, { examId: input.examId, userId: input.userId, now: input.at, seed: input.seed });
  if (started.kind === "blocked") throw new Error(`demo test blocked: ${started.reasons.join("; ")}`);
  const paper = await loadPaper(db, started.attemptId);
  const questions = paper.sections.flatMap((section, s) => section.questions.map((q, i) => ({ ref: `${s}:${i}`, q })));
  const answers = questions.slice(0, Math.round(questions.length * input.share)).flatMap(({ ref, q }) => {
    const response = rightResponse(q);
    return response ? [{ ref, response }] : [];
  });
  await saveResponses(db, { attemptId: started.attemptId, userId: input.userId, answers, seq: 1, now: new Date(input.at.getTime() + 20 * 60_000) });
  await submitAttempt(db, { attemptId: started.attemptId, userId: input.userId, now: new Date(input.at.getTime() + 25 * 60_000) });
  await syncOpenCases(db, { now: new Date(input.at.getTime() + 26 * 60_000), cadreId: input.userId });
}

type Step =
  | { kind: "sign"; day: number }
  | { kind: "talk"; day: number }
  | { kind: "test"; day: number; share: number }
  | { kind: "cancel"; day: number; reason: string };

type DemoCase = { employeeNo: string; post: string; birthDate: string | null; opened: number; steps: Step[]; reuse?: boolean; documentNo?: string };

/**
 * The demo's pre-appointment cases, in every state, through the real models: C0001 waits to
 * sign (and has the test to take); one failed and passed the makeup; one failed twice
 * (暂缓任用, the organizer told); one cancelled; one reused an earlier pass; two completed
 * last year. `opened` and `day` are days before now.
 */
export async function seedDemoAppointments(db: DB, input: { now: Date; timeZone: string; organizerId: number }): Promise<void> {
  const { now, timeZone } = input;
  if ((await newestBankPins(db)).length === 0) return;
  // `days` before today at `hour`:00 UTC (morning in Beijing), never later than a minute ago.
  const ago = (days: number, hour: number) => new Date(Math.min(now.getTime() - days * DAY + hour * 3600_000 - (now.getTime() % DAY), now.getTime() - 60_000 * (10 - hour)));
  const year = Number(dateIn(now, timeZone).slice(0, 4));
  // Days back to 10 November of last year, so last year's count is not empty whatever today is.
  const lastYear = Math.round((now.getTime() - Date.parse(`${year - 1}-11-10T00:00:00+08:00`)) / DAY);

  const cases: DemoCase[] = [
    { employeeNo: "C0001", post: "东方红林场副场长", birthDate: "1988-07-12", opened: 2, documentNo: "林党任〔2026〕8号", steps: [{ kind: "talk", day: 1 }] },
    { employeeNo: "L0012", post: "机关第一党支部组织委员", birthDate: "1990-03-02", opened: 0, steps: [] },
    { employeeNo: "L0030", post: "青山林场场长", birthDate: "1971-03-15", opened: 39, documentNo: "林党任〔2026〕3号", steps: [{ kind: "sign", day: 38 }, { kind: "talk", day: 36 }, { kind: "test", day: 35, share: 0.95 }] },
    { employeeNo: "L0047", post: "红星林场副场长", birthDate: "1984-11-20", opened: 20, steps: [{ kind: "sign", day: 19 }, { kind: "test", day: 18, share: 0.5 }, { kind: "test", day: 17, share: 0.9 }] },
    { employeeNo: "L0063", post: "白桦林场党支部书记", birthDate: "1979-05-06", opened: 10, steps: [{ kind: "sign", day: 9 }, { kind: "talk", day: 8 }] },
    { employeeNo: "L0079", post: "松涛林场副场长", birthDate: "1986-09-09", opened: 12, steps: [{ kind: "test", day: 11, share: 0.55 }, { kind: "sign", day: 11 }] },
    { employeeNo: "L0092", post: "鹿鸣林场场长", birthDate: "1975-01-28", opened: 30, steps: [{ kind: "sign", day: 29 }, { kind: "talk", day: 29 }, { kind: "test", day: 28, share: 0.45 }, { kind: "test", day: 27, share: 0.6 }] },
    { employeeNo: "L0120", post: "金沟林场副场长", birthDate: null, opened: 25, steps: [{ kind: "sign", day: 24 }, { kind: "cancel", day: 22, reason: "本人因健康原因申请不再担任该职务，组织同意" }] },
    { employeeNo: "L0135", post: "兴安林场副场长", birthDate: "1968-12-01", opened: lastYear, steps: [{ kind: "sign", day: lastYear - 1 }, { kind: "talk", day: lastYear - 2 }, { kind: "test", day: lastYear - 2, share: 0.9 }] },
    { employeeNo: "L0150", post: "卧龙林场副场长", birthDate: "1982-04-18", opened: lastYear - 3, steps: [{ kind: "test", day: lastYear - 4, share: 1 }, { kind: "sign", day: lastYear - 4 }, { kind: "talk", day: lastYear - 5 }] },
    // L0135 passed last year: the new post reuses that pass (valid for two years).
    { employeeNo: "L0135", post: "兴安林场场长", birthDate: "1968-12-01", opened: 5, reuse: true, steps: [{ kind: "sign", day: 4 }] },
  ];

  const users = await db.selectFrom("users").select(["id", "employee_no", "name"]).where("employee_no", "in", [...new Set(cases.map((c) => c.employeeNo))]).execute();
  const byNo = new Map(users.map((u) => [u.employee_no, u]));
  let seed = 9100;
  for (const demo of cases) {
    const user = byNo.get(demo.employeeNo);
    if (!user) continue;
    await db.updateTable("users").set({ birth_date: demo.birthDate }).where("id", "=", user.id).execute();
    const openedAt = ago(demo.opened, 1);
    const decidedOn = dateIn(new Date(openedAt.getTime() - DAY), timeZone);
    const reuse = demo.reuse ? (await validEarlierPasses(db, { cadreId: user.id, decidedOn, validityYears: 2, timeZone }))[0] : undefined;
    const created = await createCase(db, ALL, {
      employeeNo: demo.employeeNo,
      post: demo.post,
      documentNo: demo.documentNo,
      decidedOn,
      organizerId: input.organizerId,
      testSource: reuse ? "reuse" : "standard",
      reuseAttemptId: reuse?.attemptId,
      actorId: input.organizerId,
      ip: null,
      now: openedAt,
      timeZone,
    });
    if (created.kind !== "created") throw new Error(`demo case for ${demo.employeeNo}: ${JSON.stringify(created.fieldErrors)}`);
    const row = await db.selectFrom("appointment_cases").select(["exam_id", "bureau_org_id"]).where("id", "=", created.caseId).executeTakeFirstOrThrow();
    for (const step of demo.steps) {
      const at = ago(step.day, 3);
      switch (step.kind) {
        case "sign": {
          const text = await currentCommitmentText(db, row.bureau_org_id, at);
          await signCommitment(db, { caseId: created.caseId, userId: user.id, typedName: user.name, textId: text.id, userAgent: "demo", ip: "10.20.1.15", now: at });
          break;
        }
        case "talk":
          await recordTalk(db, ALL, {
            caseId: created.caseId,
            talkOn: dateIn(at, timeZone),
            talkers: [
              { name: "周建国", post: "局党委副书记" },
              { name: "李秀英", post: "组织部部长" },
            ],
            summary: `与${user.name}同志进行任前谈话：肯定了以往工作，指出新岗位在林木采伐审批、工程项目和物资采购方面的廉政风险，要求严守纪律、秉公用权、管好身边人。本人表示接受组织监督。`,
            actorId: input.organizerId,
            ip: null,
            now: at,
            timeZone,
          });
          break;
        case "test":
          await takeTest(db, { examId: row.exam_id!, userId: user.id, at, share: step.share, seed: seed++ });
          break;
        case "cancel":
          await decideCase(db, ALL, { caseId: created.caseId, decision: "cancel", reason: step.reason, actorId: input.organizerId, ip: null, now: at, timeZone });
          break;
      }
    }
  }
}
