import type { DB } from "../../db/client";
import { getOwnAttempt, startAttempt, submitAttempt } from "~/models/attempts.server";
import { grantExtraTime, grantMakeup } from "~/models/exam-adjustments.server";
import {
  closeExamInScope,
  copyExamToNextQuarter,
  listExamsInScope,
  publishExamInScope,
  saveDraftExam,
} from "~/models/exam-management.server";
import { createExam, getExam, getExamInScope, publishExam } from "~/models/exams.server";
import { scopeForOrg } from "~/models/orgs.server";
import { action as detailAction, loader as detailLoader } from "~/routes/manage.exams.$examId._index";
import { action as editAction, loader as editLoader } from "~/routes/manage.exams.$examId.edit";
import { loader as listLoader } from "~/routes/manage.exams._index";
import { action as availabilityAction } from "~/routes/manage.exams.availability";
import { action as newAction } from "~/routes/manage.exams.new";
import type { ExamDefinition } from "~/schemas/exams.server";

import { uniqueSlug } from "../support/bank-fixtures";
import { examDefinition, generatedBank, importGeneratedBank } from "../support/exam-fixtures";
import { callRoute, sessionCookieFor } from "../support/route-calls";
import { createTestDatabase, makeOrg, makeUser } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;
let slug: string;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
  slug = uniqueSlug("mgmt-bank");
  // 12 questions of each objective type, 2 essays.
  await importGeneratedBank(db, generatedBank(slug));
});
afterAll(() => cleanup());

/** A bureau with two sibling branches, an organizer and a cadre in each. */
async function arrangeBureau() {
  const tag = uniqueSlug("org");
  const root = await makeOrg(db, `局党委-${tag}`, null, "party_committee");
  const east = await makeOrg(db, `东林党支部-${tag}`, root.id);
  const west = await makeOrg(db, `西林党支部-${tag}`, root.id);
  const eastOrganizer = await makeUser(db, { orgId: east.id, role: "organizer", scopeOrgId: east.id });
  const westOrganizer = await makeUser(db, { orgId: west.id, role: "organizer", scopeOrgId: west.id });
  const eastCadre = await makeUser(db, { orgId: east.id, name: "东林干部" });
  const westCadre = await makeUser(db, { orgId: west.id, name: "西林干部" });
  return { root, east, west, eastOrganizer, westOrganizer, eastCadre, westCadre };
}

async function examIn(orgId: number, options: { publish?: boolean; overrides?: Partial<ExamDefinition> } = {}) {
  const examId = await createExam(db, { definition: examDefinition(slug, options.overrides), ownerOrgId: orgId, createdBy: null, now: new Date() });
  if (options.publish) {
    const result = await publishExam(db, { examId, actorId: null, ip: null, now: new Date() });
    if (!result.ok) throw new Error(result.problems.join("; "));
  }
  return examId;
}

async function auditOf(action: string, actorId: number) {
  return db.selectFrom("audit_log").selectAll().where("action", "=", action).where("actor_id", "=", actorId).orderBy("id").execute();
}

/** The editor's fields for a small, valid exam: one single-choice section from the test bank. */
function editorFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    kind: "quarterly",
    title: "2026年第四季度测试考试",
    description: "",
    period: "2026-Q4",
    opensAt: "2026-10-01T00:00",
    closesAt: "2027-01-01T00:00",
    durationMinutes: "60",
    passMark: "60",
    attemptsAllowed: "1",
    reviewPolicy: "after_submit",
    multiplePolicy: "partial_half",
    shuffleQuestions: "on",
    graceSeconds: "30",
    ownerOrgId: "",
    "sections[0].title": "一、单选题",
    "sections[0].type": "single",
    "sections[0].count": "10",
    "sections[0].points": "10",
    "sections[0].source": "draw",
    [`sections[0].bank.${slug}`]: "1",
    "sections[0].minScore": "",
    "sections[0].fixed": "",
    ...overrides,
  };
}

