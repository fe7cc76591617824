import type { DB } from "../../db/client";
import { EXAM_KINDS } from "../../db/schema";
import { quarterOf } from "~/domain/exams/attempt-time";
import type { ExamForm } from "~/domain/exams/exam-form";
import { createExam, getExam, publishExam } from "~/models/exams.server";
import { setOrgActive } from "~/models/org-maintenance.server";
import { action as detailAction, loader as detailLoader } from "~/routes/manage.exams.$examId._index";
import { action as editAction } from "~/routes/manage.exams.$examId.edit";
import { action as newAction, loader as newLoader } from "~/routes/manage.exams.new";
import type { EditorView } from "~/utils/exam-editor.server";

import { uniqueSlug } from "../support/bank-fixtures";
import { examDefinition, generatedBank, importGeneratedBank } from "../support/exam-fixtures";
import { callRoute, sessionCookieFor } from "../support/route-calls";
import { createTestDatabase, makeOrg, makeUser } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;
let slug: string;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
  slug = uniqueSlug("defaults-bank");
  await importGeneratedBank(db, generatedBank(slug));
});
afterAll(() => cleanup());

/** The fields a browser posts for an editor form as rendered (checkboxes only when ticked). */
function posted(form: ExamForm, intent: string): Record<string, string> {
  const fields: Record<string, string> = { intent };
  for (const key of ["kind", "title", "description", "period", "opensAt", "closesAt", "durationMinutes", "passMark", "attemptsAllowed", "reviewPolicy", "multiplePolicy", "graceSeconds", "ownerOrgId"] as const) {
    fields[key] = form[key];
  }
  for (const key of ["shuffleQuestions", "shuffleOptions", "sectionMinimums"] as const) if (form[key]) fields[key] = "on";
  form.sections.forEach((s, i) => {
    const p = `sections[${i}]`;
    Object.assign(fields, { [`${p}.title`]: s.title, [`${p}.type`]: s.type, [`${p}.count`]: s.count, [`${p}.points`]: s.points, [`${p}.source`]: s.source, [`${p}.minScore`]: s.minScore, [`${p}.fixed`]: s.fixed });
    for (const [bank, version] of Object.entries(s.banks)) fields[`${p}.bank.${bank}`] = version;
  });
  return fields;
}

async function arrange() {
  const tag = uniqueSlug("d");
  const root = await makeOrg(db, `默认值局党委-${tag}`, null, "party_committee");
  const branch = await makeOrg(db, `默认值党支部-${tag}`, root.id);
  const closedBranch = await makeOrg(db, `已撤并党支部-${tag}`, root.id);
  const organizer = await makeUser(db, { orgId: root.id, role: "organizer", scopeOrgId: root.id });
  await makeUser(db, { orgId: branch.id });
  await setOrgActive(db, { kind: "all" }, { orgId: closedBranch.id, active: false, actorId: organizer.id, ip: null, now: new Date() });
  return { root, branch, closedBranch, organizer, cookie: await sessionCookieFor(db, organizer.id) };
}

async function newView(cookie: string, kind?: string): Promise<EditorView> {
  const loaded = await callRoute(newLoader, { db, cookie, path: `/manage/exams/new${kind ? `?kind=${kind}` : ""}` });
  return (loaded.data as { view: EditorView }).view;
}

describe("a new exam", () => {
  test.each(EXAM_KINDS)("saved untouched is a valid exam of its kind (%s), for today's quarter, ready to publish", async (kind) => {
    const { organizer, cookie } = await arrange();
    const view = await newView(cookie, kind);
    expect(view.form.kind).toBe(kind);
    const saved = await callRoute(newAction, { db, cookie, path: `/manage/exams/new?kind=${kind}`, form: posted(view.form, "save") });
    expect(saved.status, JSON.stringify((saved.data as { view?: EditorView })?.view?.errors)).toBe(302);
    const exam = await db.selectFrom("exams").selectAll().where("created_by", "=", organizer.id).executeTakeFirstOrThrow();
    expect(exam.kind).toBe(kind);
    expect(exam.period).toBe(kind === "quarterly" ? quarterOf(new Date(), "Asia/Shanghai") : null);
    if (kind === "practice") expect(exam).toMatchObject({ duration_minutes: null, attempts_allowed: null });
    expect(Date.parse(exam.closes_at)).toBeGreaterThan(Date.now());
    // The paper totals at least the pass mark, and the banks can fill it.
    const paper = JSON.parse(exam.paper_spec) as { sections: Array<{ count: number; points: number }> };
    expect(paper.sections.reduce((n, s) => n + s.count * s.points, 0)).toBeGreaterThanOrEqual(exam.pass_mark);
    expect(await publishExam(db, { examId: exam.id, actorId: organizer.id, ip: null, now: new Date() })).toMatchObject({ ok: true });
  });

  test("does not take the title of an exam that already exists", async () => {
    const { root, cookie } = await arrange();
    const first = await newView(cookie);
    await createExam(db, { definition: examDefinition(slug, { title: first.form.title }), ownerOrgId: root.id, createdBy: null, now: new Date() });
    const second = await newView(cookie);
    expect(second.form.title).not.toBe(first.form.title);
    expect(second.form.title).toBe(`${first.form.title}（二）`);
  });

  test("a bureau organizer picks a branch as the owner; deactivated and outside organizations are not offered or taken", async () => {
    const { branch, closedBranch, organizer, cookie } = await arrange();
    const view = await newView(cookie);
    const choices = view.ownerChoices?.map((c) => c.id) ?? [];
    expect(choices).toContain(branch.id);
    expect(choices).not.toContain(closedBranch.id);

    const saved = await callRoute(newAction, { db, cookie, path: "/manage/exams/new", form: { ...posted(view.form, "save"), ownerOrgId: String(branch.id) } });
    expect(saved.status).toBe(302);
    const exam = await db.selectFrom("exams").select(["id", "owner_org_id"]).where("created_by", "=", organizer.id).executeTakeFirstOrThrow();
    expect(exam.owner_org_id).toBe(branch.id);

    const elsewhere = await makeOrg(db, `别处党支部-${uniqueSlug("e")}`, null);
    const again = await callRoute(newAction, { db, cookie, path: "/manage/exams/new", form: { ...posted(view.form, "save"), title: "另一场", ownerOrgId: String(elsewhere.id) } });
    expect(again.status).toBe(302);
    const other = await db.selectFrom("exams").select("owner_org_id").where("created_by", "=", organizer.id).where("title", "=", "另一场").executeTakeFirstOrThrow();
    expect(other.owner_org_id).not.toBe(elsewhere.id);
  });
});

