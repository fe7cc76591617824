/** Arranges pre-appointment cases for integration tests: a bureau with two branches, a bank big enough for the standard paper. */
import type { DB } from "../../db/client";
import type { FrozenQuestion, Response } from "~/domain/exams/types";
import { loadPaper } from "~/models/attempt-storage.server";
import { saveResponses, startAttempt, submitAttempt } from "~/models/attempts.server";

import { uniqueSlug } from "./bank-fixtures";
import { generatedBank, importGeneratedBank } from "./exam-fixtures";
import { makeOrg, makeUser, uniqueNo } from "./test-db";

/** 25 questions of each objective type: enough for the default standard paper (20/10/20/5). */
export async function importAppointmentBank(db: DB) {
  const slug = uniqueSlug("renqian");
  await importGeneratedBank(db, generatedBank(slug, 1, 25));
  return slug;
}

/** A bureau (top-level org) with two sibling branches, an organizer of each, an admin and cadres. */
export async function arrangeAppointmentBureau(db: DB) {
  const tag = uniqueSlug("bureau");
  const root = await makeOrg(db, `林业局党委-${tag}`, null, "party_committee");
  const east = await makeOrg(db, `东方红林场党支部-${tag}`, root.id);
  const west = await makeOrg(db, `青山林场党支部-${tag}`, root.id);
  const admin = await makeUser(db, { orgId: root.id, role: "admin", name: "周管理" });
  const eastOrganizer = await makeUser(db, { orgId: east.id, role: "organizer", scopeOrgId: east.id, name: "东组织" });
  const westOrganizer = await makeUser(db, { orgId: west.id, role: "organizer", scopeOrgId: west.id, name: "西组织" });
  const cadre = await makeUser(db, { orgId: east.id, name: "王林", employeeNo: uniqueNo("C") });
  const westCadre = await makeUser(db, { orgId: west.id, name: "赵青", employeeNo: uniqueNo("W") });
  return { root, east, west, admin, eastOrganizer, westOrganizer, cadre, westCadre };
}

export async function setBirthDate(db: DB, userId: number, birthDate: string | null) {
  await db.updateTable("users").set({ birth_date: birthDate }).where("id", "=", userId).execute();
}

/** The right answer to a frozen question, in displayed positions. */
export function rightResponse(q: FrozenQuestion): Response | null {
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

/** Starts an attempt at the case's exam and hands it in: every answer right (`pass`) or nothing answered. */
export async function takeCaseExam(db: DB, input: { examId: number; userId: number; pass: boolean; seed: number; now?: Date }) {
  const now = input.now ?? new Date();
  const started = await startAttempt(db, { examId: input.examId, userId: input.userId, now, seed: input.seed });
  if (started.kind === "blocked") throw new Error(started.reasons.join("; "));
  if (input.pass) {
    const paper = await loadPaper(db, started.attemptId);
    const answers = paper.sections.flatMap((section, s) =>
      section.questions.flatMap((q, i) => {
        const response = rightResponse(q);
        return response ? [{ ref: `${s}:${i}`, response }] : [];
      }),
    );
    const saved = await saveResponses(db, { attemptId: started.attemptId, userId: input.userId, answers, seq: 1, now });
    if (saved.kind !== "saved") throw new Error(`save: ${saved.kind}`);
  }
  const submitted = await submitAttempt(db, { attemptId: started.attemptId, userId: input.userId, now: new Date(now.getTime() + 60_000) });
  if (submitted.kind !== "finished") throw new Error("submit failed");
  return submitted.attempt;
}
