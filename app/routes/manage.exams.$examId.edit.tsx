import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from "@remix-run/react";

import { readFormData } from "~/utils/request.server";
import { AVAILABILITY_ACTION, ExamEditor } from "~/components/exams/exam-editor";
import { readExamForm } from "~/domain/exams/exam-form";
import { publishPreview, saveDraftExam } from "~/models/exam-management.server";
import { getExamInScope } from "~/models/exams.server";
import { notFoundInScope, requireManager } from "~/utils/auth.server";
import { editorView, examForm, formOnlyIntent, validateEditorForm } from "~/utils/exam-editor.server";
import { idParam } from "~/utils/params.server";

const READ_ONLY_NOTICE = "考试已发布，设置不能再修改（已开始的作答不受影响）。如需调整，可复制为新考试。";

async function loadExam({ request, context, params }: LoaderFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const examId = idParam(params.examId);
  const exam = examId ? await getExamInScope(context.db, scope, examId) : undefined;
  if (!exam) return notFoundInScope(request, context, user);
  return { user, scope, exam };
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, scope, exam } = await loadExam(args);
  const { request, context } = args;
  const readOnly = exam.status !== "draft";
  const saved = new URL(request.url).searchParams;
  const notice = readOnly ? READ_ONLY_NOTICE : saved.get("copied") ? "已复制为下一季度的草稿，请检查后发布。" : saved.get("saved") ? "草稿已保存。" : null;
  return { title: exam.title, examId: exam.id, view: await editorView(context, { user, scope, exam, form: examForm(exam, context.timeZone), readOnly, notice }) };
}

export async function action(args: ActionFunctionArgs) {
  const { user, scope, exam } = await loadExam(args);
  const { request, context } = args;
  if (exam.status !== "draft") {
    const view = await editorView(context, { user, scope, exam, form: examForm(exam, context.timeZone), readOnly: true, notice: READ_ONLY_NOTICE });
    return data({ view }, { status: 409 });
  }
  const formData = await readFormData(request);
  const changed = await formOnlyIntent(context, { user, scope, exam, formData });
  if (changed) return { view: changed };

  const form = readExamForm(formData.entries());
  const valid = await validateEditorForm(context, { user, scope, form, exam });
  if (!valid.ok) return data({ view: await editorView(context, { user, scope, exam, form, errors: valid.errors }) }, { status: 400 });
  const actor = { actorId: user.id, ip: context.clientAddress, now: new Date() };
  const saved = await saveDraftExam(context.db, scope, { ...actor, examId: exam.id, definition: valid.definition, ownerOrgId: valid.ownerOrgId });
  if (saved.kind === "not_found") return notFoundInScope(request, context, user);
  if (saved.kind === "refused") return data({ view: await editorView(context, { user, scope, exam, form, problems: [saved.message] }) }, { status: 409 });

  if (formData.get("intent") !== "publish") return redirect(`/manage/exams/${exam.id}/edit?saved=1`);
  // Saved; publishing itself asks once on the exam's page, with the number it will assign.
  const published = await publishPreview(context.db, scope, exam.id);
  if (!published) return notFoundInScope(request, context, user);
  if (published.problems.length === 0) return redirect(`/manage/exams/${exam.id}?confirm=publish`);
  const view = await editorView(context, {
    user,
    scope,
    exam,
    form,
    notice: "草稿已保存，但未能发布。",
    problems: published.problems,
    sectionProblems: published.sections,
    audienceProblem: published.audienceEmpty ? "参考范围内没有干部，请调整参考人员" : null,
  });
  return data({ view }, { status: 422 });
}

export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction === AVAILABILITY_ACTION ? false : defaultShouldRevalidate;

export default function EditExamPage() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const view = posted?.view ?? loaded.view;
  return (
    <>
      <p>
        <Link to={`/manage/exams/${loaded.examId}`}>← 返回考试</Link>
      </p>
      <h1>{view.readOnly ? "考试设置" : "编辑考试"}：{loaded.title}</h1>
      <ExamEditor view={view} mode="edit" />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "编辑考试 · 考学" }];
