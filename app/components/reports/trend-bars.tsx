/**
 * A cadre's best result per quarter as bars: passes green, fails red (with a hatch, so it
 * does not rest on colour alone), the percentage above each bar and the quarter below.
 */
import { type TrendPoint, trendPointLabel } from "~/domain/score-trend";

export function TrendBars({ points, format }: { points: TrendPoint[]; format: (percent: number) => string }) {
  return (
    <>
      <div className="trend" role="img" aria-label={points.map((t) => trendPointLabel(t, format(t.percent))).join("，")}>
        {points.map((t) => (
          <div key={t.period} className={`bar ${t.passed ? "pass" : "fail"}`} style={{ height: `${Math.max(4, t.percent)}%` }} data-testid="trend-bar" data-passed={t.passed}>
            <span>{format(t.percent)}</span>
          </div>
        ))}
      </div>
      <div className="trend-labels">
        {points.map((t) => (
          <span key={t.period}>{t.period}</span>
        ))}
      </div>
      <p className="trend-legend muted">
        <span className="swatch pass" aria-hidden="true" /> 及格　<span className="swatch fail" aria-hidden="true" /> 不及格
      </p>
    </>
  );
}
