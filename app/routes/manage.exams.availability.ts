/**
 * The editor's live counts: the posted form (as it is, half-filled or not) → how many
 * questions each section can count on, the paper's total, and how many cadres the
 * audience selects. Changes nothing.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import { readFormData } from "~/utils/request.server";
import { previewAudience, previewPaperSpec, readExamForm } from "~/domain/exams/exam-form";
import { ownerInScope, previewExam } from "~/models/exam-editor.server";
import { requireManager } from "~/utils/auth.server";
import { idParam } from "~/utils/params.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireManager(request, context);
  throw new Response("请使用 POST", { status: 405 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { scope } = await requireManager(request, context);
  const formData = await readFormData(request);
  const form = readExamForm(formData.entries());
  // The audience is counted only for an owner the organizer manages (by default their own org).
  const owner = await ownerInScope(context.db, scope, idParam(form.ownerOrgId) ?? (scope.kind === "subtree" ? scope.orgId : null));
  const preview = await previewExam(context.db, {
    spec: previewPaperSpec(form),
    ownerOrgId: owner?.id ?? null,
    audience: previewAudience(form.audience),
  });
  return { revision: String(formData.get("revision") ?? ""), preview };
}
