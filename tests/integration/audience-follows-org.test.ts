import type { DB } from "../../db/client";
import { changeActive } from "~/models/accounts.server";
import { getAssignment, listExamsForCadre } from "~/models/exams.server";
import { saveResponses, startAttempt, submitAttempt } from "~/models/attempts.server";
import { updateCadre, fieldsOf } from "~/models/cadre-maintenance.server";
import { getCadre } from "~/models/cadres.server";
import { addToAudience } from "~/models/exam-adjustments.server";
import { examLiveView } from "~/models/live-view.server";
import { getExam } from "~/models/exams.server";
import { type Scope, scopeForOrg } from "~/models/orgs.server";
import { loadExamReport } from "~/models/reports.server";
import { importRoster } from "~/models/roster.server";
import type { CadreFields } from "~/domain/cadre-changes";

import { uniqueSlug } from "../support/bank-fixtures";
import { examDefinition, generatedBank, importGeneratedBank } from "../support/exam-fixtures";
import { createTestDatabase, makeOrg, makeUser, uniqueNo } from "../support/test-db";
import { createExam, publishExam } from "~/models/exams.server";
import type { ExamDefinition } from "~/schemas/exams.server";

let db: DB;
let cleanup: () => Promise<void>;
let slug: string;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
  slug = uniqueSlug("follow-bank");
  await importGeneratedBank(db, generatedBank(slug));
});
afterAll(() => cleanup());

/** A bureau with an east and a west branch, an organizer of the bureau, one cadre in the east. */
async function arrangeBureau() {
  const tag = uniqueSlug("org");
  const root = await makeOrg(db, `局党委-${tag}`, null, "party_committee");
  const east = await makeOrg(db, `东林党支部-${tag}`, root.id);
  const west = await makeOrg(db, `西林党支部-${tag}`, root.id);
  const organizer = await makeUser(db, { orgId: root.id, role: "organizer", scopeOrgId: root.id });
  // Someone in each branch already, so an exam of either can be published.
  for (const org of [east, west]) await makeUser(db, { orgId: org.id, rank: "section", isLeader: true });
  const scope = await scopeForOrg(db, root.id);
  return { root, east, west, organizer, scope };
}

async function publishedExam(ownerOrgId: number, overrides: Partial<ExamDefinition> = {}) {
  const examId = await createExam(db, { definition: examDefinition(slug, overrides), ownerOrgId, createdBy: null, now: new Date() });
  const published = await publishExam(db, { examId, actorId: null, ip: null, now: new Date() });
  if (!published.ok) throw new Error(published.problems.join("; "));
  return examId;
}

async function transfer(scope: Scope, actorId: number, cadreId: number, change: Partial<CadreFields>) {
  const cadre = (await getCadre(db, scope, cadreId))!;
  const outcome = await updateCadre(db, scope, {
    cadreId,
    fields: { ...fieldsOf(cadre), ...change },
    effectiveOn: "2026-11-20",
    note: null,
    actorId,
    ip: "127.0.0.1",
    now: new Date(),
  });
  expect(outcome.kind).toBe("updated");
  return outcome;
}

async function takeAndSubmit(examId: number, userId: number) {
  const started = await startAttempt(db, { examId, userId, now: new Date(), seed: 7 });
  if (started.kind !== "started") throw new Error(JSON.stringify(started));
  await saveResponses(db, { attemptId: started.attemptId, userId, answers: [{ ref: "0:0", response: { kind: "single", option: 0 } }], seq: 1, now: new Date() });
  await submitAttempt(db, { attemptId: started.attemptId, userId, now: new Date() });
  return started.attemptId;
}

