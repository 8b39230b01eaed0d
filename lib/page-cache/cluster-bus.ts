/**
 * Many web processes, one truth: a change that empties this process's shared page
 * store (./store.ts) or expires tags in its data cache (./data-cache-handler.mjs) is
 * announced on a Postgres channel, and every web process, on any machine reaching the
 * same database, applies it within milliseconds.
 *
 * Sending: announcements made within COALESCE_MS are merged into one NOTIFY (sent on
 * the process's pool), so a burst of changes is a few notifications, not one each.
 * Receiving (startInvalidationListener, one dedicated connection per web process):
 * an announcement empties the page store through its own pacer (three at once, then
 * one per 2 s with a trailing one; a flood of notifications costs a few map writes,
 * not a flood of renders) and expires the data-cache tags it names. When the
 * connection is lost the listener reconnects with backoff, and every successful
 * LISTEN treats everything as invalid: notifications sent meanwhile were missed.
 *
 * State lives on globalThis: the server actions, the proxy and our web server are
 * separate bundles of this module in one process.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { ARTICLES_TAG } from "../articles/cache-tag";
import { getPool } from "../db/pool";
import { getEnv } from "../env";
import { log } from "../log";
import { expireEverything, expireTags, onLocalRevalidate } from "./data-cache-handler.mjs";
import { decodeInvalidation, encodeInvalidation, reconnectDelayMs, type Invalidation } from "./invalidation-message";
import { InvalidationPacer } from "./pacer";
import { sharedPages } from "./store";

/** The Postgres channel (LISTEN/NOTIFY) every web process listens on. */
export const INVALIDATION_CHANNEL = "readahead_invalidate";
// Announcements made within this window go out as one NOTIFY (ms).
const COALESCE_MS = 25;
// The listener checks its connection this often (ms); a dead one is replaced.
const PING_INTERVAL_MS = 10_000;
const PING_TIMEOUT_MS = 5_000;
// A worker announces new or changed articles at most this often (ms), with one
// trailing announcement so the last poll's articles are never left out.
const ARTICLES_INTERVAL_MS = 5_000;

interface BusState {
  instance: string;
  pending: { pages: boolean; tags: Set<string>; all: boolean } | null;
  timer: NodeJS.Timeout | null;
  articlesPacer: InvalidationPacer | null;
}

const KEY = Symbol.for("readahead.clusterBus");

function bus(): BusState {
  const g = globalThis as { [KEY]?: BusState };
  g[KEY] ??= { instance: randomUUID(), pending: null, timer: null, articlesPacer: null };
  return g[KEY];
}

/** Announces a change to every other process (merged with others made within COALESCE_MS). */
export function publishInvalidation(change: { pages?: boolean; tags?: string[]; all?: boolean }): void {
  if (!getEnv().DATABASE_URL) return; // the process has no database to tell others through
  const b = bus();
  b.pending ??= { pages: false, tags: new Set(), all: false };
  b.pending.pages ||= change.pages === true;
  b.pending.all ||= change.all === true;
  for (const tag of change.tags ?? []) b.pending.tags.add(tag);
  if (b.timer) return;
  b.timer = setTimeout(() => void flush(), COALESCE_MS);
  b.timer.unref();
}

async function flush(): Promise<void> {
  const b = bus();
  const batch = b.pending;
  b.pending = null;
  b.timer = null;
  if (!batch) return;
  const payload = encodeInvalidation({ from: b.instance, pages: batch.pages, tags: [...batch.tags], all: batch.all });
  try {
    await getPool().query("SELECT pg_notify($1, $2)", [INVALIDATION_CHANNEL, payload]);
  } catch (err) {
    // Other processes keep their copies until these expire (15 s pages, 30 s data);
    // if the database itself is gone, their listeners reconnect and drop everything.
    log.warn({ err, pages: batch.pages, tags: batch.tags.size, all: batch.all }, "cluster bus: announcing an invalidation failed");
  }
}

/**
 * Forgets every stored page here (paced, see PageStore.forget) and on every other web
 * process, so the next reader anywhere sees a member's vote or comment. Call it only
 * when a change was made.
 */
export function forgetSharedPages(): void {
  sharedPages().forget();
  publishInvalidation({ pages: true });
}

