import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from "@remix-run/react";

import { readFormData } from "~/utils/request.server";
import { EXAM_KINDS, type ExamKind } from "../../db/schema";

import { AVAILABILITY_ACTION, ExamEditor } from "~/components/exams/exam-editor";
import { readExamForm } from "~/domain/exams/exam-form";
import { NEW_EXAM_KINDS } from "~/domain/exams/new-exam";
import { createExamAudited } from "~/models/exam-management.server";
import { requireManager } from "~/utils/auth.server";
import { editorView, formOnlyIntent, newExamForm, validateEditorForm } from "~/utils/exam-editor.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const asked = new URL(request.url).searchParams.get("kind");
  const kind: ExamKind = EXAM_KINDS.find((k) => k === asked) ?? "quarterly";
  const form = await newExamForm(context, scope, new Date(), kind);
  return { kind, view: await editorView(context, { user, scope, form }) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const formData = await readFormData(request);
  const changed = await formOnlyIntent(context, { user, scope, formData });
  if (changed) return { view: changed };

  const form = readExamForm(formData.entries());
  const valid = await validateEditorForm(context, { user, scope, form });
  if (!valid.ok) return data({ view: await editorView(context, { user, scope, form, errors: valid.errors }) }, { status: 400 });
  const examId = await createExamAudited(context.db, {
    definition: valid.definition,
    ownerOrgId: valid.ownerOrgId,
    actorId: user.id,
    ip: context.clientAddress,
    now: new Date(),
  });
  return redirect(`/manage/exams/${examId}/edit?saved=1`);
}

/** The live counts post to a resource route; that must not reload (and reset) the form. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction === AVAILABILITY_ACTION ? false : defaultShouldRevalidate;

export default function NewExamPage() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/manage/exams">← 考试管理</Link>
      </p>
      <h1>新建考试</h1>
      <nav className="kind-choice" aria-label="按类型新建">
        <span className="muted">按类型填入默认设置：</span>
        {NEW_EXAM_KINDS.map((k) => (
          <Link key={k.kind} to={`?kind=${k.kind}`} className={k.kind === loaded.kind ? "badge green" : "badge"} aria-current={k.kind === loaded.kind ? "page" : undefined}>
            {k.label}
          </Link>
        ))}
      </nav>
      <ExamEditor view={posted?.view ?? loaded.view} mode="new" />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "新建考试 · 考学" }];