describe("the audience of an open exam follows the organization", () => {
  test("a cadre imported into an organization after publishing is in the audience and can start", async () => {
    const { east, organizer, scope } = await arrangeBureau();
    const examId = await publishedExam(east.id);
    const employeeNo = uniqueNo("N");
    const imported = await importRoster(db, {
      actorId: organizer.id,
      scope,
      table: [
        ["工号", "姓名", "组织", "职级", "领导干部", "党员"],
        [employeeNo, "新来干部", east.name, "一般干部", "否", "是"],
      ],
      fileName: "新人.csv",
      ip: "127.0.0.1",
      now: new Date(),
    });
    expect(imported.ok).toBe(true);
    const newcomer = await db.selectFrom("users").select(["id", "org_id"]).where("employee_no", "=", employeeNo).executeTakeFirstOrThrow();

    const assignment = await getAssignment(db, examId, newcomer.id);
    expect(assignment).toMatchObject({ org_id: east.id, manual: 0 });
    const mine = await listExamsForCadre(db, newcomer.id);
    expect(mine.map((m) => m.exam.id)).toContain(examId);
    const started = await startAttempt(db, { examId, userId: newcomer.id, now: new Date(), seed: 1 });
    expect(started.kind).toBe("started");

    const audit = await db.selectFrom("audit_log").select("detail").where("action", "=", "roster.import").where("actor_id", "=", organizer.id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ created: 1, audience: { added: 1 } });
  });

  test("a transfer into the rule's organization adds the cadre; one who leaves before starting is removed", async () => {
    const { east, west, organizer, scope } = await arrangeBureau();
    const westCadre = await makeUser(db, { orgId: west.id });
    const eastCadre = await makeUser(db, { orgId: east.id });
    const examId = await publishedExam(east.id);
    await transfer(scope, organizer.id, westCadre.id, { orgId: east.id });
    expect(await getAssignment(db, examId, westCadre.id)).toMatchObject({ org_id: east.id });

    expect(await getAssignment(db, examId, eastCadre.id)).toBeDefined();
    const outcome = await transfer(scope, organizer.id, eastCadre.id, { orgId: west.id });
    expect(outcome.kind === "updated" && outcome.audience).toEqual({ added: 0, removed: 1, moved: 0 });
    expect(await getAssignment(db, examId, eastCadre.id)).toBeUndefined();
  });

  test("a promotion into a leaders-only exam adds the cadre; a closed exam's audience never changes", async () => {
    const { root, east, organizer, scope } = await arrangeBureau();
    const leaders = { ...examDefinition(slug).audience, leadersOnly: true };
    const examId = await publishedExam(root.id, { audience: leaders });
    const past = await publishedExam(root.id, { audience: leaders });
    await db.updateTable("exams").set({ status: "closed" }).where("id", "=", past).execute();
    const cadre = await makeUser(db, { orgId: east.id, rank: "staff" });
    expect(await getAssignment(db, examId, cadre.id)).toBeUndefined();

    await transfer(scope, organizer.id, cadre.id, { rank: "section", isLeader: true });
    expect(await getAssignment(db, examId, cadre.id)).toBeDefined();
    expect(await getAssignment(db, past, cadre.id)).toBeUndefined();
  });

  test("a cadre who leaves after an attempt keeps it, and the exam's report keeps the result with the old organization", async () => {
    const { east, west, organizer, scope } = await arrangeBureau();
    const cadre = await makeUser(db, { orgId: east.id, name: "调走干部" });
    const examId = await publishedExam(east.id);
    await takeAndSubmit(examId, cadre.id);

    // Moved to a branch outside the exam's rule (the owner is the east branch).
    await transfer(scope, organizer.id, cadre.id, { orgId: west.id });
    expect(await getAssignment(db, examId, cadre.id)).toMatchObject({ org_id: east.id });

    const report = await loadExamReport(db, (await getExam(db, examId))!, new Date());
    const row = report.participants.find((p) => p.name === "调走干部");
    expect(row?.orgName).toBe(east.name);
    expect(report.byOrg.map((o) => o.orgName)).toEqual([east.name]);
    expect(report.byOrg[0]).toMatchObject({ assigned: 2, took: 1 });

    const live = await examLiveView(db, examId);
    expect(live.cadres.find((c) => c.userId === cadre.id)?.orgName).toBe(east.name);
    expect(live.byOrg.map((o) => o.orgName)).toEqual([east.name]);
  });

  test("a transfer inside the rule before starting moves the assignment, so the result counts where it is earned", async () => {
    const { root, east, west, organizer, scope } = await arrangeBureau();
    const cadre = await makeUser(db, { orgId: east.id, name: "先调后考" });
    const examId = await publishedExam(root.id);
    await transfer(scope, organizer.id, cadre.id, { orgId: west.id });
    expect(await getAssignment(db, examId, cadre.id)).toMatchObject({ org_id: west.id });
    await takeAndSubmit(examId, cadre.id);
    const report = await loadExamReport(db, (await getExam(db, examId))!, new Date());
    expect(report.participants.find((p) => p.name === "先调后考")?.orgName).toBe(west.name);
  });

  test("an organizer adds a named cadre to a published exam with a reason; audited, able to start, kept after a transfer", async () => {
    const { root, east, west, organizer, scope } = await arrangeBureau();
    const examId = await publishedExam(root.id, { audience: { ...examDefinition(slug).audience, orgIds: [east.id] } });
    const guest = await makeUser(db, { orgId: west.id, name: "借调干部" });
    expect(await getAssignment(db, examId, guest.id)).toBeUndefined();

    const noReason = await addToAudience(db, scope, { examId, employeeNo: guest.employee_no, reason: " ", actorId: organizer.id, ip: "127.0.0.1", now: new Date() });
    expect(noReason).toMatchObject({ kind: "refused", field: "reason" });
    expect(await getAssignment(db, examId, guest.id)).toBeUndefined();

    const added = await addToAudience(db, scope, { examId, employeeNo: guest.employee_no.toLowerCase(), reason: "借调到东林", actorId: organizer.id, ip: "127.0.0.1", now: new Date() });
    expect(added).toMatchObject({ kind: "done" });
    expect(await getAssignment(db, examId, guest.id)).toMatchObject({ manual: 1, note: "借调到东林", org_id: west.id });
    const twice = await addToAudience(db, scope, { examId, employeeNo: guest.employee_no, reason: "再加一次", actorId: organizer.id, ip: "127.0.0.1", now: new Date() });
    expect(twice).toMatchObject({ kind: "refused", field: "employeeNo" });

    const audit = await db.selectFrom("audit_log").select(["target", "detail"]).where("action", "=", "exam.audience_add").where("actor_id", "=", organizer.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].target).toBe(`exam:${examId}`);
    expect(JSON.parse(audit[0].detail!)).toMatchObject({ employeeNo: guest.employee_no, reason: "借调到东林" });

    // Added by hand: a later change of the cadre's standing does not take the assignment away.
    await transfer(scope, organizer.id, guest.id, { rank: "worker" });
    expect(await getAssignment(db, examId, guest.id)).toBeDefined();
    expect((await startAttempt(db, { examId, userId: guest.id, now: new Date(), seed: 3 })).kind).toBe("started");
  });

  test("a cadre outside the exam owner's organization cannot be added, and an organizer cannot add to another branch's exam", async () => {
    const { east, west, organizer } = await arrangeBureau();
    const examId = await publishedExam(east.id);
    const outsider = await makeUser(db, { orgId: west.id });
    const refused = await addToAudience(db, await scopeForOrg(db, organizer.scope_org_id!), {
      examId,
      employeeNo: outsider.employee_no,
      reason: "试试",
      actorId: organizer.id,
      ip: null,
      now: new Date(),
    });
    expect(refused).toMatchObject({ kind: "refused", field: "employeeNo" });
    expect(await getAssignment(db, examId, outsider.id)).toBeUndefined();

    const westOrganizer = await makeUser(db, { orgId: west.id, role: "organizer", scopeOrgId: west.id });
    const sibling = await addToAudience(db, await scopeForOrg(db, west.id), { examId, employeeNo: outsider.employee_no, reason: "越权", actorId: westOrganizer.id, ip: null, now: new Date() });
    expect(sibling).toEqual({ kind: "not_found" });
  });
});

describe("deactivating an account", () => {
  test("takes the cadre out of open exams they have not started, and reactivating brings them back", async () => {
    const { east, organizer, scope } = await arrangeBureau();
    const cadre = await makeUser(db, { orgId: east.id });
    const examId = await publishedExam(east.id);
    const current = (await getCadre(db, scope, cadre.id))!;
    const base = { actorId: organizer.id, cadre: current, ip: "127.0.0.1", now: new Date() };
    await changeActive(db, { ...base, active: false });
    expect(await getAssignment(db, examId, cadre.id)).toBeUndefined();
    await changeActive(db, { ...base, active: true });
    expect(await getAssignment(db, examId, cadre.id)).toBeDefined();
  });
});
