/**
 * The paper builder: sections with 题型, 题数, 每题分值, banks at a pinned version,
 * knowledge-point and difficulty filters and an optional minimum, each showing how many
 * questions it can count on, and the paper's total. Every button posts the whole form
 * (it works without JavaScript); with JavaScript the counts follow each edit.
 */
import { useState } from "react";

import type { ExamForm, SectionForm } from "~/domain/exams/exam-form";
import { SECTION_TITLES } from "~/domain/exams/exam-form";
import type { BankChoice, EditorPreview } from "~/models/exam-editor.server";

import { controlProps, Field, FieldError } from "./form-field";

type Props = {
  sections: ExamForm["sections"];
  errors: Record<string, string>;
  preview: EditorPreview;
  /** publishExam's problems by section index. */
  sectionProblems: Array<{ section: number; message: string }>;
  banks: BankChoice[];
  readOnly: boolean;
};

export function PaperBuilder({ sections, errors, preview, sectionProblems, banks, readOnly }: Props) {
  return (
    <section className="card" aria-labelledby="paper-builder">
      <h2 id="paper-builder">试卷</h2>
      <p className="paper-total" role="status" aria-live="polite">
        共 {preview.questions} 题，总分 {preview.totalScore} 分
      </p>
      <FieldError name="sections" error={errors.sections} />
      {sections.map((section, index) => (
        <SectionEditor
          key={index}
          index={index}
          last={index === sections.length - 1}
          section={section}
          errors={errors}
          preview={preview.sections[index]}
          problems={sectionProblems.filter((p) => p.section === index).map((p) => p.message)}
          banks={banks}
          readOnly={readOnly}
        />
      ))}
      {readOnly ? null : (
        <div className="actions">
          <button type="submit" name="intent" value="add-section" className="button secondary">
            添加一部分
          </button>
          <button type="submit" name="intent" value="preview" className="button secondary">
            刷新可用题数
          </button>
        </div>
      )}
    </section>
  );
}

type SectionProps = {
  index: number;
  last: boolean;
  section: SectionForm;
  errors: Record<string, string>;
  preview: EditorPreview["sections"][number] | undefined;
  problems: string[];
  banks: BankChoice[];
  readOnly: boolean;
};

function SectionEditor({ index, last, section, errors, preview, problems, banks, readOnly }: SectionProps) {
  const [source, setSource] = useState(section.source);
  const name = (field: string) => `sections[${index}].${field}`;
  const p = (field: string) => controlProps(name(field), errors[name(field)]);
  const count = Number(section.count);
  const available = preview?.available ?? 0;
  const shownProblems = [...new Set([...(preview?.problems ?? []), ...problems])];
  const tags = [...new Set([...(preview?.tags ?? []).map((t) => t.tag), ...section.tags])];
  const tagCount = new Map((preview?.tags ?? []).map((t) => [t.tag, t.count]));
  const part = `第 ${index + 1} 部分`;
  return (
    <fieldset className="section-card">
      <legend>{part}</legend>
      <p className={`availability ${Number.isInteger(count) && count > available ? "short" : ""}`} data-testid={`available-${index}`}>
        可用 {available} 题
      </p>
      {shownProblems.map((message) => (
        <p key={message} className="field-error" role="alert">
          {message}
        </p>
      ))}
      <div className="form-grid">
        <div className="span-2">
          <Field name={name("title")} label="部分标题" error={errors[name("title")]}>
            <input {...p("title")} type="text" defaultValue={section.title} maxLength={40} />
          </Field>
        </div>
        <Field name={name("type")} label="题型" error={errors[name("type")]}>
          <select {...p("type")} defaultValue={section.type}>
            {Object.entries(SECTION_TITLES).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field name={name("source")} label="出题方式" error={errors[name("source")]}>
          <select {...p("source")} value={source} onChange={(e) => setSource(e.target.value === "fixed" ? "fixed" : "draw")}>
            <option value="draw">从题库随机抽题</option>
            <option value="fixed">指定试题</option>
          </select>
        </Field>
        <Field name={name("count")} label="题数" error={errors[name("count")]}>
          <input {...p("count")} type="number" inputMode="numeric" min={1} max={200} defaultValue={section.count} />
        </Field>
        <Field name={name("points")} label="每题分值" error={errors[name("points")]}>
          <input {...p("points")} type="number" inputMode="decimal" min={0} step="any" defaultValue={section.points} />
        </Field>
        <Field name={name("minScore")} label="本部分最低分（可选）" error={errors[name("minScore")]}>
          <input {...p("minScore")} type="number" inputMode="decimal" min={0} step="any" defaultValue={section.minScore} />
        </Field>
      </div>
      {source === "draw" ? (
        <>
          <fieldset className="plain">
            <legend>题库与版本</legend>
            <div className="form-grid">
              {banks.map((bank) => (
                <Field key={bank.slug} name={name(`bank.${bank.slug}`)} label={bank.title}>
                  <select {...controlProps(name(`bank.${bank.slug}`))} defaultValue={section.banks[bank.slug] ?? ""}>
                    <option value="">不使用</option>
                    {bank.versions.map((v, i) => (
                      <option key={v} value={v}>
                        第 {v} 版{i === 0 ? "（最新）" : ""}
                      </option>
                    ))}
                  </select>
                </Field>
              ))}
            </div>
            <FieldError name={name("banks")} error={errors[name("banks")]} />
          </fieldset>
          <details className="filters-more" open={section.tags.length > 0 || section.difficulties.length > 0}>
            <summary>
              知识点与难度筛选
              {section.tags.length + section.difficulties.length > 0 ? `（已选 ${section.tags.length + section.difficulties.length} 项）` : "（不限）"}
            </summary>
            <fieldset className="plain">
              <legend>知识点（不选为不限）</legend>
              <div className="check-list">
                {tags.map((tag) => (
                  <label key={tag} className="check">
                    <input type="checkbox" name={name("tags")} value={tag} defaultChecked={section.tags.includes(tag)} /> {tag}
                    {tagCount.has(tag) ? <span className="muted">（{tagCount.get(tag)}）</span> : null}
                  </label>
                ))}
                {tags.length === 0 ? <span className="muted">所选题库中没有这种题型的知识点</span> : null}
              </div>
            </fieldset>
            <fieldset className="plain">
              <legend>难度（1 最易，5 最难；不选为不限）</legend>
              <div className="check-list">
                {[1, 2, 3, 4, 5].map((d) => (
                  <label key={d} className="check">
                    <input type="checkbox" name={name("difficulties")} value={d} defaultChecked={section.difficulties.includes(String(d))} /> 难度 {d}
                  </label>
                ))}
              </div>
              <FieldError name={name("difficulties")} error={errors[name("difficulties")]} />
            </fieldset>
          </details>
        </>
      ) : (
        <Field name={name("fixed")} label="指定试题（每行一题：题库标识@版本#试题编号）" error={errors[name("fixed")]}>
          <textarea {...p("fixed")} rows={4} defaultValue={section.fixed} placeholder="senlinfa-2019@1#q001" />
        </Field>
      )}
      {readOnly ? null : (
        <div className="actions">
          <button type="submit" name="intent" value={`move-up:${index}`} className="button secondary" disabled={index === 0} aria-label={`上移${part}`}>
            上移
          </button>
          <button type="submit" name="intent" value={`move-down:${index}`} className="button secondary" disabled={last} aria-label={`下移${part}`}>
            下移
          </button>
          <button type="submit" name="intent" value={`remove-section:${index}`} className="button secondary" aria-label={`删除${part}`}>
            删除
          </button>
        </div>
      )}
    </fieldset>
  );
}
