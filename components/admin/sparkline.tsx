import { sparklinePoints } from "@/lib/admin/source-health";

const W = 90;
const H = 20;

/**
 * A server-rendered SVG sparkline (no client JavaScript), drawn in currentColor so it
 * follows the theme, with the numbers as its text alternative.
 */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const total = values.reduce((a, b) => a + b, 0);
  return (
    // The <title> is the image's accessible name (and its tooltip): one copy of the text
    // alternative, not two, since the sources table draws 100 of these a page.
    <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" className="text-emerald-700 dark:text-emerald-400" data-sparkline>
      <title>{`${label}: ${total} in all; by day ${values.join(", ")}`}</title>
      <polyline points={sparklinePoints(values, W, H)} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
