/** The facts of a regulation (名称, 制定机关, 日期, 效力) as form fields, for the import and the regulation pages. */
import { REGULATION_STATUSES } from "../../../db/schema";
import { controlProps, Field } from "~/components/exams/form-field";
import { REGULATION_STATUS_LABELS } from "~/domain/law-study/official-text";

export type FactsValues = { title: string; issuer: string; issuedOn: string | null; effectiveOn: string | null; status: string; replacedBy: number | null };

type Props = {
  values: FactsValues;
  errors?: Record<string, string>;
  /** Other regulations of the library, for 已修订/已废止 → the text that replaced it. */
  replacements: Array<{ id: number; title: string }>;
};

export function RegulationFactsFields({ values, errors = {}, replacements }: Props) {
  return (
    <div className="form-grid">
      <Field name="title" label="法规名称" error={errors.title}>
        <input {...controlProps("title", errors.title)} defaultValue={values.title} maxLength={120} required />
      </Field>
      <Field name="issuer" label="制定机关" error={errors.issuer}>
        <input {...controlProps("issuer", errors.issuer)} defaultValue={values.issuer} maxLength={60} />
      </Field>
      <Field name="issuedOn" label="发布日期" error={errors.issuedOn}>
        <input {...controlProps("issuedOn", errors.issuedOn)} type="date" defaultValue={values.issuedOn ?? ""} />
      </Field>
      <Field name="effectiveOn" label="施行日期" error={errors.effectiveOn}>
        <input {...controlProps("effectiveOn", errors.effectiveOn)} type="date" defaultValue={values.effectiveOn ?? ""} />
      </Field>
      <Field name="status" label="效力状态" error={errors.status}>
        <select {...controlProps("status", errors.status)} defaultValue={values.status}>
          {REGULATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {REGULATION_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </Field>
      <Field name="replacedBy" label="被以下法规取代（已修订、已废止时）" error={errors.replacedBy}>
        <select {...controlProps("replacedBy", errors.replacedBy)} defaultValue={values.replacedBy ?? ""}>
          <option value="">（无）</option>
          {replacements.map((r) => (
            <option key={r.id} value={r.id}>
              {r.title}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
