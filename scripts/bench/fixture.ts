/**
 * The benchmark's database, built through the models: organizations, cadres with sessions,
 * a 60-question quarterly exam with open attempts (each holding a filled paper), attempts
 * ready to submit, and an exam with graded attempts for the export. The cadres themselves are
 * inserted in bulk with one shared password hash (hashing thousands of passwords would take
 * minutes and measures nothing), and graded attempts beyond the first few hundred are copies
 * of real ones (papers, per-question rows and answers included), so the export reads real data.
 */
import crypto from "node:crypto";
import path from "node:path";

import { type DB, migrateToLatest, openDatabase } from "../../db/client";
import { EVERYONE } from "../../app/domain/audience";
import { displayedAnswer } from "../../app/domain/exams/option-order";
import { paperRefs, questionAt } from "../../app/domain/exams/question-ref";
import type { FrozenPaper, Response } from "../../app/domain/exams/types";
import { seededRandom } from "../../app/domain/random";
import { loadPaper } from "../../app/models/attempt-storage.server";
import { saveResponses, startAttempt, submitAttempt } from "../../app/models/attempts.server";
import { importBundledBanks } from "../../app/models/bank-transfer.server";
import { listBanks } from "../../app/models/banks.server";
import { closeExam, createExam, publishExam } from "../../app/models/exams.server";
import { createOrg } from "../../app/models/orgs.server";
import { createSession } from "../../app/models/sessions.server";
import { hashPassword } from "../../app/utils/password.server";

export const BENCH_PASSWORD = "bench-password-1";

export type FixtureSize = { cadres: number; open: number; submit: number; graded: number; startBurst: number };

export type Fixture = {
  file: string;
  examId: number;
  gradedExamId: number;
  organizerCookie: string;
  /** Open attempts with a filled paper, for saves and the attempt page. */
  open: Array<{ attemptId: number; cookie: string; refs: string[]; responses: Response[] }>;
  /** Open attempts with answers, to be submitted (each once). */
  submit: Array<{ attemptId: number; cookie: string }>;
  /** Cadres with a session and no attempt, for start bursts. */
  starters: Array<{ userId: number; cookie: string }>;
  /** Cadres for the login measurement. */
  logins: string[];
  ownerOrgId: number;
};

const cookieOf = (token: string) => `kaoxue_session=${token}`;

/** 60 questions, 100 points, from the four bundled banks. */
function paperSpec(banks: Array<{ slug: string; version: number }>) {
  const source = { kind: "draw" as const, banks };
  return {
    shuffleQuestions: true,
    shuffleOptions: true,
    sections: [
      { title: "一、单选题", type: "single" as const, count: 25, points: 2, source },
      { title: "二、多选题", type: "multiple" as const, count: 15, points: 2, source },
      { title: "三、判断题", type: "judge" as const, count: 12, points: 1, source },
      { title: "四、填空题", type: "fill" as const, count: 8, points: 1, source },
    ],
  };
}

export function examDefinition(banks: Array<{ slug: string; version: number }>, title: string, now: Date) {
  return {
    kind: "quarterly" as const,
    title,
    description: null,
    period: null,
    opensAt: new Date(now.getTime() - 3600_000),
    closesAt: new Date(now.getTime() + 7 * 24 * 3600_000),
    durationMinutes: 600,
    passMark: 60,
    sectionMinimums: false,
    attemptsAllowed: 1,
    reviewPolicy: "after_close" as const,
    multiplePolicy: "partial_half" as const,
    graceSeconds: 30,
    audience: EVERYONE,
    paper: paperSpec(banks),
  };
}

/** A filled paper: right answers with some wrong ones, by the displayed positions the page sends. */
function answersFor(paper: FrozenPaper, random: () => number): Array<{ ref: string; response: Response }> {
  return paperRefs(paper).flatMap((ref) => {
    const q = questionAt(paper, ref)!;
    const right = random() < 0.75;
    switch (q.answer.kind) {
      case "single":
        return [{ ref, response: { kind: "single", option: right ? displayedAnswer(q)[0] : (displayedAnswer(q)[0] + 1) % q.options.length } as Response }];
      case "multiple":
        return [{ ref, response: { kind: "multiple", options: right ? displayedAnswer(q) : [0] } as Response }];
      case "judge":
        return [{ ref, response: { kind: "judge", value: right ? q.answer.value : !q.answer.value } as Response }];
      case "fill":
        return [{ ref, response: { kind: "fill", blanks: q.answer.blanks.map((b) => (right ? b[0] : "不知道")) } as Response }];
      default:
        return [];
    }
  });
}