describe("drafts and publishing", () => {
  test("a draft can be deleted after one confirmation, audited; a published exam cannot", async () => {
    const { root, organizer, cookie } = await arrange();
    const draft = await createExam(db, { definition: examDefinition(slug, { title: "要删的草稿" }), ownerOrgId: root.id, createdBy: organizer.id, now: new Date() });
    const post = (examId: number, form: Record<string, string>) => callRoute(detailAction, { db, cookie, path: `/manage/exams/${examId}`, params: { examId: String(examId) }, form });

    expect(await post(draft, { intent: "delete" })).toMatchObject({ status: 400, data: { message: "请确认删除草稿" } });
    expect(await getExam(db, draft)).toBeDefined();
    const deleted = await post(draft, { intent: "delete", confirm: "yes" });
    expect(deleted).toMatchObject({ status: 302, location: expect.stringContaining("/manage/exams?deleted=") });
    expect(await getExam(db, draft)).toBeUndefined();
    const audit = await db.selectFrom("audit_log").select(["target", "detail"]).where("action", "=", "exam.delete").where("actor_id", "=", organizer.id).executeTakeFirstOrThrow();
    expect(audit.target).toBe(`exam:${draft}`);
    expect(JSON.parse(audit.detail!)).toMatchObject({ title: "要删的草稿" });

    const live = await createExam(db, { definition: examDefinition(slug), ownerOrgId: root.id, createdBy: organizer.id, now: new Date() });
    expect((await publishExam(db, { examId: live, actorId: null, ip: null, now: new Date() })).ok).toBe(true);
    expect(await post(live, { intent: "delete", confirm: "yes" })).toMatchObject({ status: 409 });
    expect(await getExam(db, live)).toMatchObject({ status: "published" });

    const stranger = await makeUser(db, { orgId: (await makeOrg(db, `外局-${uniqueSlug("x")}`, null)).id, role: "organizer" });
    await db.updateTable("users").set({ scope_org_id: stranger.org_id }).where("id", "=", stranger.id).execute();
    const foreign = await callRoute(detailAction, { db, cookie: await sessionCookieFor(db, stranger.id), path: `/manage/exams/${live}`, params: { examId: String(live) }, form: { intent: "delete", confirm: "yes" } });
    expect(foreign.status).toBe(404);
  });

  test("发布 shows how many cadres it will assign and publishes only when confirmed; the editor's 发布 asks the same way", async () => {
    const { branch, organizer, cookie } = await arrange();
    const examId = await createExam(db, { definition: examDefinition(slug), ownerOrgId: branch.id, createdBy: organizer.id, now: new Date() });
    const page = await callRoute(detailLoader, { db, cookie, path: `/manage/exams/${examId}?confirm=publish`, params: { examId: String(examId) } });
    expect(page.data).toMatchObject({ publishCheck: { audienceSize: 1, problems: [] } });
    expect(await getExam(db, examId)).toMatchObject({ status: "draft" });

    const view = await newView(cookie);
    const fromEditor = await callRoute(editAction, {
      db,
      cookie,
      path: `/manage/exams/${examId}/edit`,
      params: { examId: String(examId) },
      form: { ...posted(view.form, "publish"), ownerOrgId: String(branch.id) },
    });
    expect(fromEditor).toMatchObject({ status: 302, location: `/manage/exams/${examId}?confirm=publish` });
    expect(await getExam(db, examId)).toMatchObject({ status: "draft" });
  });
});
