/**
 * 修改信息 on the cadre page: 姓名, 组织, 职级, 领导干部, 党员, 出生日期, the date the change took effect
 * and an optional note. One field is one <Field> here plus one entry in CadreFields.
 */
import { Form } from "@remix-run/react";

import { RANKS } from "../../../db/schema";
import type { CadreFields } from "~/domain/cadre-changes";
import { RANK_LABELS } from "~/domain/labels";

import { controlProps, Field } from "../exams/form-field";

type Props = {
  fields: CadreFields;
  orgs: Array<{ id: number; name: string; depth: number }>;
  today: string;
  fieldErrors: Record<string, string>;
};

export function CadreEditForm({ fields, orgs, today, fieldErrors }: Props) {
  const p = (name: string) => controlProps(name, fieldErrors[name]);
  const yesNo = (name: "isLeader" | "isPartyMember") => (
    <select {...p(name)} defaultValue={fields[name] ? "1" : "0"}>
      <option value="1">是</option>
      <option value="0">否</option>
    </select>
  );
  return (
    <section className="card" aria-labelledby="edit-cadre">
      <h2 id="edit-cadre">修改信息（调动、晋升等）</h2>
      <p className="muted">保存后立即生效：调动和职级、领导干部、党员的变化记入下方的变动记录；进行中的考试按新的组织和条件调整参考人员，已作答的成绩仍计在原组织。</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="update" />
        <div className="form-grid">
          <Field name="name" label="姓名" error={fieldErrors.name}>
            <input {...p("name")} type="text" defaultValue={fields.name} maxLength={40} />
          </Field>
          <Field name="orgId" label="组织" error={fieldErrors.orgId}>
            <select {...p("orgId")} defaultValue={fields.orgId}>
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {"　".repeat(Math.max(0, o.depth))}
                  {o.name}
                </option>
              ))}
            </select>
          </Field>
          <Field name="rank" label="职级" error={fieldErrors.rank}>
            <select {...p("rank")} defaultValue={fields.rank}>
              {RANKS.map((r) => (
                <option key={r} value={r}>
                  {RANK_LABELS[r]}
                </option>
              ))}
            </select>
          </Field>
          <Field name="isLeader" label="领导干部" error={fieldErrors.isLeader}>
            {yesNo("isLeader")}
          </Field>
          <Field name="isPartyMember" label="党员" error={fieldErrors.isPartyMember}>
            {yesNo("isPartyMember")}
          </Field>
          <Field name="birthDate" label="出生日期（可选）" error={fieldErrors.birthDate} hint="任前考试按任用决定之日的年龄确定是否开卷">
            <input {...p("birthDate")} type="date" defaultValue={fields.birthDate ?? ""} max={today} />
          </Field>
          <Field name="effectiveOn" label="生效日期" error={fieldErrors.effectiveOn} hint="调动、任职的实际日期，不能晚于今天">
            <input {...p("effectiveOn")} type="date" defaultValue={today} max={today} />
          </Field>
          <div className="span-2">
            <Field name="note" label="说明（可选）" error={fieldErrors.note} hint="如任免文件文号">
              <input {...p("note")} type="text" maxLength={200} />
            </Field>
          </div>
        </div>
        <button type="submit" className="button block">
          保存修改
        </button>
      </Form>
    </section>
  );
}
