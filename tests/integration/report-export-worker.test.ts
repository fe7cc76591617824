/**
 * Issue 13, item 4: the exam report from attempt_items equals the old computation from the
 * frozen papers and stored grades, and an export through the worker protocol (both ends of
 * app/export-worker.server.ts over a real MessageChannel) gives the same file as in-process,
 * holds back when the reader does, and fails clearly (500 before the first byte, a cut-off
 * stream after it, a new worker for the next job).
 */
import { EventEmitter } from "node:events";
import { MessageChannel } from "node:worker_threads";

import ExcelJS from "exceljs";

import type { DB } from "../../db/client";
import type { User } from "../../db/schema";
import { displayedAnswer } from "~/domain/exams/option-order";
import { paperRefs, questionAt } from "~/domain/exams/question-ref";
import type { FrozenPaper, Response as Answer } from "~/domain/exams/types";
import { type CadreItems, itemAnalysis, observeAttempt, type QuestionInfo } from "~/domain/statistics/item-analysis";
import { outcomesByCadre } from "~/domain/statistics/outcomes";
import { CHUNK_BYTES, createReportExporter, QUEUE_BYTES, serveReportJobs, WINDOW, type WorkerLike } from "~/export-worker.server";
import { loadPaper } from "~/models/attempt-storage.server";
import { saveResponses, startAttempt, submitAttempt } from "~/models/attempts.server";
import { createExam, getExam, publishExam } from "~/models/exams.server";
import { saveManualGrade } from "~/models/grading.server";
import { attemptFact, loadExamReport } from "~/models/reports.server";
import { loader as examCsvLoader } from "~/routes/manage.exams.$examId_.report[.]csv";
import { loader as examXlsxLoader } from "~/routes/manage.exams.$examId_.report[.]xlsx";
import { StoredGradeDetailSchema } from "~/schemas/reports.server";
import { EXPORT_FAILED } from "~/utils/report-downloads.server";

import { uniqueSlug } from "../support/bank-fixtures";
import { examDefinition, generatedBank, importGeneratedBank } from "../support/exam-fixtures";
import { insertFinishedCadres, loaderArgs } from "../support/report-fixtures";
import { createTestDatabase, makeOrg, makeUser } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;
let examId: number;
let organizer: User;

/** A deterministic mix of right, wrong, partial and missing answers (displayed positions). */
function mixedAnswers(paper: FrozenPaper, n: number): Array<{ ref: string; response: Answer }> {
  return paperRefs(paper).flatMap((ref, i) => {
    const q = questionAt(paper, ref)!;
    const pick = (n * 7 + i * 3) % 5;
    if (pick === 4) return [];
    switch (q.answer.kind) {
      case "single":
        return [{ ref, response: { kind: "single", option: pick < 2 ? displayedAnswer(q)[0] : pick } as Answer }];
      case "multiple": {
        const right = displayedAnswer(q);
        const options = pick === 0 ? right : pick === 1 ? right.slice(0, 1) : [0, 1, 2, 3].slice(0, pick);
        return [{ ref, response: { kind: "multiple", options } as Answer }];
      }
      case "judge":
        return [{ ref, response: { kind: "judge", value: pick < 2 ? q.answer.value : !q.answer.value } as Answer }];
      case "fill":
        return [{ ref, response: { kind: "fill", blanks: q.answer.blanks.map((b) => (pick < 2 ? b[0] : "不知道")) } as Answer }];
      default:
        return [{ ref, response: { kind: "essay", text: `作答 ${n}` } as Answer }];
    }
  });
}

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
  const slug = uniqueSlug("items-bank");
  await importGeneratedBank(db, generatedBank(slug));
  const org = await makeOrg(db, `导出测试党支部-${slug}`);
  organizer = await makeUser(db, { orgId: org.id, role: "organizer", scopeOrgId: org.id });
  // The audience is taken at publishing: the cadres come first.
  const cadres: User[] = [];
  for (let n = 0; n < 24; n++) cadres.push(await makeUser(db, { orgId: org.id, name: `干部${n}` }));
  const base = examDefinition(slug);
  const draw = { kind: "draw" as const, banks: [{ slug, version: 1 }] };
  examId = await createExam(db, {
    definition: {
      ...base,
      title: "全题型导出考试",
      attemptsAllowed: 2,
      multiplePolicy: "partial_half",
      paper: { ...base.paper, sections: [...base.paper.sections, { title: "五、简答题", type: "essay", count: 1, points: 10, source: draw }] },
    },
    ownerOrgId: org.id,
    createdBy: organizer.id,
    now: new Date(),
  });
  const published = await publishExam(db, { examId, actorId: organizer.id, ip: null, now: new Date() });
  if (!published.ok) throw new Error(published.problems.join("; "));
  for (let n = 0; n < 24; n++) {
    const cadre = cadres[n];
    if (n === 23) continue; // never starts
    for (let attempt = 0; attempt < (n % 4 === 0 ? 2 : 1); attempt++) {
      const started = await startAttempt(db, { examId, userId: cadre.id, now: new Date(), seed: 1000 + n * 10 + attempt });
      if (started.kind === "blocked") throw new Error(started.reasons.join("; "));
      const paper = await loadPaper(db, started.attemptId);
      await saveResponses(db, { attemptId: started.attemptId, userId: cadre.id, answers: mixedAnswers(paper, n + attempt), seq: 1, now: new Date() });
      await submitAttempt(db, { attemptId: started.attemptId, userId: cadre.id, now: new Date() });
      // Every essay graded but one cadre's (pending: not counted).
      if (n === 22) continue;
      const essayRef = paperRefs(paper).find((ref) => questionAt(paper, ref)!.type === "essay")!;
      await saveManualGrade(db, { examId, attemptId: started.attemptId, ref: essayRef, points: (n * 3) % 11, comment: null, reason: null, actorId: organizer.id, ip: null, now: new Date() });
    }
  }
});
afterAll(() => cleanup());

