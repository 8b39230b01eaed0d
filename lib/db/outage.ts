/**
 * Whether this process's database is reachable, as its pool last saw it: a failure that
 * says the server is unreachable (lib/db/errors.ts isDatabaseUnavailable) marks it down,
 * and the next connection that opens marks it up again. The web server reads it to answer
 * a failed page with 503 instead of 500 (scripts/web-server.ts); the worker logs each
 * outage once instead of once per failed queue fetch.
 *
 * Kept on globalThis under a registered symbol: Next bundles the app's server code
 * separately from our web server's bundle, so each has its own copy of this module, and
 * both must read the one state of the process.
 */
import { isDatabaseUnavailable } from "./errors";

interface OutageState {
  /** When the current outage began (ms since epoch), or null while the database answers. */
  downSince: number | null;
  listeners: Set<(down: boolean) => void>;
}

const KEY = Symbol.for("readahead.databaseOutage");

function state(): OutageState {
  const g = globalThis as unknown as Record<symbol, OutageState | undefined>;
  g[KEY] ??= { downSince: null, listeners: new Set() };
  return g[KEY];
}

/** Records a database failure; returns whether it was one that means the database is unreachable. */
export function noteDatabaseFailure(err: unknown): boolean {
  if (!isDatabaseUnavailable(err)) return false;
  const s = state();
  if (s.downSince === null) {
    s.downSince = Date.now();
    for (const listener of s.listeners) listener(true);
  }
  return true;
}

/** Records that a connection to the database opened (or a statement succeeded). */
export function noteDatabaseReachable(): void {
  const s = state();
  if (s.downSince === null) return;
  s.downSince = null;
  for (const listener of s.listeners) listener(false);
}

/** Whether the last word on the database is that it cannot be reached. */
export function isDatabaseDown(): boolean {
  return state().downSince !== null;
}

/** Calls `listener(down)` when the database goes down or comes back; returns the unsubscribe. */
export function onDatabaseAvailability(listener: (down: boolean) => void): () => void {
  const s = state();
  s.listeners.add(listener);
  return () => void s.listeners.delete(listener);
}
