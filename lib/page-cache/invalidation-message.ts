/**
 * What web processes (and workers) tell each other through Postgres NOTIFY when a
 * change makes cached pages or data stale (./cluster-bus.ts sends and receives it).
 * Pure: encoding, decoding and the listener's reconnect schedule, unit tested.
 */

/** One announcement: empty the shared page store, expire data-cache tags, or both; `all` means everything. */
export interface Invalidation {
  /** The sending process; a process ignores its own announcements (it applied them already). */
  from: string;
  pages: boolean;
  tags: string[];
  all: boolean;
}

// Postgres refuses a NOTIFY payload of 8000 bytes or more; past this an announcement
// becomes "everything" rather than being cut (a lost tag would leave a stale page).
export const MAX_PAYLOAD_BYTES = 7_000;
// A tag longer than this is not ours (Next caps path tags at 1,024 characters).
const MAX_TAG_LENGTH = 1_100;

/** The NOTIFY payload for `inv`: JSON, at most MAX_PAYLOAD_BYTES, widened to `all` when it would not fit. */
export function encodeInvalidation(inv: Invalidation): string {
  const full = JSON.stringify({ v: 1, from: inv.from, pages: inv.pages, tags: inv.all ? [] : inv.tags, all: inv.all });
  if (Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES) return full;
  return JSON.stringify({ v: 1, from: inv.from, pages: true, tags: [], all: true });
}

/** The announcement in a payload, or null for anything else on the channel (nothing is applied from it). */
export function decodeInvalidation(payload: string | undefined): Invalidation | null {
  if (!payload || payload.length > MAX_PAYLOAD_BYTES) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const m = raw as Record<string, unknown>;
  if (m.v !== 1 || typeof m.from !== "string" || !Array.isArray(m.tags)) return null;
  const tags = m.tags.filter((t): t is string => typeof t === "string" && t.length > 0 && t.length <= MAX_TAG_LENGTH);
  return { from: m.from, pages: m.pages === true, tags, all: m.all === true };
}

/**
 * How long the listener waits before its `attempt`-th reconnect (0-based), in ms,
 * with ±20 % jitter from `random` so processes that lost the database together do
 * not all return in the same instant.
 *
 * | attempt | 0   | 1   | 2     | 3     | 4     | 5+    |
 * |---------|-----|-----|-------|-------|-------|-------|
 * | delay   | 250 | 500 | 1,000 | 2,000 | 4,000 | 5,000 |
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(5_000, 250 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}
