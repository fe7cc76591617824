/**
 * The HTTP side of the exam editor shared by /manage/exams/new and /manage/exams/$id/edit:
 * reading the posted form, the buttons that only change the form (add/remove/move a
 * section, search cadres, refresh the counts), and the view the page renders. Without
 * JavaScript every button posts the whole form and gets it back re-rendered from here.
 */
import crypto from "node:crypto";

import type { AppLoadContext } from "@remix-run/node";

import type { Exam, ExamKind } from "../../db/schema";
import {
  applySectionIntent,
  type ExamForm,
  formFromDefinition,
  parseSectionIntent,
  previewAudience,
  previewPaperSpec,
  readExamForm,
} from "~/domain/exams/exam-form";
import { newExamDefinition } from "~/domain/exams/new-exam";
import type { PaperProblem } from "~/domain/exams/types";
import { audienceScopeProblem, bankChoices, namedCadres, ownerInScope, previewExam, searchAudienceCadres } from "~/models/exam-editor.server";
import { listBanks } from "~/models/banks.server";
import { definitionOf, listExamsInScope } from "~/models/exam-management.server";
import { getOrg, listOrgs, orgDepth, type Scope, scopeForOrg } from "~/models/orgs.server";
import type { SessionUser } from "~/models/sessions.server";
import { type FieldErrors, parseExamForm } from "~/schemas/exam-form.server";
import type { ExamDefinition } from "~/schemas/exams.server";

import { idParam } from "./params.server";

export type EditorExtras = {
  errors?: FieldErrors;
  /** publishExam's refusal, shown at the top; section problems go next to their sections. */
  problems?: string[];
  sectionProblems?: PaperProblem[];
  /** Shown next to the audience picker (an empty audience refuses publishing). */
  audienceProblem?: string | null;
  notice?: string | null;
  search?: string;
  searching?: boolean;
};

/** The org new exams belong to: an organizer's own scope org; for an admin, the top of the tree. */
async function defaultOwnerId(context: AppLoadContext, scope: Scope): Promise<number> {
  if (scope.kind === "subtree") return scope.orgId;
  const [top] = await listOrgs(context.db, scope);
  if (!top) throw new Response("请先建立组织架构", { status: 409 });
  return top.id;
}

/**
 * The owner an edit may use: any active org within the manager's scope (a bureau organizer
 * makes an exam for one branch); anything else falls back to the exam's owner, or the scope's
 * top org for a new exam, whatever the form says.
 */
export async function editorOwner(context: AppLoadContext, input: { user: SessionUser; scope: Scope; form: ExamForm; exam?: Exam }) {
  const fallback = input.exam?.owner_org_id ?? (await defaultOwnerId(context, input.scope));
  const picked = await ownerInScope(context.db, input.scope, idParam(input.form.ownerOrgId) ?? null);
  if (picked) return picked;
  const owner = await getOrg(context.db, fallback);
  if (!owner) throw new Response("组织不存在", { status: 404 });
  return owner;
}

/** A new exam of `kind`: the kind's defaults (domain/exams/new-exam.ts) drawn from the newest bank versions. */
export async function newExamForm(context: AppLoadContext, scope: Scope, now: Date, kind: ExamKind = "quarterly"): Promise<ExamForm> {
  const banks = await listBanks(context.db);
  const owner = await defaultOwnerId(context, scope);
  const taken = new Set((await listExamsInScope(context.db, scope, {}, now)).map((e) => e.title));
  const definition = newExamDefinition({
    kind,
    now,
    timeZone: context.timeZone,
    banks: banks.map((b) => ({ slug: b.bank, version: b.version })),
    singlesAvailable: banks.reduce((n, b) => n + b.countsByType.single, 0),
    takenTitles: taken,
  });
  return formFromDefinition(definition, owner, context.timeZone);
}

export function examForm(exam: Exam, timeZone: string): ExamForm {
  return formFromDefinition(definitionOf(exam), exam.owner_org_id, timeZone);
}

