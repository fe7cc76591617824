/**
 * The exam editor form (new and edit). The server renders it from an EditorView; every
 * button posts the whole form, so it works without JavaScript. With JavaScript each edit
 * also asks /manage/exams/availability for fresh counts (questions per section, total
 * score, cadres selected) without leaving the page.
 */
import { Form, useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";

import type { EditorPreview } from "~/models/exam-editor.server";
import type { EditorView } from "~/utils/exam-editor.server";

import { AudiencePicker } from "./audience-picker";
import { ExamFields } from "./exam-fields";
import { PaperBuilder } from "./paper-builder";

export const AVAILABILITY_ACTION = "/manage/exams/availability";

function useLiveCounts(view: EditorView) {
  const fetcher = useFetcher<{ revision: string; preview: EditorPreview }>();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const refresh = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (formRef.current) fetcher.submit(formRef.current, { method: "post", action: AVAILABILITY_ACTION });
    }, 300);
  };
  // Counts from an older rendering of the form (before a section was added, say) are ignored.
  const preview = fetcher.data && fetcher.data.revision === view.revision ? fetcher.data.preview : view.preview;
  return { formRef, refresh, preview };
}

export function ExamEditor({ view, mode }: { view: EditorView; mode: "new" | "edit" }) {
  const { formRef, refresh, preview } = useLiveCounts(view);
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const { form, errors, readOnly } = view;
  return (
    <Form method="post" key={view.revision} ref={formRef} onChange={readOnly ? undefined : refresh} noValidate>
      {/* Enter in a text field presses the first submit button: make that one harmless. */}
      <button type="submit" name="intent" value="preview" className="sr-only" tabIndex={-1} aria-hidden="true">
        刷新
      </button>
      <input type="hidden" name="revision" value={view.revision} />
      {view.notice ? (
        <p className={readOnly ? "alert warning" : "alert success"} role="status">
          {view.notice}
        </p>
      ) : null}
      {view.problems.length > 0 ? (
        <div className="alert error" role="alert">
          <p>未能发布：</p>
          <ul>
            {view.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <p className="alert error" role="alert">
          有 {Object.keys(errors).length} 处需要修改，请查看标红的字段。
        </p>
      ) : null}
      <fieldset className="plain" disabled={readOnly}>
        <ExamFields form={form} errors={errors} timeZone={view.timeZone} ownerName={view.ownerName} ownerChoices={view.ownerChoices} />
        <PaperBuilder
          sections={form.sections}
          errors={errors}
          preview={preview}
          sectionProblems={view.sectionProblems}
          banks={view.banks}
          readOnly={readOnly}
        />
        <AudiencePicker
          audience={form.audience}
          orgs={view.orgs}
          named={view.named}
          search={view.search}
          searchResults={view.searchResults}
          count={preview.audienceCount}
          error={errors.audience}
          problem={view.audienceProblem ?? undefined}
          readOnly={readOnly}
        />
      </fieldset>
      {readOnly ? null : (
        <div className="actions sticky-actions">
          <button type="submit" name="intent" value="save" className={mode === "new" ? "button" : "button secondary"} disabled={busy}>
            保存草稿
          </button>
          {mode === "edit" ? (
            <button type="submit" name="intent" value="publish" className="button" disabled={busy}>
              发布
            </button>
          ) : null}
        </div>
      )}
    </Form>
  );
}
