// @ts-check
/**
 * Next's data cache (unstable_cache in lib/articles/cached.ts) as a custom
 * `cacheHandler` (next.config.js), so that another web process can invalidate it.
 * Next's built-in handler keeps its tag state where only a request's own
 * revalidateTag reaches it; this one keeps it on globalThis, where the cluster bus
 * (./cluster-bus.ts) writes what other processes invalidated (expireTags) and, after
 * missed notifications, that everything is invalid (expireEverything). Each local
 * revalidateTag/revalidatePath is handed to the bus to announce (onLocalRevalidate).
 *
 * Plain JavaScript because Next loads this file itself, with Node's import() at run
 * time (no bundler, no TypeScript loader). ./data-cache-handler.d.mts types it for
 * the TypeScript side.
 *
 * What it keeps: entries in memory only, an LRU bounded by cacheMaxMemorySize
 * (Next passes it as maxMemoryCacheSize), so no request grows it, or anything on
 * disk, without bound, and a restart starts cold. Tags are simplified to one time per
 * tag: an entry stored before its tag's time is gone. Next's `revalidateTag(tag,
 * "max")` would serve such an entry once more and refresh it behind; here the next
 * read fetches it again. The page store above (./store.ts) serves readers meanwhile,
 * so one render waits on its queries, and no page is rebuilt from data older than the
 * change (which, stored for 15 s, would hide the change that long).
 *
 * A read that began before an invalidation and is stored after it carries data from
 * before the change: an entry counts as stored when the read that missed it (or found
 * it due for a refresh) happened, not when its value arrived, so such an entry is
 * invalid at its next read.
 */

// Shared by every copy of this module in the process (Next loads this file; the web
// server's bundle carries another copy). If you change its shape, change
// data-cache-handler.d.mts.
const STATE = Symbol.for("readahead.dataCache");
// Next passes cacheMaxMemorySize; this is for a handler built without it.
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
// Tag times kept; past this the table is dropped and everything counts as invalid
// (safe, and bounded whatever paths members' actions revalidate).
const MAX_TAGS = 10_000;
// Keys remembered between a miss and the value that fills it (a bound, not a target).
const MAX_PENDING = 10_000;
// What an entry costs besides its payload (key, bookkeeping), in bytes.
const ENTRY_OVERHEAD_BYTES = 256;

/**
 * @typedef {{ value: any, lastModified: number, tags: string[], size: number }} Entry
 * @typedef {{
 *   entries: Map<string, Entry>,
 *   bytes: number,
 *   maxBytes: number,
 *   tagTimes: Map<string, number>,
 *   allExpiredAt: number,
 *   missedAt: Map<string, number>,
 *   onRevalidate: ((tags: string[]) => void) | null,
 * }} State
 */

/** @returns {State} */
function state() {
  const g = /** @type {Record<symbol, State | undefined>} */ (/** @type {unknown} */ (globalThis));
  g[STATE] ??= { entries: new Map(), bytes: 0, maxBytes: DEFAULT_MAX_BYTES, tagTimes: new Map(), allExpiredAt: 0, missedAt: new Map(), onRevalidate: null };
  return g[STATE];
}

/**
 * Invalidates every entry carrying one of `tags` (explicit tags or Next's `_N_T_`
 * path tags) that was stored up to `now`.
 * @param {string[]} tags
 * @param {number} [now]
 */
export function expireTags(tags, now = Date.now()) {
  const s = state();
  for (const tag of tags) {
    s.tagTimes.delete(tag);
    s.tagTimes.set(tag, now);
  }
  if (s.tagTimes.size > MAX_TAGS) expireEverything(now);
}

/**
 * Invalidates every entry stored up to `now` (after notifications were missed).
 * @param {number} [now]
 */
export function expireEverything(now = Date.now()) {
  const s = state();
  s.allExpiredAt = Math.max(s.allExpiredAt, now);
  s.tagTimes.clear();
  s.entries.clear();
  s.bytes = 0;
}

/**
 * Registers who announces this process's own revalidations (the cluster bus), or null.
 * @param {((tags: string[]) => void) | null} fn
 */
export function onLocalRevalidate(fn) {
  state().onRevalidate = fn;
}