async function bulkUsers(db: DB, orgIds: number[], count: number, prefix: string): Promise<Array<{ id: number; employeeNo: string }>> {
  const hash = await hashPassword(BENCH_PASSWORD);
  const stamp = new Date().toISOString();
  const users: Array<{ id: number; employeeNo: string }> = [];
  await db.transaction().execute(async (trx) => {
    for (let from = 0; from < count; from += 500) {
      const rows = await trx
        .insertInto("users")
        .values(
          Array.from({ length: Math.min(500, count - from) }, (_, i) => ({
            employee_no: `${prefix}${String(from + i).padStart(5, "0")}`,
            name: `基准干部${from + i}`,
            org_id: orgIds[(from + i) % orgIds.length],
            rank: "staff" as const,
            is_leader: (from + i) % 10 === 0 ? 1 : 0,
            is_party_member: 1,
            role: "cadre" as const,
            scope_org_id: null,
            password_hash: hash,
            must_change_password: 0,
            active: 1,
            created_at: stamp,
            updated_at: stamp,
          })),
        )
        .returning(["id", "employee_no"])
        .execute();
      users.push(...rows.map((r) => ({ id: r.id, employeeNo: r.employee_no })));
    }
  });
  return users;
}

/** Copies one graded attempt (row, paper, per-question rows, answers) to other cadres: the export reads real rows. */
async function cloneGraded(db: DB, input: { sourceIds: number[]; userIds: number[]; orgIdOf: Map<number, number> }) {
  await db.transaction().execute(async (trx) => {
    for (const [i, userId] of input.userIds.entries()) {
      const sourceId = input.sourceIds[i % input.sourceIds.length];
      const source = await trx.selectFrom("attempts").selectAll().where("id", "=", sourceId).executeTakeFirstOrThrow();
      const { id: _id, ...row } = source;
      const copy = await trx.insertInto("attempts").values({ ...row, user_id: userId, org_id: input.orgIdOf.get(userId)! }).returning("id").executeTakeFirstOrThrow();
      const paper = await trx.selectFrom("attempt_papers").select(["paper", "grading_rules"]).where("attempt_id", "=", sourceId).executeTakeFirstOrThrow();
      await trx.insertInto("attempt_papers").values({ attempt_id: copy.id, ...paper }).execute();
      const items = await trx.selectFrom("attempt_items").selectAll().where("attempt_id", "=", sourceId).execute();
      await trx.insertInto("attempt_items").values(items.map((it) => ({ ...it, attempt_id: copy.id }))).execute();
      const responses = await trx.selectFrom("attempt_responses").selectAll().where("attempt_id", "=", sourceId).execute();
      if (responses.length) await trx.insertInto("attempt_responses").values(responses.map((r) => ({ ...r, attempt_id: copy.id }))).execute();
    }
  });
}

