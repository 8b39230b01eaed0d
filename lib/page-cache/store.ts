/**
 * A small in-memory store of rendered pages for readers without a session: a
 * bounded LRU with a freshness window, stale-while-refresh and one refill per
 * key at a time. I/O-free (the caller passes the loader), so it is unit tested
 * directly; proxy.ts decides what may be stored.
 *
 * Changes empty it through forget(), paced (./pacer.ts) so a loop of them cannot
 * keep every reader waiting for a render; ./cluster-bus.ts forgets it on every web
 * process (forgetSharedPages).
 *
 * It lives on globalThis because the proxy and the server actions that forget
 * pages are bundled separately but run in one process: a module-level Map would
 * exist once per bundle.
 */

import { InvalidationPacer } from "./pacer";

/** One stored response: what the proxy replays to the next reader. */
export interface StoredPage {
  status: number;
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
}

interface Entry {
  page: StoredPage;
  storedAt: number;
}

export interface PageStoreOptions {
  /** How long an entry is served without a refill, in ms. */
  freshMs: number;
  /** How long a stale entry may still be served while one refill runs, in ms. */
  staleMs: number;
  /** Most entries kept; the least recently used goes first. */
  maxEntries: number;
  /** Most body bytes kept in all (any URL's query string makes a new entry). */
  maxBytes: number;
  /** forget() calls that empty the store at once after a quiet spell. */
  clearBurst: number;
  /** After those, the least time between two emptyings, in ms (later changes wait at most this long). */
  clearIntervalMs: number;
}

export class PageStore {
  private readonly entries = new Map<string, Entry>();
  private readonly refills = new Map<string, Promise<StoredPage | null>>();
  private generation = 0;
  private bytes = 0;
  private readonly pacer: InvalidationPacer;

  constructor(
    private readonly opts: PageStoreOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.pacer = new InvalidationPacer({ burst: opts.clearBurst, intervalMs: opts.clearIntervalMs }, now);
  }

  /**
   * The page for `key`: a fresh entry as it is; a stale one as it is while a
   * refill runs in the background; else the result of `load` (shared by every
   * caller waiting on the same key). `load` returns null for a response that must
   * not be stored; the caller then renders the request itself.
   */
  async get(key: string, load: () => Promise<StoredPage | null>): Promise<{ page: StoredPage | null; state: "hit" | "stale" | "miss" }> {
    // The trailing clear of paced changes runs on the first read after it is due:
    // nothing can observe the store between then and this read.
    if (this.pacer.takeDue()) this.clear();
    const entry = this.entries.get(key);
    const age = entry ? this.now() - entry.storedAt : Infinity;
    if (entry && age <= this.opts.freshMs) {
      this.touch(key, entry);
      return { page: entry.page, state: "hit" };
    }
    if (entry && age <= this.opts.freshMs + this.opts.staleMs) {
      this.touch(key, entry);
      void this.refill(key, load).catch(() => undefined);
      return { page: entry.page, state: "stale" };
    }
    if (entry) this.remove(key);
    return { page: await this.refill(key, load), state: "miss" };
  }

  /**
   * A member's change altered what readers see: empties the store now, or, when
   * changes come faster than the pace allows, once at the trailing time.
   */
  forget(): void {
    if (this.pacer.request().runNow) this.clear();
  }

  /** Drops every entry now, unpaced. */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    // A refill that started before the write may carry the old page: don't keep it.
    this.generation++;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Body bytes held. */
  get byteSize(): number {
    return this.bytes;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.page.body.byteLength;
  }

  private touch(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  private refill(key: string, load: () => Promise<StoredPage | null>): Promise<StoredPage | null> {
    const running = this.refills.get(key);
    if (running) return running;
    const generation = this.generation;
    const p = load()
      .then((page) => {
        if (page && generation === this.generation) {
          this.remove(key);
          this.entries.set(key, { page, storedAt: this.now() });
          this.bytes += page.body.byteLength;
          while (this.entries.size > this.opts.maxEntries || this.bytes > this.opts.maxBytes) this.remove(this.entries.keys().next().value!);
        }
        return page;
      })
      .finally(() => this.refills.delete(key));
    this.refills.set(key, p);
    return p;
  }
}

/** Readers may see a page this old (ms) before it is rendered again; the data under it is cached 30 s as well. */
export const SHARED_PAGE_FRESH_MS = 15_000;
/** After that, the old page is still served (ms) while one request renders the new one. */
export const SHARED_PAGE_STALE_MS = 10_000;
const SHARED_PAGE_MAX_ENTRIES = 500;
const SHARED_PAGE_MAX_BYTES = 64 * 1024 * 1024;
// A vote and a comment in a row show at once; a loop of changes empties the store
// once per 2 s at most, so a page is rendered at most that often on its account.
const SHARED_PAGE_CLEAR_BURST = 3;
const SHARED_PAGE_CLEAR_INTERVAL_MS = 2_000;

const KEY = Symbol.for("readahead.sharedPages");

/** The process's store of pages served to readers without a session. */
export function sharedPages(): PageStore {
  const g = globalThis as { [KEY]?: PageStore };
  g[KEY] ??= new PageStore({
    freshMs: SHARED_PAGE_FRESH_MS,
    staleMs: SHARED_PAGE_STALE_MS,
    maxEntries: SHARED_PAGE_MAX_ENTRIES,
    maxBytes: SHARED_PAGE_MAX_BYTES,
    clearBurst: SHARED_PAGE_CLEAR_BURST,
    clearIntervalMs: SHARED_PAGE_CLEAR_INTERVAL_MS,
  });
  return g[KEY];
}
