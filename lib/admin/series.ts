/**
 * Time buckets for the console's charts: the keys of the last N UTC days or hours
 * (as the queries in ./console-sql.ts label them) and counts laid onto them, with
 * zeros where nothing happened. Pure: unit tested.
 */

/** "YYYY-MM-DD" for the `days` UTC days ending with today's, oldest first. */
export function dayKeys(days: number, now: Date = new Date()): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/** "YYYY-MM-DDTHH" for the `hours` UTC hours ending with the current one, oldest first. */
export function hourKeys(hours: number, now: Date = new Date()): string[] {
  const thisHour = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  return Array.from({ length: hours }, (_, i) => new Date(thisHour - (hours - 1 - i) * 3_600_000).toISOString().slice(0, 13));
}

/** The start of the oldest bucket of `keys` as a Date (what the queries take as `since`). */
export function bucketStart(key: string): Date {
  return new Date(key.length === 10 ? `${key}T00:00:00Z` : `${key}:00:00Z`);
}

/** `field` of each row laid onto `keys` (rows keyed by `key`), 0 where no row; rows outside the keys are ignored. */
export function fillSeries<R extends Record<string, unknown>>(keys: string[], rows: R[], key: keyof R, field: keyof R): number[] {
  const byKey = new Map<string, number>();
  for (const r of rows) {
    const k = r[key];
    if (typeof k === "string") byKey.set(k, (byKey.get(k) ?? 0) + Number(r[field] ?? 0));
  }
  return keys.map((k) => byKey.get(k) ?? 0);
}
