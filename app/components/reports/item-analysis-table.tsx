import { QUESTION_TYPE_LABELS } from "~/domain/exams/question-type-labels";
import { formatIndex, formatPercent } from "~/domain/statistics/format";
import type { ItemStats } from "~/domain/statistics/item-analysis";

/** Below this the question barely separates strong from weak cadres (Ebel's rule of thumb). */
export const WEAK_DISCRIMINATION = 0.2;

/** 试题分析 with the option texts, the key marked, and weak questions flagged for review. */
export function ItemAnalysisTable({ items }: { items: ItemStats[] }) {
  return (
    <>
      <p className="report-note">
        正确率：作答该题的考生中完全答对的比例；区分度：高分组（前 27%）与低分组（后 27%）正确率之差，低于 {formatIndex(WEAK_DISCRIMINATION)}{" "}
        的以红色标出，建议检查题目；选项比例按题库中的原始选项（A、B…）统计，已还原打乱的顺序，带 ✓ 的为正确答案。
      </p>
      <div className="table-wrap">
        <table className="stack" aria-label="试题分析">
          <thead>
            <tr>
              <th scope="col">题号</th>
              <th scope="col">题型</th>
              <th scope="col">知识点</th>
              <th scope="col">题干</th>
              <th scope="col" className="num">
                作答人数
              </th>
              <th scope="col" className="num">
                正确率
              </th>
              <th scope="col" className="num">
                得分率
              </th>
              <th scope="col" className="num">
                区分度
              </th>
              <th scope="col">选项比例</th>
              <th scope="col" className="num">
                未作答
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.identity}>
                <td className="num" data-label="题号">{item.no}</td>
                <td className="nowrap" data-label="题型">{QUESTION_TYPE_LABELS[item.type]}</td>
                <td data-label="知识点">{item.tags.join("、") || "—"}</td>
                <td data-label="题干">
                  <div className="item-stem">
                    {item.stem}
                    <br />
                    <span className="muted">
                      {item.bankSlug} · {item.key}
                    </span>
                  </div>
                </td>
                <td className="num" data-label="作答人数">{item.respondents}</td>
                <td className="num" data-label="正确率" data-testid="item-facility">{formatPercent(item.facility)}</td>
                <td className="num" data-label="得分率">{formatPercent(item.scoreRate)}</td>
                <td className={item.discrimination !== null && item.discrimination < WEAK_DISCRIMINATION ? "num low" : "num"} data-label="区分度">
                  {formatIndex(item.discrimination)}
                </td>
                <td data-label="选项比例">
                  <div className="item-options">
                    {item.options.length === 0
                      ? "—"
                      : item.options.map((o) => (
                          <span key={o.label} className={o.isAnswer ? "key" : undefined} title={o.text}>
                            {o.label}
                            {item.type === "judge" ? `（${o.text}）` : ""} {formatPercent(o.share)}
                            {o.isAnswer ? " ✓" : ""}
                          </span>
                        ))}
                  </div>
                </td>
                <td className="num" data-label="未作答">{formatPercent(item.unansweredShare)}</td>
              </tr>
            ))}
            {items.length === 0 ? (
              <tr>
                <td colSpan={10}>还没有已评定的答卷。</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </>
  );
}