/** Everything the editor renders for a form state. */
export async function editorView(
  context: AppLoadContext,
  input: { user: SessionUser; scope: Scope; form: ExamForm; exam?: Exam; readOnly?: boolean } & EditorExtras,
) {
  const { db } = context;
  const owner = await editorOwner(context, input);
  const form: ExamForm = { ...input.form, ownerOrgId: String(owner.id) };
  const audience = previewAudience(form.audience);
  const ownerOrgs = await listOrgs(db, await scopeForOrg(db, owner.id), { activeOnly: true });
  const [banks, preview, named, found] = await Promise.all([
    bankChoices(db),
    previewExam(db, { spec: previewPaperSpec(form), ownerOrgId: owner.id, audience }),
    namedCadres(db, owner.id, audience.userIds),
    input.searching ? searchAudienceCadres(db, { ownerOrgId: owner.id, q: input.search ?? "", exclude: audience.userIds }) : Promise.resolve(null),
  ]);
  const inScope = await listOrgs(db, input.scope, { activeOnly: true });
  // One org in scope: nothing to choose, the field just shows it.
  const ownerChoices = inScope.length > 1 ? inScope.map((o) => ({ id: o.id, name: o.name, depth: orgDepth(o) - orgDepth(inScope[0]) })) : null;
  return {
    revision: crypto.randomUUID(),
    examId: input.exam?.id ?? null,
    readOnly: input.readOnly ?? false,
    form,
    errors: input.errors ?? {},
    problems: input.problems ?? [],
    sectionProblems: (input.sectionProblems ?? []).map((p) => ({ section: p.section, message: p.message })),
    audienceProblem: input.audienceProblem ?? null,
    notice: input.notice ?? null,
    preview,
    banks,
    ownerName: owner.name,
    ownerChoices,
    orgs: ownerOrgs.map((o) => ({ id: o.id, name: o.name, depth: orgDepth(o) - orgDepth(owner) })),
    named,
    search: input.search ?? "",
    searchResults: found,
    timeZone: context.timeZone,
  };
}

export type EditorView = Awaited<ReturnType<typeof editorView>>;

/**
 * A button that only changes the form (no saving): the form after it, or null for a
 * button that saves or publishes.
 */
export async function formOnlyIntent(
  context: AppLoadContext,
  input: { user: SessionUser; scope: Scope; exam?: Exam; formData: FormData },
): Promise<EditorView | null> {
  const intent = String(input.formData.get("intent") ?? "preview");
  let form = readExamForm(input.formData.entries());
  const section = parseSectionIntent(intent);
  if (section) {
    const newest = (await bankChoices(context.db)).map((b) => ({ slug: b.slug, version: b.versions[0] }));
    form = applySectionIntent(form, section, newest);
    return editorView(context, { ...input, form });
  }
  if (intent === "search-cadres") {
    const search = String(input.formData.get("cadreSearch") ?? "").slice(0, 40);
    return editorView(context, { ...input, form, search, searching: true });
  }
  if (intent === "preview") return editorView(context, { ...input, form });
  return null;
}

export type ValidatedExam =
  | { ok: true; definition: ExamDefinition; ownerOrgId: number }
  | { ok: false; errors: FieldErrors };

/** The posted form as a definition for its owner, or the errors to show next to the fields. */
export async function validateEditorForm(
  context: AppLoadContext,
  input: { user: SessionUser; scope: Scope; form: ExamForm; exam?: Exam },
): Promise<ValidatedExam> {
  const owner = await editorOwner(context, input);
  const parsed = parseExamForm(input.form, context.timeZone);
  if (!parsed.ok) return { ok: false, errors: parsed.fieldErrors };
  // A tampered request may name orgs or cadres outside the owner's subtree: refused, not trimmed.
  const problem = await audienceScopeProblem(context.db, { ownerOrgId: owner.id, audience: parsed.definition.audience });
  if (problem) return { ok: false, errors: { audience: problem } };
  return { ok: true, definition: parsed.definition, ownerOrgId: owner.id };
}
