/**
 * When to poll a source next. Pure: every input is a parameter.
 *
 * After a successful poll (200 or 304) the interval follows the source's own
 * posting rate: half the mean gap between its recent entries, so a new post waits
 * on average a quarter of a gap. Then the server's wishes apply (RSS <ttl>,
 * Cache-Control max-age): never sooner than it asks. After a failure the interval
 * doubles with each consecutive error. Retry-After (429/503) is honoured as asked.
 *
 *   outcome            interval                                     bounds
 *   ok / not_modified  max(mean posting gap / 2, ttl, max-age)      5 min .. 24 h
 *   (no history)       DEFAULT_INTERVAL (1 h)                        5 min .. 24 h
 *   (operator override) max(override, ttl, max-age)                  5 min .. 24 h
 *   error (n-th)       5 min × 2^(n-1): 5, 10, 20, 40, 80 min, …    5 min .. 24 h
 *   rate_limited       max(Retry-After, 5 min × 2^(n-1))            5 min .. 24 h
 *
 * A ±10 % jitter spreads sources that were added together so they do not stay
 * in lockstep.
 */
export const MIN_INTERVAL_S = 5 * 60;
export const MAX_INTERVAL_S = 24 * 60 * 60;
export const DEFAULT_INTERVAL_S = 60 * 60;
const BASE_BACKOFF_S = MIN_INTERVAL_S;
const JITTER = 0.1;

export type ScheduleOutcome = "ok" | "not_modified" | "error" | "rate_limited" | "refused";

export interface ScheduleInput {
  now: Date;
  outcome: ScheduleOutcome;
  /** Consecutive failures including this one (0 after a success). */
  errorCount: number;
  /** Publication times of the source's recent entries, any order. */
  recentPublished?: Date[];
  /** Server-declared minimum interval in seconds: <ttl>, Cache-Control max-age. */
  serverMinIntervalS?: number | null;
  /** Retry-After in seconds (429/503). */
  retryAfterS?: number | null;
  /** An operator's interval for this source (seconds), in place of the posting rate after a success. */
  overrideIntervalS?: number | null;
  /** A number in [0, 1); defaults to Math.random. */
  random?: () => number;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** An interval in seconds brought within the schedule's bounds (5 min .. 24 h), as an operator's override is stored. */
export function clampIntervalS(seconds: number): number {
  return Math.round(clamp(seconds, MIN_INTERVAL_S, MAX_INTERVAL_S));
}

/** Mean gap in seconds between consecutive entries (at most the 20 newest), or null with fewer than 2. */
export function meanPostingGapS(published: Date[]): number | null {
  const times = published
    .map((d) => d.getTime())
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => b - a)
    .slice(0, 20);
  if (times.length < 2) return null;
  const span = (times[0]! - times[times.length - 1]!) / 1000;
  return span > 0 ? span / (times.length - 1) : null;
}

/** The interval in seconds before the next poll, before jitter. */
export function nextIntervalS(input: Omit<ScheduleInput, "now" | "random">): number {
  const backoff = BASE_BACKOFF_S * 2 ** Math.max(0, Math.min(input.errorCount, 20) - 1);
  switch (input.outcome) {
    case "error":
    case "refused":
      return clamp(backoff, MIN_INTERVAL_S, MAX_INTERVAL_S);
    case "rate_limited":
      return clamp(Math.max(input.retryAfterS ?? 0, backoff), MIN_INTERVAL_S, MAX_INTERVAL_S);
    case "ok":
    case "not_modified": {
      const gap = meanPostingGapS(input.recentPublished ?? []);
      const fromRate = input.overrideIntervalS ? input.overrideIntervalS : gap === null ? DEFAULT_INTERVAL_S : gap / 2;
      return clamp(Math.max(fromRate, input.serverMinIntervalS ?? 0), MIN_INTERVAL_S, MAX_INTERVAL_S);
    }
  }
}

/** The time of the next poll, with jitter, never outside 5 min .. 24 h from now (Retry-After excepted below 5 min). */
export function computeNextCheck(input: ScheduleInput): Date {
  const base = nextIntervalS(input);
  const random = input.random ?? Math.random;
  const jittered = base * (1 + (random() * 2 - 1) * JITTER);
  // Jitter never takes us sooner than the server asked.
  const floor = Math.max(MIN_INTERVAL_S, input.serverMinIntervalS ?? 0, input.outcome === "rate_limited" ? input.retryAfterS ?? 0 : 0);
  const seconds = clamp(jittered, Math.min(floor, MAX_INTERVAL_S), MAX_INTERVAL_S);
  return new Date(input.now.getTime() + Math.round(seconds * 1000));
}