/** Item analysis as reports computed it before attempt_items: every counted paper parsed, with its stored grade and responses. */
async function itemsFromPapers() {
  const members = await db.selectFrom("exam_audience").select("user_id").where("exam_id", "=", examId).orderBy("user_id").execute();
  const attempts = await db.selectFrom("attempts").selectAll().where("exam_id", "=", examId).orderBy("id").execute();
  const outcomes = outcomesByCadre(members.map((m) => m.user_id), attempts.map(attemptFact));
  const cadres: CadreItems[] = [];
  for (const outcome of outcomes.values()) {
    if (outcome.state !== "final") continue;
    const row = attempts.find((a) => a.id === outcome.best.id)!;
    const responses: Record<string, Answer> = {};
    for (const r of await db.selectFrom("attempt_responses").selectAll().where("attempt_id", "=", row.id).execute()) responses[r.question_ref] = JSON.parse(r.response) as Answer;
    const grades = StoredGradeDetailSchema.parse(JSON.parse(row.grade_detail!)).perQuestion;
    cadres.push({ total: row.score ?? 0, items: observeAttempt(await loadPaper(db, row.id), grades, responses) });
  }
  const rowIds = [...new Set(cadres.flatMap((c) => c.items.map((i) => i.rowId)))];
  const info = new Map<number, QuestionInfo>();
  for (const r of await db.selectFrom("bank_questions").select(["id", "tags", "position"]).where("id", "in", rowIds).execute()) info.set(r.id, { tags: JSON.parse(r.tags) as string[], position: r.position });
  return itemAnalysis(cadres, info);
}

describe("item analysis from attempt_items", () => {
  test("equals the computation from the papers, for every question type", async () => {
    const report = await loadExamReport(db, (await getExam(db, examId))!, new Date());
    const old = await itemsFromPapers();
    expect(new Set(report.items.map((i) => i.type))).toEqual(new Set(["single", "multiple", "judge", "fill", "essay"]));
    // Not a trivial fixture: partial credit, spread of options and discrimination.
    expect(report.items.some((i) => i.scoreRate !== i.facility)).toBe(true);
    expect(report.items.some((i) => i.discrimination !== null && i.discrimination !== 0)).toBe(true);
    expect(report.items).toEqual(old);
  });

  test("without items (成绩明细.csv) the rest of the report is the same", async () => {
    const exam = (await getExam(db, examId))!;
    const full = await loadExamReport(db, exam, new Date());
    const lean = await loadExamReport(db, exam, new Date(), null, { items: false, finalize: false });
    expect(lean.items).toEqual([]);
    expect({ ...lean, items: full.items }).toEqual(full);
  });
});

/** A "worker" on a MessageChannel running the real worker end against `open`; terminate() emits exit like a thread would. */
function channelWorker(open: () => DB, onChunk?: (count: number, worker: WorkerLike) => void): WorkerLike {
  const { port1, port2 } = new MessageChannel();
  serveReportJobs(port1, open);
  const events = new EventEmitter();
  let chunks = 0;
  let exited = false;
  const worker: WorkerLike = {
    postMessage: (message, transfer) => port2.postMessage(message, transfer),
    on(event: string, listener: (value: unknown) => void) {
      if (event === "message") {
        port2.on("message", (message: { kind: string }) => {
          if (exited) return;
          listener(message);
          if (message.kind === "chunk") onChunk?.(++chunks, worker);
        });
      } else events.on(event, listener);
      return worker;
    },
    terminate: async () => {
      exited = true;
      port1.close();
      port2.close();
      events.emit("exit", 1);
      return 1;
    },
  } as WorkerLike;
  return worker;
}

const argsFor = async (format: "csv" | "xlsx", exportReport?: ReturnType<typeof createReportExporter>) => {
  const args = await loaderArgs(db, { userId: organizer.id, url: `/manage/exams/${examId}/report.${format}`, params: { examId: String(examId) } });
  return exportReport ? { ...args, context: { ...args.context, exportReport } } : args;
};

async function sheets(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[] = [];
    sheet.eachRow((row) => rows.push(row.values));
    return { name: sheet.name, rows };
  });
}