/**
 * Entries and body bytes held (for tests).
 * @returns {{ entries: number, bytes: number }}
 */
export function dataCacheSize() {
  const s = state();
  return { entries: s.entries.size, bytes: s.bytes };
}

/** @param {any} value */
function sizeOf(value) {
  if (value?.kind === "FETCH") return JSON.stringify(value.data ?? null).length + ENTRY_OVERHEAD_BYTES;
  // Pages and route responses: their bodies dominate.
  let n = ENTRY_OVERHEAD_BYTES;
  for (const part of [value?.html, value?.rscData, value?.body, value?.pageData]) {
    if (typeof part === "string" || ArrayBuffer.isView(part)) n += /** @type {{ length?: number, byteLength?: number }} */ (part).byteLength ?? part.length;
  }
  return n;
}

/** @param {any} value @returns {string[]} */
function tagsOfResponse(value) {
  const header = value?.headers?.["x-next-cache-tags"];
  return typeof header === "string" ? header.split(",").filter(Boolean) : [];
}

/** Remembers when `key`'s value was first found missing (or due) since it was last stored. @param {State} s @param {string} key @param {number} now */
function noteMiss(s, key, now) {
  if (s.missedAt.has(key)) return;
  if (s.missedAt.size >= MAX_PENDING) s.missedAt.clear();
  s.missedAt.set(key, now);
}

/** @param {State} s @param {string} key */
function remove(s, key) {
  const entry = s.entries.get(key);
  if (!entry) return;
  s.entries.delete(key);
  s.bytes -= entry.size;
}

export default class DataCacheHandler {
  /** @param {{ maxMemoryCacheSize?: number }} [ctx] */
  constructor(ctx) {
    // Next builds a handler per request; the entries live in the shared state.
    if (ctx?.maxMemoryCacheSize) state().maxBytes = ctx.maxMemoryCacheSize;
  }

  /**
   * @param {string} key
   * @param {{ kind?: string, tags?: string[], softTags?: string[] }} [ctx]
   */
  async get(key, ctx) {
    const s = state();
    const now = Date.now();
    const entry = s.entries.get(key);
    if (!entry) {
      noteMiss(s, key, now);
      return null;
    }
    let invalid = entry.lastModified <= s.allExpiredAt;
    for (const tag of [...entry.tags, ...(ctx?.tags ?? []), ...(ctx?.softTags ?? [])]) {
      if (invalid) break;
      const at = s.tagTimes.get(tag);
      invalid = at !== undefined && at >= entry.lastModified;
    }
    if (invalid) {
      remove(s, key);
      noteMiss(s, key, now);
      return null;
    }
    // Next refreshes an entry older than its revalidate time behind this read.
    const revalidateSec = entry.value?.revalidate;
    if (typeof revalidateSec === "number" && now - entry.lastModified > revalidateSec * 1000) noteMiss(s, key, now);
    // Least recently used goes first.
    s.entries.delete(key);
    s.entries.set(key, entry);
    return { lastModified: entry.lastModified, value: entry.value };
  }

  /**
   * @param {string} key
   * @param {any} value
   * @param {{ tags?: string[] }} [ctx]
   */
  async set(key, value, ctx) {
    const s = state();
    remove(s, key);
    if (value === null || value === undefined) return;
    const size = sizeOf(value);
    if (size > s.maxBytes) return;
    const tags = [...(ctx?.tags ?? []), ...tagsOfResponse(value)];
    const now = Date.now();
    const readAt = Math.min(s.missedAt.get(key) ?? now, now);
    s.missedAt.delete(key);
    s.entries.set(key, { value, lastModified: readAt, tags, size });
    s.bytes += size;
    while (s.bytes > s.maxBytes) {
      const oldest = s.entries.keys().next().value;
      if (oldest === undefined) break;
      remove(s, oldest);
    }
  }

  /** @param {string | string[]} tags */
  async revalidateTag(tags) {
    const list = typeof tags === "string" ? [tags] : tags;
    if (list.length === 0) return;
    expireTags(list);
    const announce = state().onRevalidate;
    if (announce) {
      try {
        announce(list);
      } catch (err) {
        console.error("readahead data cache: announcing a revalidation failed", err);
      }
    }
  }

  resetRequestCache() {}
}
