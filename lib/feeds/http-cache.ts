/**
 * Pure parsing of the HTTP headers that tell a poller when to come back:
 * Retry-After (RFC 9110 §10.2.3) and Cache-Control max-age (RFC 9111 §5.2).
 * The scheduler clamps the results; these functions only read what the server said.
 */

/**
 * Retry-After as whole seconds from `now`: delay-seconds or an HTTP date (a date in
 * the past gives 0). Null when absent or unreadable, so callers fall back to backoff.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | null {
  if (value == null) return null;
  const v = value.trim();
  if (v === "") return null;
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : null;
  }
  // Only date-looking values: Date.parse alone accepts things like "1" or "soon 5".
  if (!/[a-z]{3}/i.test(v) || !/\d{1,2}:\d{2}/.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * Cache-Control max-age in seconds, or null when absent, malformed, or when the
 * response must not be reused (no-store / no-cache say nothing about poll spacing).
 */
export function parseCacheControlMaxAge(value: string | null | undefined): number | null {
  if (value == null) return null;
  let maxAge: number | null = null;
  for (const part of value.split(",")) {
    const m = /^\s*([A-Za-z-]+)\s*(?:=\s*"?([^",]*)"?)?\s*$/.exec(part);
    if (!m) continue;
    const name = m[1]!.toLowerCase();
    if (name === "no-store" || name === "no-cache") return null;
    if (name === "max-age" && m[2] !== undefined && /^\d+$/.test(m[2].trim())) {
      const n = Number(m[2].trim());
      // RFC 9111 §1.2.2: a value too large to represent means "very long".
      maxAge = Number.isSafeInteger(n) ? n : 2 ** 31;
    }
  }
  return maxAge;
}
