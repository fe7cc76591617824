/** The exam's own fields: kind, title, period, window, time limit, marks, attempts and policies. */
import { EXAM_KINDS, MULTIPLE_POLICIES, REVIEW_POLICIES } from "../../../db/schema";
import { EXAM_KIND_LABELS, MULTIPLE_POLICY_LABELS } from "~/domain/exam-labels";
import type { ExamForm } from "~/domain/exams/exam-form";
import { REVIEW_POLICY_LABELS } from "~/domain/review-policy";

import { controlProps, Field, FieldError } from "./form-field";

type Props = {
  form: ExamForm;
  errors: Record<string, string>;
  timeZone: string;
  ownerName: string;
  ownerChoices: Array<{ id: number; name: string; depth: number }> | null;
};

function zoneName(timeZone: string): string {
  return timeZone === "Asia/Shanghai" ? "北京时间" : timeZone;
}

export function ExamFields({ form, errors, timeZone, ownerName, ownerChoices }: Props) {
  const p = (name: string) => controlProps(name, errors[name]);
  return (
    <section className="card" aria-labelledby="exam-basics">
      <h2 id="exam-basics">基本信息</h2>
      <div className="form-grid">
        <Field name="kind" label="考试类型" error={errors.kind}>
          <select {...p("kind")} defaultValue={form.kind}>
            {EXAM_KINDS.map((k) => (
              <option key={k} value={k}>
                {EXAM_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="period" label="期次" error={errors.period} hint="季度考试必填，如 2026-Q4">
          <input {...p("period")} type="text" defaultValue={form.period} placeholder="2026-Q4" />
        </Field>
        <div className="span-2">
          <Field name="title" label="考试名称" error={errors.title}>
            <input {...p("title")} type="text" defaultValue={form.title} maxLength={80} />
          </Field>
        </div>
        <div className="span-2">
          <Field name="description" label="考试说明（可选）" error={errors.description}>
            <textarea {...p("description")} rows={2} defaultValue={form.description} maxLength={2000} />
          </Field>
        </div>
        {ownerChoices ? (
          <Field name="ownerOrgId" label="所属组织" error={errors.ownerOrgId}>
            <select {...p("ownerOrgId")} defaultValue={form.ownerOrgId}>
              {ownerChoices.map((o) => (
                <option key={o.id} value={o.id}>
                  {"　".repeat(o.depth)}
                  {o.name}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <div className="field">
            <span className="label">所属组织</span>
            <p className="static">{ownerName}</p>
            <input type="hidden" name="ownerOrgId" value={form.ownerOrgId} />
          </div>
        )}
        <Field name="opensAt" label={`开始时间（${zoneName(timeZone)}）`} error={errors.opensAt}>
          <input {...p("opensAt")} type="datetime-local" defaultValue={form.opensAt} />
        </Field>
        <Field name="closesAt" label={`截止时间（${zoneName(timeZone)}）`} error={errors.closesAt}>
          <input {...p("closesAt")} type="datetime-local" defaultValue={form.closesAt} />
        </Field>
        <Field name="durationMinutes" label="考试时长（分钟）" error={errors.durationMinutes} hint="留空为不限时">
          <input {...p("durationMinutes")} type="number" inputMode="numeric" min={1} max={600} defaultValue={form.durationMinutes} placeholder="不限时" />
        </Field>
        <Field name="passMark" label="及格分" error={errors.passMark}>
          <input {...p("passMark")} type="number" inputMode="decimal" min={0} step="any" defaultValue={form.passMark} />
        </Field>
        <Field name="attemptsAllowed" label="可作答次数" error={errors.attemptsAllowed} hint="留空为不限次数；多次作答取最高分">
          <input {...p("attemptsAllowed")} type="number" inputMode="numeric" min={1} max={99} defaultValue={form.attemptsAllowed} placeholder="不限" />
        </Field>
        <Field name="graceSeconds" label="交卷宽限（秒）" error={errors.graceSeconds} hint="截止后仍接受保存的秒数">
          <input {...p("graceSeconds")} type="number" inputMode="numeric" min={0} max={600} defaultValue={form.graceSeconds} />
        </Field>
        <Field name="reviewPolicy" label="答案公布" error={errors.reviewPolicy}>
          <select {...p("reviewPolicy")} defaultValue={form.reviewPolicy}>
            {REVIEW_POLICIES.map((r) => (
              <option key={r} value={r}>
                {REVIEW_POLICY_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="multiplePolicy" label="多选题计分" error={errors.multiplePolicy}>
          <select {...p("multiplePolicy")} defaultValue={form.multiplePolicy}>
            {MULTIPLE_POLICIES.map((m) => (
              <option key={m} value={m}>
                {MULTIPLE_POLICY_LABELS[m]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="check-row">
        <label className="check">
          <input type="checkbox" name="shuffleQuestions" defaultChecked={form.shuffleQuestions} /> 打乱题目顺序
        </label>
        <label className="check">
          <input type="checkbox" name="shuffleOptions" defaultChecked={form.shuffleOptions} /> 打乱选项顺序
        </label>
        <label className="check">
          <input type="checkbox" name="sectionMinimums" defaultChecked={form.sectionMinimums} /> 各部分须达到最低分才算及格
        </label>
      </div>
      <FieldError name="sectionMinimums" error={errors.sectionMinimums} />
    </section>
  );
}
