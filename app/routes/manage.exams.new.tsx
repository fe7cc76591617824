import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from "@remix-run/react";

import { readFormData } from "~/utils/request.server";
import { AVAILABILITY_ACTION, ExamEditor } from "~/components/exams/exam-editor";
import { readExamForm } from "~/domain/exams/exam-form";
import { createExamAudited } from "~/models/exam-management.server";
import { requireManager } from "~/utils/auth.server";
import { editorView, formOnlyIntent, newExamForm, validateEditorForm } from "~/utils/exam-editor.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const form = await newExamForm(context, scope, new Date());
  return { view: await editorView(context, { user, scope, form }) };
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
      <ExamEditor view={posted?.view ?? loaded.view} mode="new" />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "新建考试 · 考学" }];
