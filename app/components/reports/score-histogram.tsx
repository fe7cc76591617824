import type { HistogramBin } from "~/domain/statistics/exam-summary";
import { formatPercent, formatScore } from "~/domain/statistics/format";

/**
 * The score distribution as CSS bars with the numbers beside them, so it reads on a phone,
 * prints on paper (bars keep their colour) and says the same to a screen reader. Bins wholly
 * below the pass mark are drawn as fails (red), not in the passes' green.
 */
export function ScoreHistogram({ bins, passMark }: { bins: HistogramBin[]; passMark?: number }) {
  const most = Math.max(1, ...bins.map((b) => b.count));
  return (
    <div className="table-wrap">
      <table className="histogram">
        <thead>
          <tr>
            <th scope="col">分数段</th>
            <th scope="col">分布</th>
            <th scope="col" className="num">
              人数
            </th>
            <th scope="col" className="num">
              占比
            </th>
          </tr>
        </thead>
        <tbody>
          {bins.map((bin, i) => (
            <tr key={i}>
              <td>
                {formatScore(bin.from)}–{formatScore(bin.to)}
              </td>
              <td className="bar-cell" aria-hidden="true">
                <span className={`hbar ${passMark !== undefined && bin.to <= passMark ? "fail" : "pass"}`} style={{ width: `${(bin.count / most) * 100}%` }} />
              </td>
              <td className="num">{bin.count}</td>
              <td className="num">{formatPercent(bin.share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="report-note">
        每段含下限、不含上限，最后一段含满分；只计已评定的考生（每人取最好的一次）。
        {passMark !== undefined ? (
          <>
            {" "}
            <span className="swatch fail" aria-hidden="true" /> 低于及格分 {formatScore(passMark)} 的分数段，<span className="swatch pass" aria-hidden="true" /> 其余分数段。
          </>
        ) : null}
      </p>
    </div>
  );
}