describe("an organizer of one branch and an exam of the sibling branch", () => {
  test("the models return nothing: not listed, not opened, not edited, published, closed, copied or extended", async () => {
    const { east, west, eastOrganizer, westCadre } = await arrangeBureau();
    const eastScope = await scopeForOrg(db, east.id);
    const eastExam = await examIn(east.id);
    const westDraft = await examIn(west.id);
    const westLive = await examIn(west.id, { publish: true });
    const actor = { actorId: eastOrganizer.id, ip: "127.0.0.1", now: new Date() };

    const listed = (await listExamsInScope(db, eastScope, {}, new Date())).map((e) => e.id);
    expect(listed).toContain(eastExam);
    expect(listed).not.toContain(westDraft);
    expect(listed).not.toContain(westLive);
    expect(await getExamInScope(db, eastScope, westDraft)).toBeUndefined();

    const definition = examDefinition(slug, { title: "越界修改" });
    expect(await saveDraftExam(db, eastScope, { ...actor, examId: westDraft, definition, ownerOrgId: east.id })).toEqual({ kind: "not_found" });
    expect(await publishExamInScope(db, eastScope, { ...actor, examId: westDraft })).toEqual({ kind: "not_found" });
    expect(await closeExamInScope(db, eastScope, { ...actor, examId: westLive })).toEqual({ kind: "not_found" });
    expect(await copyExamToNextQuarter(db, eastScope, { ...actor, examId: westLive, timeZone: "Asia/Shanghai" })).toEqual({ kind: "not_found" });
    const cadre = { employeeNo: westCadre.employee_no, reason: "越界", ...actor, examId: westLive };
    expect(await grantExtraTime(db, eastScope, { ...cadre, minutes: 10 })).toEqual({ kind: "not_found" });
    expect(await grantMakeup(db, eastScope, cadre)).toEqual({ kind: "not_found" });

    expect(await getExam(db, westDraft)).toMatchObject({ status: "draft", title: "测试季度考试" });
    expect(await getExam(db, westLive)).toMatchObject({ status: "published" });
    const assignment = await db.selectFrom("exam_audience").selectAll().where("exam_id", "=", westLive).where("user_id", "=", westCadre.id).executeTakeFirstOrThrow();
    expect(assignment).toMatchObject({ extra_minutes: 0, extra_attempts: 0, note: null });
  });

  test("the pages answer 404 and log access.denied for every way in", async () => {
    const { east, west, eastOrganizer, westCadre } = await arrangeBureau();
    const westDraft = await examIn(west.id);
    const westLive = await examIn(west.id, { publish: true });
    const eastExam = await examIn(east.id);
    const cookie = await sessionCookieFor(db, eastOrganizer.id);
    const call = (handler: Parameters<typeof callRoute>[0], id: number, path: string, form?: Record<string, string>) =>
      callRoute(handler, { db, cookie, path, params: { examId: String(id) }, form });

    const list = await callRoute(listLoader, { db, cookie, path: "/manage/exams" });
    const ids = (list.data as { exams: Array<{ id: number }> }).exams.map((e) => e.id);
    expect(ids).toContain(eastExam);
    expect(ids).not.toContain(westDraft);
    expect(ids).not.toContain(westLive);

    const attempts = [
      await call(detailLoader, westDraft, `/manage/exams/${westDraft}`),
      await call(editLoader, westDraft, `/manage/exams/${westDraft}/edit`),
      await call(editAction, westDraft, `/manage/exams/${westDraft}/edit`, editorFields({ intent: "save", title: "越界修改" })),
      await call(detailAction, westDraft, `/manage/exams/${westDraft}`, { intent: "publish" }),
      await call(detailAction, westLive, `/manage/exams/${westLive}`, { intent: "close", confirm: "yes" }),
      await call(detailAction, westLive, `/manage/exams/${westLive}`, { intent: "copy" }),
      await call(detailAction, westLive, `/manage/exams/${westLive}`, { intent: "extend", employeeNo: westCadre.employee_no, minutes: "10", reason: "越界" }),
      await call(detailAction, westLive, `/manage/exams/${westLive}`, { intent: "makeup", employeeNo: westCadre.employee_no, reason: "越界" }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
    const denied = await auditOf("access.denied", eastOrganizer.id);
    expect(denied).toHaveLength(attempts.length);
    expect(denied.map((d) => d.target)).toContain(`/manage/exams/${westLive}`);
    expect(denied.every((d) => d.ip === "127.0.0.1")).toBe(true);

    expect(await getExam(db, westDraft)).toMatchObject({ status: "draft", title: "测试季度考试" });
    expect(await getExam(db, westLive)).toMatchObject({ status: "published" });
    expect(await db.selectFrom("exams").select("id").where("owner_org_id", "=", west.id).execute()).toHaveLength(2);
  });

  test("a new exam belongs to the organizer's own branch whatever the form says, and a sibling's org in the audience is refused", async () => {
    const { east, west, eastOrganizer } = await arrangeBureau();
    const cookie = await sessionCookieFor(db, eastOrganizer.id);
    const tampered = await callRoute(newAction, { db, cookie, path: "/manage/exams/new", form: editorFields({ intent: "save", ownerOrgId: String(west.id), "audience.orgIds": String(west.id) }) });
    expect(tampered.status).toBe(400);
    expect((tampered.data as { view: { errors: Record<string, string> } }).view.errors.audience).toBe("所选组织不在本考试所属组织的范围内");
    expect(await db.selectFrom("exams").select("id").where("owner_org_id", "=", west.id).execute()).toEqual([]);

    const created = await callRoute(newAction, { db, cookie, path: "/manage/exams/new", form: editorFields({ intent: "save", ownerOrgId: String(west.id), "audience.orgIds": String(east.id) }) });
    expect(created.status).toBe(302);
    const exam = await db.selectFrom("exams").selectAll().where("created_by", "=", eastOrganizer.id).executeTakeFirstOrThrow();
    expect(exam).toMatchObject({ owner_org_id: east.id, status: "draft", opens_at: "2026-09-30T16:00:00.000Z", closes_at: "2026-12-31T16:00:00.000Z" });
    expect((await auditOf("exam.create", eastOrganizer.id)).map((a) => a.target)).toEqual([`exam:${exam.id}`]);
  });
});

describe("an administrator", () => {
  test("picks the owner org, and publishing materializes the audience within it", async () => {
    const { east, west, westCadre, westOrganizer } = await arrangeBureau();
    const admin = await makeUser(db, { orgId: east.id, role: "admin" });
    const cookie = await sessionCookieFor(db, admin.id);
    const created = await callRoute(newAction, { db, cookie, path: "/manage/exams/new", form: editorFields({ intent: "save", ownerOrgId: String(west.id) }) });
    expect(created.status).toBe(302);
    const exam = await db.selectFrom("exams").selectAll().where("created_by", "=", admin.id).executeTakeFirstOrThrow();
    expect(exam.owner_org_id).toBe(west.id);

    const publish = (form: Record<string, string>) => callRoute(detailAction, { db, cookie, path: `/manage/exams/${exam.id}`, params: { examId: String(exam.id) }, form });
    // 发布 asks once: without the confirmation nothing happens.
    expect(await publish({ intent: "publish" })).toMatchObject({ status: 400, data: { message: "请确认发布" } });
    expect(await getExam(db, exam.id)).toMatchObject({ status: "draft" });
    const published = await publish({ intent: "publish", confirm: "yes" });
    expect(published.status).toBe(302);
    const audience = await db.selectFrom("exam_audience").select("user_id").where("exam_id", "=", exam.id).execute();
    expect(audience.map((a) => a.user_id).sort()).toEqual([westCadre.id, westOrganizer.id].sort());
    expect((await auditOf("exam.publish", admin.id)).map((a) => a.target)).toEqual([`exam:${exam.id}`]);

    // Closing early needs the confirmation step.
    const close = (form: Record<string, string>) => callRoute(detailAction, { db, cookie, path: `/manage/exams/${exam.id}`, params: { examId: String(exam.id) }, form });
    expect(await close({ intent: "close" })).toMatchObject({ status: 400, data: { message: "请确认提前结束考试" } });
    expect(await getExam(db, exam.id)).toMatchObject({ status: "published" });
    expect((await close({ intent: "close", confirm: "yes" })).status).toBe(302);
    expect(await getExam(db, exam.id)).toMatchObject({ status: "closed" });
    expect((await auditOf("exam.close", admin.id)).map((a) => a.target)).toEqual([`exam:${exam.id}`]);
  });
});

describe("publishing", () => {
  test("a section that cannot be filled is refused, saying which section and how many are available", async () => {
    const { east, eastOrganizer } = await arrangeBureau();
    const scope = await scopeForOrg(db, east.id);
    const draw = { kind: "draw" as const, banks: [{ slug, version: 1 }] };
    const examId = await examIn(east.id, {
      overrides: {
        paper: {
          shuffleQuestions: true,
          shuffleOptions: true,
          sections: [
            { title: "一、单选题", type: "single", count: 5, points: 10, source: draw },
            { title: "二、判断题", type: "judge", count: 20, points: 2.5, source: draw },
          ],
        },
      },
    });
    const result = await publishExamInScope(db, scope, { actorId: eastOrganizer.id, ip: null, now: new Date() , examId });
    expect(result).toMatchObject({ kind: "refused", audienceEmpty: false, sections: [{ section: 1, needed: 20, available: 12 }] });
    if (result.kind !== "refused") return;
    expect(result.problems).toEqual(["第2部分“判断题”需要 20 题，符合条件的只有 12 题"]);
    expect(await getExam(db, examId)).toMatchObject({ status: "draft", published_at: null });
    expect(await db.selectFrom("exam_audience").select("user_id").where("exam_id", "=", examId).execute()).toEqual([]);
    expect(await auditOf("exam.publish", eastOrganizer.id)).toEqual([]);

    // Through the editor: the problem comes back next to the section it belongs to.
    const cookie = await sessionCookieFor(db, eastOrganizer.id);
    const posted = await callRoute(editAction, {
      db,
      cookie,
      path: `/manage/exams/${examId}/edit`,
      params: { examId: String(examId) },
      form: editorFields({ intent: "publish", passMark: "50", "sections[0].title": "一、判断题", "sections[0].type": "judge", "sections[0].count": "13", "sections[0].points": "5" }),
    });
    expect(posted.status).toBe(422);
    const view = (posted.data as { view: { sectionProblems: Array<{ section: number; message: string }>; preview: { sections: Array<{ available: number }> } } }).view;
    expect(view.sectionProblems).toEqual([{ section: 0, message: "第1部分“判断题”需要 13 题，符合条件的只有 12 题" }]);
    expect(view.preview.sections[0].available).toBe(12);
    expect(await getExam(db, examId)).toMatchObject({ status: "draft" });

    const fixed = await callRoute(editAction, {
      db,
      cookie,
      path: `/manage/exams/${examId}/edit`,
      params: { examId: String(examId) },
      form: editorFields({ intent: "publish", passMark: "50", "sections[0].type": "judge", "sections[0].count": "12", "sections[0].points": "5" }),
    });
    // Saved, then sent to the exam's page to confirm with the count.
    expect(fixed).toMatchObject({ status: 302 });
    expect(await getExam(db, examId)).toMatchObject({ status: "draft" });
    const confirmed = await callRoute(detailAction, { db, cookie, path: `/manage/exams/${examId}`, params: { examId: String(examId) }, form: { intent: "publish", confirm: "yes" } });
    expect(confirmed.status).toBe(302);
    expect(await getExam(db, examId)).toMatchObject({ status: "published" });
    expect((await auditOf("exam.publish", eastOrganizer.id)).map((a) => a.target)).toEqual([`exam:${examId}`]);
    expect((await auditOf("exam.update", eastOrganizer.id)).length).toBe(2);
  });

  test("the live counts answer for a half-filled form and change nothing", async () => {
    const { east, eastOrganizer } = await arrangeBureau();
    const cookie = await sessionCookieFor(db, eastOrganizer.id);
    const before = await db.selectFrom("exams").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const answer = await callRoute(availabilityAction, {
      db,
      cookie,
      path: "/manage/exams/availability",
      form: editorFields({ revision: "r1", title: "", "sections[0].count": "", "sections[1].type": "multiple", "sections[1].count": "4", "sections[1].points": "5", [`sections[1].bank.${slug}`]: "1", "audience.orgIds": String(east.id) }),
    });
    expect(answer.status).toBe(200);
    expect(answer.data).toMatchObject({ revision: "r1", preview: { sections: [{ available: 12 }, { available: 12 }], questions: 4, totalScore: 20, audienceCount: 2 } });
    const after = await db.selectFrom("exams").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe("copying into the next quarter", () => {
  test("gives a draft with the next period and window, the same paper and audience, and is audited", async () => {
    const { east, eastOrganizer } = await arrangeBureau();
    const audience = { orgIds: [east.id], ranks: [], leadersOnly: false, partyMembersOnly: true, userIds: [] };
    const examId = await examIn(east.id, { publish: true, overrides: { title: "2026年第四季度党纪法规考试", period: "2026-Q4", audience } });
    const cookie = await sessionCookieFor(db, eastOrganizer.id);
    const copied = await callRoute(detailAction, { db, cookie, path: `/manage/exams/${examId}`, params: { examId: String(examId) }, form: { intent: "copy" } });
    expect(copied.status).toBe(302);
    const original = (await getExam(db, examId))!;
    const copy = await db.selectFrom("exams").selectAll().where("id", ">", examId).where("owner_org_id", "=", east.id).executeTakeFirstOrThrow();
    expect(copy).toMatchObject({
      status: "draft",
      title: "2027年第一季度党纪法规考试",
      period: "2027-Q1",
      opens_at: "2026-12-31T16:00:00.000Z",
      closes_at: "2027-03-31T16:00:00.000Z",
      duration_minutes: original.duration_minutes,
      created_by: eastOrganizer.id,
    });
    expect(JSON.parse(copy.paper_spec)).toEqual(JSON.parse(original.paper_spec));
    expect(JSON.parse(copy.audience)).toEqual(audience);
    const [entry] = await auditOf("exam.copy", eastOrganizer.id);
    expect(entry.target).toBe(`exam:${copy.id}`);
    expect(JSON.parse(entry.detail!)).toMatchObject({ from: examId, period: "2027-Q1" });
  });
});

describe("extra time and makeup for one cadre", () => {
  async function openExamWithAttempt(attemptsAllowed = 1) {
    const bureau = await arrangeBureau();
    const examId = await examIn(bureau.east.id, { publish: true, overrides: { attemptsAllowed } });
    const startedAt = new Date(Date.now() - 5 * 60_000);
    const started = await startAttempt(db, { examId, userId: bureau.eastCadre.id, now: startedAt, seed: 3 });
    if (started.kind === "blocked") throw new Error(started.reasons.join(";"));
    return { ...bureau, examId, startedAt, attemptId: started.attemptId, scope: await scopeForOrg(db, bureau.east.id) };
  }

  test("without a reason it is refused and changes nothing; with one it moves the open attempt's deadline and is audited with the reason", async () => {
    const { examId, startedAt, attemptId, eastCadre, eastOrganizer, scope } = await openExamWithAttempt();
    const deadlineBefore = (await getOwnAttempt(db, { attemptId, userId: eastCadre.id }))!.deadline_at;
    expect(deadlineBefore).toBe(new Date(startedAt.getTime() + 60 * 60_000).toISOString());
    const base = { examId, employeeNo: eastCadre.employee_no, minutes: 15, actorId: eastOrganizer.id, ip: "127.0.0.1", now: new Date() };

    expect(await grantExtraTime(db, scope, { ...base, reason: "   " })).toEqual({ kind: "refused", field: "reason", message: "请填写原因（将记入审计日志）" });
    const cookie = await sessionCookieFor(db, eastOrganizer.id);
    const viaPage = await callRoute(detailAction, { db, cookie, path: `/manage/exams/${examId}`, params: { examId: String(examId) }, form: { intent: "extend", employeeNo: eastCadre.employee_no, minutes: "15", reason: "" } });
    expect(viaPage.status).toBe(400);
    expect(viaPage.data).toMatchObject({ fieldErrors: { reason: "请填写原因（将记入审计日志）" } });
    expect((await getOwnAttempt(db, { attemptId, userId: eastCadre.id }))!.deadline_at).toBe(deadlineBefore);
    expect(await db.selectFrom("exam_audience").select(["extra_minutes", "note"]).where("exam_id", "=", examId).where("user_id", "=", eastCadre.id).executeTakeFirst()).toEqual({ extra_minutes: 0, note: null });
    expect(await auditOf("exam.extend", eastOrganizer.id)).toEqual([]);

    const granted = await callRoute(detailAction, { db, cookie, path: `/manage/exams/${examId}`, params: { examId: String(examId) }, form: { intent: "extend", employeeNo: eastCadre.employee_no.toLowerCase(), minutes: "15", reason: "林场停电 20 分钟" } });
    expect(granted.status).toBe(200);
    expect(granted.data).toMatchObject({ done: true });
    expect((await getOwnAttempt(db, { attemptId, userId: eastCadre.id }))!.deadline_at).toBe(new Date(startedAt.getTime() + 75 * 60_000).toISOString());
    expect(await db.selectFrom("exam_audience").select(["extra_minutes", "note"]).where("exam_id", "=", examId).where("user_id", "=", eastCadre.id).executeTakeFirst()).toEqual({ extra_minutes: 15, note: "林场停电 20 分钟" });
    const [entry] = await auditOf("exam.extend", eastOrganizer.id);
    expect(entry.target).toBe(`exam:${examId}`);
    expect(JSON.parse(entry.detail!)).toMatchObject({ employeeNo: eastCadre.employee_no, minutes: 15, totalMinutes: 15, reason: "林场停电 20 分钟", attemptId });

    // A second extension adds up; the deadline is recomputed from the start, not pushed twice.
    await grantExtraTime(db, scope, { ...base, minutes: 5, reason: "再次断网" });
    expect((await getOwnAttempt(db, { attemptId, userId: eastCadre.id }))!.deadline_at).toBe(new Date(startedAt.getTime() + 80 * 60_000).toISOString());
  });

  test("a makeup lets a cadre who used the only attempt start another", async () => {
    const { examId, attemptId, eastCadre, westCadre, eastOrganizer, scope } = await openExamWithAttempt(1);
    await submitAttempt(db, { attemptId, userId: eastCadre.id, now: new Date() });
    const blocked = await startAttempt(db, { examId, userId: eastCadre.id, now: new Date(), seed: 4 });
    expect(blocked).toEqual({ kind: "blocked", reasons: ["作答次数已用完（共 1 次）"] });

    const base = { examId, actorId: eastOrganizer.id, ip: "127.0.0.1", now: new Date() };
    expect(await grantMakeup(db, scope, { ...base, employeeNo: eastCadre.employee_no, reason: "" })).toMatchObject({ kind: "refused", field: "reason" });
    expect(await grantMakeup(db, scope, { ...base, employeeNo: westCadre.employee_no, reason: "补考" })).toMatchObject({ kind: "refused", field: "employeeNo" });

    const cookie = await sessionCookieFor(db, eastOrganizer.id);
    const granted = await callRoute(detailAction, { db, cookie, path: `/manage/exams/${examId}`, params: { examId: String(examId) }, form: { intent: "makeup", employeeNo: eastCadre.employee_no, reason: "首次考试不及格，按规定补考一次" } });
    expect(granted).toMatchObject({ status: 200, data: { done: true } });
    expect(await db.selectFrom("exam_audience").select(["extra_attempts", "note"]).where("exam_id", "=", examId).where("user_id", "=", eastCadre.id).executeTakeFirst()).toEqual({ extra_attempts: 1, note: "首次考试不及格，按规定补考一次" });
    const again = await startAttempt(db, { examId, userId: eastCadre.id, now: new Date(), seed: 5 });
    expect(again.kind).toBe("started");
    const [entry] = await auditOf("exam.makeup", eastOrganizer.id);
    expect(JSON.parse(entry.detail!)).toMatchObject({ employeeNo: eastCadre.employee_no, attemptsAllowed: 2, reason: "首次考试不及格，按规定补考一次" });
  });
});

describe("ending a stuck attempt", () => {
  test("needs a reason; with one the open attempt is graded with what was saved and the reason is audited", async () => {
    const bureau = await arrangeBureau();
    const examId = await examIn(bureau.east.id, { publish: true });
    const { eastCadre, eastOrganizer } = bureau;
    const started = await startAttempt(db, { examId, userId: eastCadre.id, now: new Date(), seed: 6 });
    if (started.kind === "blocked") throw new Error(started.reasons.join(";"));
    const cookie = await sessionCookieFor(db, eastOrganizer.id);
    const post = (reason: string) =>
      callRoute(detailAction, { db, cookie, path: `/manage/exams/${examId}`, params: { examId: String(examId) }, form: { intent: "end-attempt", employeeNo: eastCadre.employee_no, reason } });

    expect(await post("")).toMatchObject({ status: 400, data: { fieldErrors: { reason: "请填写原因（将记入审计日志）" } } });
    expect((await getOwnAttempt(db, { attemptId: started.attemptId, userId: eastCadre.id }))!.status).toBe("in_progress");

    expect(await post("手机丢失，无法继续作答")).toMatchObject({ status: 200, data: { done: true } });
    const ended = (await getOwnAttempt(db, { attemptId: started.attemptId, userId: eastCadre.id }))!;
    expect(ended).toMatchObject({ status: "submitted", score: 0 });
    const [entry] = await auditOf("attempt.close", eastOrganizer.id);
    expect(entry.target).toBe(`attempt:${started.attemptId}`);
    expect(JSON.parse(entry.detail!)).toMatchObject({ employeeNo: eastCadre.employee_no, reason: "手机丢失，无法继续作答" });

    // Nothing left open: a second request says so and changes nothing.
    expect(await post("再次结束")).toMatchObject({ status: 400, data: { fieldErrors: { employeeNo: expect.stringContaining("没有正在作答的试卷") } } });
  });
});

describe("the list", () => {
  test("shows each exam's state: 草稿, 已发布 (not yet open), 进行中, 已结束 (past or closed early), and filters by it", async () => {
    const { east, eastOrganizer } = await arrangeBureau();
    const scope = await scopeForOrg(db, east.id);
    const day = 24 * 3600_000;
    const draft = await examIn(east.id);
    const coming = await examIn(east.id, { publish: true, overrides: { opensAt: new Date(Date.now() + day), closesAt: new Date(Date.now() + 2 * day) } });
    const running = await examIn(east.id, { publish: true });
    const past = await examIn(east.id, { publish: true, overrides: { opensAt: new Date(Date.now() - 2 * day), closesAt: new Date(Date.now() - day) } });
    const closed = await examIn(east.id, { publish: true });
    expect(await closeExamInScope(db, scope, { examId: closed, actorId: eastOrganizer.id, ip: null, now: new Date() })).toEqual({ kind: "done" });

    const cookie = await sessionCookieFor(db, eastOrganizer.id);
    const shown = async (query = "") => {
      const list = await callRoute(listLoader, { db, cookie, path: `/manage/exams${query}` });
      return Object.fromEntries((list.data as { exams: Array<{ id: number; phaseLabel: string }> }).exams.map((e) => [e.id, e.phaseLabel]));
    };
    expect(await shown()).toEqual({ [draft]: "草稿", [coming]: "已发布", [running]: "进行中", [past]: "已结束", [closed]: "已结束" });
    expect(Object.keys(await shown("?status=running")).map(Number)).toEqual([running]);
    expect(Object.keys(await shown("?status=ended")).map(Number).sort()).toEqual([past, closed].sort());
    expect(await shown("?status=nonsense&kind=practice")).toEqual({});
    expect((await auditOf("exam.close", eastOrganizer.id)).map((a) => a.target)).toEqual([`exam:${closed}`]);
  });
});
