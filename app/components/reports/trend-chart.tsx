import { formatPercent } from "~/domain/statistics/format";

export type ChartSeries = { name: string; className: string; values: Array<number | null> };

// Small enough that its text stays readable when a phone scales it to 360 px.
const WIDTH = 480;
const HEIGHT = 250;
const PAD = { left: 44, right: 26, top: 22, bottom: 34 };

/**
 * A line chart of percentages over quarters, drawn as SVG on the server: no chart library
 * and no script, so it shows on a phone (it scales to the width), prints on A4 and reads
 * the same to a screen reader (the description lists every value). A quarter without a
 * value leaves a gap in its line.
 */
export function TrendChart({ title, labels, series, marked = [], markNote }: { title: string; labels: string[]; series: ChartSeries[]; marked?: string[]; markNote?: string }) {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (labels.length <= 1 ? plotW / 2 : (plotW * i) / (labels.length - 1));
  const y = (v: number) => PAD.top + plotH - (plotH * v) / 100;
  const labelAbove = (index: number, i: number) => {
    const mine = series[index].values[i] ?? 0;
    return series.every((other, o) => o === index || (other.values[i] ?? -1) < mine || ((other.values[i] ?? -1) === mine && o > index));
  };
  const description = series.map((s) => `${s.name}：${labels.map((l, i) => `${l} ${formatPercent(s.values[i])}`).join("，")}`).join("；");
  return (
    <figure className="trend-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="trend-chart-title trend-chart-desc" preserveAspectRatio="xMidYMid meet">
        <title id="trend-chart-title">{title}</title>
        <desc id="trend-chart-desc">{description}</desc>
        {[0, 25, 50, 75, 100].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} className="grid" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="axis">
              {v}%
            </text>
          </g>
        ))}
        {labels.map((label, i) => (
          <text key={label} x={x(i)} y={HEIGHT - PAD.bottom + 18} textAnchor="middle" className="axis">
            {label.replace(/^\d\d(\d\d)-/, "$1年")}
            {marked.includes(label) ? "*" : ""}
          </text>
        ))}
        {series.map((s, index) => {
          const segments: string[] = [];
          let current = "";
          s.values.forEach((v, i) => {
            if (v === null) {
              if (current) segments.push(current);
              current = "";
            } else current += `${current ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
          });
          if (current) segments.push(current);
          return (
            <g key={s.name} className={s.className}>
              {segments.map((d) => (
                <path key={d} d={d} className="line" />
              ))}
              {s.values.map((v, i) =>
                v === null ? null : (
                  <g key={i}>
                    <circle cx={x(i)} cy={y(v)} r={4} className="dot" />
                    {/* The higher point of a quarter is labelled above, the lower below, so close values do not overlap. */}
                    <text x={x(i)} y={labelAbove(index, i) ? y(v) - 9 : y(v) + 19} textAnchor="middle" className="value">
                      {v.toFixed(1)}
                    </text>
                  </g>
                ),
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        {series.map((s) => (
          <span key={s.name} className={s.className}>
            <svg width="24" height="10" aria-hidden="true">
              <line x1="0" x2="24" y1="5" y2="5" className="line" />
            </svg>
            {s.name}
          </span>
        ))}
        <span className="muted">
          （空缺 = 该季度未组织季度考试{marked.length > 0 && markNote ? `；* ${markNote}` : ""}）
        </span>
      </figcaption>
    </figure>
  );
}
