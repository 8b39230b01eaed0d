/**
 * Which tabs of /admin/sources a source falls under, and the sparkline's geometry.
 * Pure: unit tested.
 */

export const SOURCE_TABS = ["all", "failing", "idle", "paused", "gone"] as const;
export type SourceTab = (typeof SOURCE_TABS)[number];

/** A source is idle when it has had no new article for this long (ms). */
export const IDLE_AFTER_MS = 30 * 86_400_000;

export interface HealthFacts {
  status: "active" | "disabled" | "gone";
  errorCount: number;
  lastNewAt: Date | null;
  createdAt: Date;
}

/**
 * The tabs a source belongs to: failing (active, errors in a row), idle (active, no new
 * article in 30 days, counting from when it was added if it never had one), paused, gone.
 */
export function tabsOf(s: HealthFacts, now: Date = new Date()): Set<SourceTab> {
  const tabs = new Set<SourceTab>(["all"]);
  if (s.status === "gone") tabs.add("gone");
  else if (s.status === "disabled") tabs.add("paused");
  else {
    if (s.errorCount > 0) tabs.add("failing");
    const since = s.lastNewAt ?? s.createdAt;
    if (now.getTime() - since.getTime() > IDLE_AFTER_MS) tabs.add("idle");
  }
  return tabs;
}

/** The polyline points of a sparkline of `values` in a width × height box (2 px padding). */
export function sparklinePoints(values: number[], width: number, height: number): string {
  if (values.length === 0) return "";
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  return values
    // One decimal at most, without a trailing ".0": the table draws 100 of these a page.
    .map((v, i) => `${+(2 + i * step).toFixed(1)},${+(height - 2 - (v / max) * (height - 4)).toFixed(1)}`)
    .join(" ");
}

/** Per-day counts for the `days` days ending today (UTC), oldest first, from (day, count) rows. */
export function dailySeries(rows: { day: Date; n: number }[], days: number, now: Date = new Date()): number[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const out = new Array<number>(days).fill(0);
  for (const r of rows) {
    const idx = days - 1 - Math.round((today - r.day.getTime()) / 86_400_000);
    if (idx >= 0 && idx < days) out[idx]! += r.n;
  }
  return out;
}