/**
 * For the worker: new or changed articles (a poll, related coverage, refreshed hot
 * ranks) reach every web process's lists and pages, at most once per
 * ARTICLES_INTERVAL_MS with one trailing announcement.
 */
export function announceArticlesChanged(): void {
  const b = bus();
  b.articlesPacer ??= new InvalidationPacer({ burst: 1, intervalMs: ARTICLES_INTERVAL_MS });
  const decision = b.articlesPacer.request();
  const send = () => publishInvalidation({ pages: true, tags: [ARTICLES_TAG] });
  if (decision.runNow) return send();
  if (!decision.isNew) return;
  setTimeout(() => {
    if (b.articlesPacer?.takeDue()) send();
  }, Math.max(0, decision.dueAt - Date.now())).unref();
}

/** Applies another process's announcement to this process's caches. */
export function applyInvalidation(inv: Invalidation): void {
  if (inv.from === bus().instance) return;
  if (inv.all) {
    expireEverything();
    sharedPages().forget();
    return;
  }
  if (inv.tags.length > 0) expireTags(inv.tags);
  if (inv.pages) sharedPages().forget();
}

/** Treats every cached page and datum as invalid (notifications may have been missed). */
function invalidateEverythingHere(): void {
  expireEverything();
  sharedPages().forget();
}

export interface InvalidationListener {
  /** Whether the listening connection is up now. */
  readonly isListening: boolean;
  stop(): Promise<void>;
}

/**
 * Joins this web process to the others: announces its own data-cache revalidations
 * and listens for theirs on a dedicated connection, reconnecting with backoff
 * (invalidation-message.ts reconnectDelayMs) for as long as it runs.
 */
export function startInvalidationListener(connectionString: string = getEnv().DATABASE_URL ?? ""): InvalidationListener {
  onLocalRevalidate((tags) => publishInvalidation({ tags }));
  let stopped = false;
  let client: pg.Client | null = null;
  let listening = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | null = null;
  let ping: NodeJS.Timeout | null = null;

  const lose = (c: pg.Client, why: unknown) => {
    if (client !== c) return; // already replaced
    client = null;
    listening = false;
    if (ping) clearInterval(ping);
    ping = null;
    c.removeAllListeners("notification");
    c.on("error", () => undefined); // a late error from the dead socket must not crash the process
    c.end().catch(() => undefined);
    if (stopped) return;
    const delay = reconnectDelayMs(attempt++);
    log.warn({ err: why, retryInMs: delay }, "cluster bus: lost the listening connection; reconnecting");
    retry = setTimeout(() => void connect(), delay);
    retry.unref();
  };

  const connect = async () => {
    retry = null;
    if (stopped) return;
    const c = new pg.Client({ connectionString, keepAlive: true, connectionTimeoutMillis: PING_TIMEOUT_MS, query_timeout: PING_TIMEOUT_MS, application_name: "readahead-invalidation-listener" });
    client = c;
    c.on("error", (err) => lose(c, err));
    c.on("end", () => lose(c, new Error("connection ended")));
    c.on("notification", (msg) => {
      if (msg.channel !== INVALIDATION_CHANNEL) return;
      const inv = decodeInvalidation(msg.payload);
      if (inv) applyInvalidation(inv);
      else log.warn({ payload: msg.payload?.slice(0, 200) }, "cluster bus: ignored an unreadable announcement");
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${INVALIDATION_CHANNEL}`);
    } catch (err) {
      lose(c, err);
      return;
    }
    if (stopped || client !== c) {
      // Stopped (or replaced) while connecting: this connection is nobody's.
      await c.end().catch(() => undefined);
      return;
    }
    listening = true;
    // Whatever was announced while this process was not listening is lost: start over.
    invalidateEverythingHere();
    if (attempt > 0) log.info({ attempts: attempt }, "cluster bus: listening again; cached pages and data dropped");
    attempt = 0;
    ping = setInterval(() => {
      c.query("SELECT 1").catch((err: unknown) => lose(c, err));
    }, PING_INTERVAL_MS);
    ping.unref();
  };

  void connect();
  return {
    get isListening() {
      return listening;
    },
    stop: async () => {
      stopped = true;
      onLocalRevalidate(null);
      if (retry) clearTimeout(retry);
      if (ping) clearInterval(ping);
      const c = client;
      client = null;
      listening = false;
      if (c) await c.end().catch(() => undefined);
    },
  };
}
