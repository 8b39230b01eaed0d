/**
 * A small chart as server-rendered SVG (no client JavaScript): bars, stacked when there
 * are several series, or a line for one. Drawn in currentColor under theme classes, so
 * it follows dark mode. Its text alternative is the SVG's <title> and <desc> (named by
 * aria-labelledby) and a visually hidden table of every value.
 */

export type ChartTone = "ok" | "bad" | "plain";

export interface ChartSeries {
  name: string;
  values: number[];
  tone?: ChartTone;
}

const TONE: Record<ChartTone, string> = {
  ok: "text-emerald-700 dark:text-emerald-400",
  bad: "text-red-700 dark:text-red-400",
  plain: "text-neutral-700 dark:text-neutral-300",
};

interface Props {
  /** Unique on the page: the ids of the title and description derive from it. */
  id: string;
  title: string;
  /** Bucket labels, oldest first (one per value). */
  labels: string[];
  series: ChartSeries[];
  kind?: "bar" | "line";
  width?: number;
  height?: number;
}

/** What a reader without the picture needs: totals, the peak and the latest bucket. */
export function chartSummary(labels: string[], series: ChartSeries[]): string {
  if (labels.length === 0) return "no data";
  const sums = labels.map((_, i) => series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  let peak = 0;
  for (let i = 1; i < sums.length; i++) if (sums[i]! > sums[peak]!) peak = i;
  const totals = series.map((s) => `${s.values.reduce((a, b) => a + b, 0)} ${s.name}`).join(", ");
  return `${labels[0]} to ${labels.at(-1)}: ${totals} in all; highest ${sums[peak]} at ${labels[peak]}; latest ${sums.at(-1)}.`;
}

export function BarChart({ id, title, labels, series, kind = "bar", width = 240, height = 48 }: Props) {
  const n = labels.length;
  const sums = labels.map((_, i) => series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...sums);
  const pad = 2;
  const slot = n > 0 ? (width - pad * 2) / n : 0;
  const barW = Math.max(1, slot * 0.8);
  const y = (v: number) => height - pad - (v / max) * (height - pad * 2);
  const summary = chartSummary(labels, series);
  return (
    <figure className="m-0" data-chart={id}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="max-w-full overflow-visible"
        data-chart-svg
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <line x1={pad} x2={width - pad} y1={height - pad + 0.5} y2={height - pad + 0.5} stroke="currentColor" strokeOpacity="0.3" className="text-neutral-500" />
        {kind === "line" && series[0] ? (
          <g className={TONE[series[0].tone ?? "plain"]}>
            <polyline
              fill="none"
              stroke="currentColor"
              strokeWidth="1.5"
              points={series[0].values.map((v, i) => `${(pad + slot * (i + 0.5)).toFixed(1)},${y(v).toFixed(1)}`).join(" ")}
            />
          </g>
        ) : (
          series.map((s, si) => (
            <g key={s.name} className={TONE[s.tone ?? "plain"]}>
              {s.values.map((v, i) => {
                if (v <= 0) return null;
                const below = series.slice(0, si).reduce((a, o) => a + (o.values[i] ?? 0), 0);
                const top = y(below + v);
                return <rect key={i} x={(pad + slot * i + (slot - barW) / 2).toFixed(1)} y={top.toFixed(1)} width={barW.toFixed(1)} height={(y(below) - top).toFixed(1)} fill="currentColor" />;
              })}
            </g>
          ))
        )}
      </svg>
      <table className="sr-only" data-chart-table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">when</th>
            {series.map((s) => <th key={s.name} scope="col">{s.name}</th>)}
          </tr>
        </thead>
        <tbody>
          {labels.map((l, i) => (
            <tr key={l}>
              <th scope="row">{l}</th>
              {series.map((s) => <td key={s.name}>{s.values[i] ?? 0}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