describe("exports through the worker protocol", () => {
  test("the same .xlsx and CSV as in-process, audited with the same counts", async () => {
    const exportReport = createReportExporter(() => channelWorker(() => db));
    const inProcess = await (await examXlsxLoader(await argsFor("xlsx"))).arrayBuffer();
    const viaWorker = (await examXlsxLoader(await argsFor("xlsx", exportReport))) as Response;
    expect(viaWorker.status).toBe(200);
    expect(await sheets(Buffer.from(await viaWorker.arrayBuffer()))).toEqual(await sheets(Buffer.from(inProcess)));
    const csvIn = Buffer.from(await (await examCsvLoader(await argsFor("csv"))).arrayBuffer());
    const csvWorker = Buffer.from(await ((await examCsvLoader(await argsFor("csv", exportReport))) as Response).arrayBuffer());
    expect(csvWorker.equals(csvIn)).toBe(true);
    const audits = await db.selectFrom("audit_log").select("detail").where("action", "=", "report.export").where("target", "=", `exam:${examId}`).orderBy("id").execute();
    const details = audits.slice(-4).map((a) => JSON.parse(a.detail!) as { rows: number; absentees: number });
    expect(new Set(details.map((d) => `${d.rows}/${d.absentees}`)).size).toBe(1);
  });

  test("a reader that does not read holds the worker back; reading on gives the whole file", { timeout: 120_000 }, async () => {
    const template = await db.selectFrom("attempts").selectAll().where("exam_id", "=", examId).where("status", "!=", "in_progress").where("pending_manual", "=", 0).executeTakeFirstOrThrow();
    const org = await db.selectFrom("users").select("org_id").where("id", "=", template.user_id).executeTakeFirstOrThrow();
    await insertFinishedCadres(db, { examId, orgId: org.org_id, count: 6_000, template, passMark: 60, prefix: `FLOW${examId}-` });
    let received = 0;
    const exportReport = createReportExporter(() => channelWorker(() => db, (count) => (received = count)));
    const response = (await examCsvLoader(await argsFor("csv", exportReport))) as Response;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Acknowledged while the queue has room, then WINDOW more in flight at most.
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThanOrEqual(QUEUE_BYTES / CHUNK_BYTES + WINDOW);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.byteLength).toBeGreaterThan((QUEUE_BYTES / CHUNK_BYTES + WINDOW) * CHUNK_BYTES);
    expect(bytes.equals(Buffer.from(await (await examCsvLoader(await argsFor("csv"))).arrayBuffer()))).toBe(true);
  });

  test("a failure before the first byte is a 500 with a Chinese message, and nothing is audited", async () => {
    const before = await db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).where("action", "=", "report.export").executeTakeFirstOrThrow();
    const exportReport = createReportExporter(() =>
      channelWorker(() => {
        throw new Error("database file is gone");
      }),
    );
    const response = (await examXlsxLoader(await argsFor("xlsx", exportReport))) as Response;
    expect(response.status).toBe(500);
    expect(await response.text()).toBe(EXPORT_FAILED);
    const after = await db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).where("action", "=", "report.export").executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  test("a worker dying mid-stream cuts the download off; the next export gets a new worker", { timeout: 60_000 }, async () => {
    let spawned = 0;
    const exportReport = createReportExporter(() => {
      spawned++;
      // The first worker dies after its first chunk.
      return channelWorker(() => db, spawned === 1 ? (_count, worker) => void worker.terminate() : undefined);
    });
    const cut = (await examCsvLoader(await argsFor("csv", exportReport))) as Response;
    await expect(cut.arrayBuffer()).rejects.toThrow(/导出进程意外退出/);
    const next = (await examCsvLoader(await argsFor("csv", exportReport))) as Response;
    expect(next.status).toBe(200);
    expect(Buffer.from(await next.arrayBuffer()).equals(Buffer.from(await (await examCsvLoader(await argsFor("csv"))).arrayBuffer()))).toBe(true);
    expect(spawned).toBe(2);
  });

  test("kept ready: a worker starts with the exporter, and one that idled out is replaced at once", { timeout: 60_000 }, async () => {
    const workers: Array<{ terminated: boolean }> = [];
    const spawn = () => {
      const worker = channelWorker(() => db);
      const record = { terminated: false };
      const terminate = worker.terminate;
      worker.terminate = () => ((record.terminated = true), terminate());
      workers.push(record);
      return worker;
    };
    const lazyExporter = createReportExporter(spawn, { idleMs: 50 });
    expect(workers).toHaveLength(0);
    void lazyExporter;

    const exportReport = createReportExporter(spawn, { ready: true, idleMs: 50 });
    expect(workers).toHaveLength(1);
    const csv = async () => Buffer.from(await ((await examCsvLoader(await argsFor("csv", exportReport))) as Response).arrayBuffer());
    const expected = Buffer.from(await (await examCsvLoader(await argsFor("csv"))).arrayBuffer());
    expect((await csv()).equals(expected)).toBe(true);
    expect(workers).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The used worker is gone; a fresh one waits, and serves the next export.
    expect(workers.map((w) => w.terminated)).toEqual([true, false]);
    expect((await csv()).equals(expected)).toBe(true);
    expect(workers).toHaveLength(2);
  });
});
