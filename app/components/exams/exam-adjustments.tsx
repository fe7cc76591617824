/** 延时, 补考 and 结束作答 for one cadre of a published exam, each with a reason, and who has had one. */
import { Form } from "@remix-run/react";

type Adjustment = { employeeNo: string; name: string; orgName: string; extraMinutes: number; extraAttempts: number; note: string | null; manual: number };
type Result = { form: string | null; message: string; fieldErrors: Record<string, string>; done: boolean };

function Errors({ errors, name, form, result }: { errors: Record<string, string>; name: string; form: string; result: Result | null }) {
  if (result?.form !== form || !errors[name]) return null;
  return <p className="field-error">{errors[name]}</p>;
}

/**
 * One adjustment for one cadre: 工号, the form's own fields, and a reason (always required,
 * since it goes into the audit log).
 */
function AdjustmentForm({
  intent,
  label,
  title,
  hint,
  button,
  danger = false,
  result,
  children,
}: {
  intent: string;
  /** The form's accessible name. */
  label: string;
  title: string;
  hint: string;
  button: string;
  danger?: boolean;
  result: Result | null;
  children?: React.ReactNode;
}) {
  const errors = result?.fieldErrors ?? {};
  return (
    // noValidate: out-of-range numbers get the app's own Chinese message from the server, not the browser's pop-up.
    <Form method="post" aria-label={label} noValidate>
      <h3>{title}</h3>
      <p className="muted">{hint}</p>
      {result?.form === intent && !result.done && Object.keys(errors).length === 0 ? (
        <p className="alert error" role="alert">
          {result.message}
        </p>
      ) : null}
      <label htmlFor={`${intent}-employeeNo`}>工号</label>
      <input id={`${intent}-employeeNo`} name="employeeNo" type="text" autoComplete="off" />
      <Errors errors={errors} name="employeeNo" form={intent} result={result} />
      {children}
      <label htmlFor={`${intent}-reason`}>原因</label>
      <input id={`${intent}-reason`} name="reason" type="text" maxLength={200} />
      <Errors errors={errors} name="reason" form={intent} result={result} />
      <div className="actions">
        <button type="submit" name="intent" value={intent} className={`button ${danger ? "danger" : "secondary"}`}>
          {button}
        </button>
      </div>
    </Form>
  );
}

export function ExamAdjustments({ adjustments, result, closed }: { adjustments: Adjustment[]; result: Result | null; closed: boolean }) {
  const errors = result?.fieldErrors ?? {};
  const reopen = (
    <AdjustmentForm
      intent="reopen"
      label="重新开放"
      title="重新开放一份作答"
      hint="作答被误结束（提前结束考试、断电超时、误点结束作答）时，重新开放若干分钟，已保存的答案都在；到时按答案重新评分。已人工评分的答卷请安排补考。"
      button="重新开放"
      result={result}
    >
      <label htmlFor="reopen-minutes">开放分钟数</label>
      <input id="reopen-minutes" name="minutes" type="number" inputMode="numeric" min={1} max={600} defaultValue={15} />
      <Errors errors={errors} name="minutes" form="reopen" result={result} />
    </AdjustmentForm>
  );
  if (closed) {
    return (
      <section className="card" aria-labelledby="adjustments">
        <h2 id="adjustments">考试已结束：重新开放作答</h2>
        {result?.done ? (
          <p className="alert success" role="status">
            {result.message}
          </p>
        ) : null}
        {reopen}
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="adjustments">
      <h2 id="adjustments">参考人员调整：添加、延时、补考、结束作答与重新开放</h2>
      {result?.done ? (
        <p className="alert success" role="status">
          {result.message}
        </p>
      ) : null}
      <div className="grid cols-2">
        <AdjustmentForm
          intent="add-cadre"
          label="添加参考人员"
          title="添加参考人员"
          hint="把一位本范围内的干部加入本次考试（如新调入、借调人员）。按组织和职级规则调入的干部会自动加入，无需在此添加。"
          button="添加"
          result={result}
        />
        <AdjustmentForm intent="extend" label="延时" title="给一位干部延时" hint="如停电、断网。正在作答的试卷截止时间同时顺延；已超时交卷的请安排补考。" button="延时" result={result}>
          <label htmlFor="extend-minutes">延长分钟数</label>
          <input id="extend-minutes" name="minutes" type="number" inputMode="numeric" min={1} max={600} defaultValue={10} />
          <Errors errors={errors} name="minutes" form="extend" result={result} />
        </AdjustmentForm>
        <AdjustmentForm intent="makeup" label="补考" title="安排补考" hint="给一位干部增加一次作答机会（须在考试截止前）。" button="安排补考" result={result} />
        <AdjustmentForm
          intent="end-attempt"
          label="结束作答"
          title="结束一份作答"
          hint="作答因故无法继续时（手机丢失等），按已保存的答案交卷评分。"
          button="结束作答"
          danger
          result={result}
        />
        {reopen}
      </div>
      {adjustments.length > 0 ? (
        <div className="table-wrap">
          <table className="stack" aria-label="参考人员调整记录">
            <thead>
              <tr>
                <th>工号</th>
                <th>姓名</th>
                <th>单位</th>
                <th>加入方式</th>
                <th>延时</th>
                <th>补考</th>
                <th>最近原因</th>
              </tr>
            </thead>
            <tbody>
              {adjustments.map((a) => (
                <tr key={a.employeeNo}>
                  <td data-label="工号">{a.employeeNo}</td>
                  <td data-label="姓名">{a.name}</td>
                  <td data-label="单位">{a.orgName}</td>
                  <td data-label="加入方式">{a.manual ? "手动添加" : "按规则"}</td>
                  <td data-label="延时">{a.extraMinutes > 0 ? `${a.extraMinutes} 分钟` : "—"}</td>
                  <td data-label="补考">{a.extraAttempts > 0 ? `${a.extraAttempts} 次` : "—"}</td>
                  <td className="wrap" data-label="最近原因">
                    {a.note ?? ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