export async function buildFixture(dir: string, size: FixtureSize, log: (line: string) => void): Promise<Fixture> {
  const file = path.join(dir, "bench.db");
  const db = openDatabase(file);
  const random = seededRandom(20261202);
  try {
    await migrateToLatest(db);
    const now = new Date();
    await importBundledBanks(db, path.resolve("question-banks"), now);
    const banks = (await listBanks(db)).map((b) => ({ slug: b.bank, version: b.version }));
    const bureau = await createOrg(db, { name: "基准林业局党委", kind: "party_committee", parentId: null, now });
    const branches: number[] = [];
    for (let i = 0; i < 25; i++) branches.push((await createOrg(db, { name: `基准第${i + 1}党支部`, kind: "branch", parentId: bureau.id, sortOrder: i, now })).id);

    const organizer = (await bulkUsers(db, [bureau.id], 1, "BENCH-B"))[0];
    await db.updateTable("users").set({ role: "organizer", scope_org_id: bureau.id }).where("id", "=", organizer.id).execute();
    const cadres = await bulkUsers(db, branches, size.cadres, "BENCH-");
    const orgIdOf = new Map(
      (await db.selectFrom("users").select(["id", "org_id"]).where("employee_no", "like", "BENCH-%").execute()).map((u) => [u.id, u.org_id]),
    );
    const cookies = new Map<number, string>();
    await db.transaction().execute(async (trx) => {
      for (const user of [organizer, ...cadres]) cookies.set(user.id, cookieOf(await createSession(trx, { userId: user.id, ip: "127.0.0.1", userAgent: "bench", now })));
    });
    log(`  ${cadres.length} 名干部及会话`);

    // The graded exam for the export: a few hundred real attempts, then copies up to the size.
    const gradedExamId = await createExam(db, { definition: examDefinition(banks, "基准已评分考试", now), ownerOrgId: bureau.id, createdBy: null, now });
    await publishExam(db, { examId: gradedExamId, actorId: null, ip: null, now });
    const realGraded = Math.min(size.graded, 300);
    const gradedCadres = cadres.slice(0, size.graded);
    const realIds: number[] = [];
    for (const user of gradedCadres.slice(0, realGraded)) {
      const started = await startAttempt(db, { examId: gradedExamId, userId: user.id, now, seed: Math.floor(random() * 2 ** 31) });
      if (started.kind === "blocked") throw new Error(started.reasons.join());
      const paper = await loadPaper(db, started.attemptId);
      await saveResponses(db, { attemptId: started.attemptId, userId: user.id, answers: answersFor(paper, random), seq: 1, now });
      await submitAttempt(db, { attemptId: started.attemptId, userId: user.id, now });
      realIds.push(started.attemptId);
    }
    await cloneGraded(db, { sourceIds: realIds, userIds: gradedCadres.slice(realGraded).map((u) => u.id), orgIdOf });
    await closeExam(db, { examId: gradedExamId, actorId: null, ip: null, now });
    log(`  已评分考试：${size.graded} 份答卷（${realGraded} 份经真实作答与评分）`);

    // The open exam: attempts started through the model and filled with a whole paper each.
    const examId = await createExam(db, { definition: examDefinition(banks, "基准季度考试", now), ownerOrgId: bureau.id, createdBy: null, now });
    await publishExam(db, { examId, actorId: null, ip: null, now });
    const open: Fixture["open"] = [];
    const submit: Fixture["submit"] = [];
    const takers = cadres.slice(0, size.open + size.submit);
    for (const [i, user] of takers.entries()) {
      const started = await startAttempt(db, { examId, userId: user.id, now, seed: Math.floor(random() * 2 ** 31) });
      if (started.kind === "blocked") throw new Error(started.reasons.join());
      const paper = await loadPaper(db, started.attemptId);
      const answers = answersFor(paper, random);
      await saveResponses(db, { attemptId: started.attemptId, userId: user.id, answers, seq: 1, now });
      if (i < size.open) open.push({ attemptId: started.attemptId, cookie: cookies.get(user.id)!, refs: answers.map((a) => a.ref), responses: answers.map((a) => a.response) });
      else submit.push({ attemptId: started.attemptId, cookie: cookies.get(user.id)! });
    }
    log(`  开放考试：${open.length} 份作答中的试卷（每份 60 题已作答），${submit.length} 份待交卷`);

    // Each round's start burst is a new exam, so starters may be cadres with attempts in the others:
    // the last ones (in the full run 1,000 of 12,000, some of them also submitters).
    const starters = cadres.slice(-size.startBurst).map((u) => ({ userId: u.id, cookie: cookies.get(u.id)! }));
    const logins = cadres.slice(-200).map((u) => u.employeeNo);
    return { file, examId, gradedExamId, organizerCookie: cookies.get(organizer.id)!, open, submit, starters, logins, ownerOrgId: bureau.id };
  } finally {
    await db.destroy();
  }
}

/** A new exam for one start burst (each cadre starts once per exam). */
export async function createStartExam(file: string, ownerOrgId: number, title: string): Promise<number> {
  const db = openDatabase(file);
  try {
    const banks = (await listBanks(db)).map((b) => ({ slug: b.bank, version: b.version }));
    const now = new Date();
    const examId = await createExam(db, { definition: examDefinition(banks, title, now), ownerOrgId, createdBy: null, now });
    await publishExam(db, { examId, actorId: null, ip: null, now });
    return examId;
  } finally {
    await db.destroy();
  }
}

export const randomToken = () => crypto.randomBytes(8).toString("hex");
