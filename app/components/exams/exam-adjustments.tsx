/** 延时, 补考 and 结束作答 for one cadre of a published exam, each with a reason, and who has had one. */
import { Form } from "@remix-run/react";

type Adjustment = { employeeNo: string; name: string; orgName: string; extraMinutes: number; extraAttempts: number; note: string | null };
type Result = { form: string | null; message: string; fieldErrors: Record<string, string>; done: boolean };

function Errors({ errors, name, form, result }: { errors: Record<string, string>; name: string; form: string; result: Result | null }) {
  if (result?.form !== form || !errors[name]) return null;
  return <p className="field-error">{errors[name]}</p>;
}

export function ExamAdjustments({ adjustments, result }: { adjustments: Adjustment[]; result: Result | null }) {
  const errors = result?.fieldErrors ?? {};
  const general = (form: string) =>
    result?.form === form && !result.done && Object.keys(errors).length === 0 ? (
      <p className="alert error" role="alert">
        {result.message}
      </p>
    ) : null;
  return (
    <section className="card" aria-labelledby="adjustments">
      <h2 id="adjustments">延时、补考与结束作答</h2>
      {result?.done ? (
        <p className="alert success" role="status">
          {result.message}
        </p>
      ) : null}
      <div className="grid cols-2">
        <Form method="post" aria-label="延时">
          <h3>给一位干部延时</h3>
          <p className="muted">如停电、断网。正在作答的试卷截止时间同时顺延；已超时交卷的请安排补考。</p>
          {general("extend")}
          <label htmlFor="extend-employeeNo">工号</label>
          <input id="extend-employeeNo" name="employeeNo" type="text" autoComplete="off" />
          <Errors errors={errors} name="employeeNo" form="extend" result={result} />
          <label htmlFor="extend-minutes">延长分钟数</label>
          <input id="extend-minutes" name="minutes" type="number" inputMode="numeric" min={1} max={600} defaultValue={10} />
          <Errors errors={errors} name="minutes" form="extend" result={result} />
          <label htmlFor="extend-reason">原因</label>
          <input id="extend-reason" name="reason" type="text" maxLength={200} />
          <Errors errors={errors} name="reason" form="extend" result={result} />
          <div className="actions">
            <button type="submit" name="intent" value="extend" className="button secondary">
              延时
            </button>
          </div>
        </Form>
        <Form method="post" aria-label="补考">
          <h3>安排补考</h3>
          <p className="muted">给一位干部增加一次作答机会（须在考试截止前）。</p>
          {general("makeup")}
          <label htmlFor="makeup-employeeNo">工号</label>
          <input id="makeup-employeeNo" name="employeeNo" type="text" autoComplete="off" />
          <Errors errors={errors} name="employeeNo" form="makeup" result={result} />
          <label htmlFor="makeup-reason">原因</label>
          <input id="makeup-reason" name="reason" type="text" maxLength={200} />
          <Errors errors={errors} name="reason" form="makeup" result={result} />
          <div className="actions">
            <button type="submit" name="intent" value="makeup" className="button secondary">
              安排补考
            </button>
          </div>
        </Form>
        <Form method="post" aria-label="结束作答">
          <h3>结束一份作答</h3>
          <p className="muted">作答因故无法继续时（手机丢失等），按已保存的答案交卷评分。</p>
          {general("end-attempt")}
          <label htmlFor="end-employeeNo">工号</label>
          <input id="end-employeeNo" name="employeeNo" type="text" autoComplete="off" />
          <Errors errors={errors} name="employeeNo" form="end-attempt" result={result} />
          <label htmlFor="end-reason">原因</label>
          <input id="end-reason" name="reason" type="text" maxLength={200} />
          <Errors errors={errors} name="reason" form="end-attempt" result={result} />
          <div className="actions">
            <button type="submit" name="intent" value="end-attempt" className="button danger">
              结束作答
            </button>
          </div>
        </Form>
      </div>
      {adjustments.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>工号</th>
                <th>姓名</th>
                <th>单位</th>
                <th>延时</th>
                <th>补考</th>
                <th>最近原因</th>
              </tr>
            </thead>
            <tbody>
              {adjustments.map((a) => (
                <tr key={a.employeeNo}>
                  <td>{a.employeeNo}</td>
                  <td>{a.name}</td>
                  <td>{a.orgName}</td>
                  <td>{a.extraMinutes > 0 ? `${a.extraMinutes} 分钟` : "—"}</td>
                  <td>{a.extraAttempts > 0 ? `${a.extraAttempts} 次` : "—"}</td>
                  <td className="wrap">{a.note ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
