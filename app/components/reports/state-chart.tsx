/**
 * Where the assigned cadres stand, as an SVG bar chart rendered on the server: it shows
 * without JavaScript, prints, scales to a phone, and says the same numbers to a screen reader.
 * Colours never carry the meaning alone: every bar has its label and count beside it.
 */
import type { ChartBar } from "~/domain/live-chart";

const ROW = 34;
const LABEL = 118;
const WIDTH = 360;
const BAR = WIDTH - LABEL - 56;

export function StateChart({ bars, assigned }: { bars: ChartBar[]; assigned: number }) {
  const summary = bars.map((b) => `${b.label} ${b.count} 人`).join("，");
  const height = bars.length * ROW + 8;
  return (
    <figure className="state-chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`应考 ${assigned} 人：${summary}`} data-testid="state-chart">
        <title>{`应考 ${assigned} 人：${summary}`}</title>
        {bars.map((b, i) => {
          const y = i * ROW + 4;
          const w = Math.max(b.count > 0 ? 2 : 0, Math.round(b.share * BAR));
          return (
            <g key={b.key} className={`chart-bar tone-${b.tone}`} data-state={b.key}>
              <text x={0} y={y + 20} className="chart-label">
                {b.label}
              </text>
              <rect x={LABEL} y={y + 6} width={BAR} height={18} rx={3} className="chart-track" />
              <rect x={LABEL} y={y + 6} width={w} height={18} rx={3} className="chart-fill" />
              <text x={LABEL + BAR + 6} y={y + 20} className="chart-count">
                {b.count}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
