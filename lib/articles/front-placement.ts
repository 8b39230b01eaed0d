/**
 * The front page's source cap: no source holds more than `cap` of any `window`
 * consecutive entries (FRONT_SOURCE_CAP of FRONT_SOURCE_WINDOW, default 3 of 30).
 * Pure and I/O-free; the worker (./front-refresh.ts) and a member's own front page
 * (./front.ts) both place entries with placeFrontEntries.
 *
 * The rule (greedy over hot order, one slot at a time): fill the next slot with the
 * best-ranked remaining entry whose source has fewer than `cap` entries among the
 * last `window - 1` placed; an entry skipped for its source waits, and takes the first
 * slot where its source fits again. So a flooding source is pushed down, never
 * dropped while it fits, and each source's own entries keep their order. Two limits:
 * - No remaining entry fits only when fewer than ceil(window / cap) sources still have
 *   entries (9 full sources fill at most 27 of the 29 slots looked at): towards the
 *   list's end, or on a site with fewer sources than that. Then, with `endAtExcess`
 *   (the front page) on a site with enough sources, the most prolific remaining source
 *   (a flood) keeps waiting and the best entry of the others is placed, over the cap;
 *   when the flood is all that is left, the list ends: the flood never exceeds the cap
 *   anywhere, and its excess is on /new and its source's page. On a small site (fewer
 *   sources than that in all), or without the option, the best entry is placed anyway.
 * - `lookahead` (hot-order entries) bounds how far down a fitting entry is looked for
 *   before that same fallback; the worker passes Infinity.
 *
 * Why the worker stores the placement (design choice, measured against the options):
 * (a) stored: the worker places the whole list after each rank refresh and writes a
 *     key only for entries it moved (articles."frontRank"; everything else keeps its
 *     hotRank, see frontKeys). The page reads `ORDER BY coalesce(frontRank, hotRank)
 *     DESC, id DESC` from the partial index articles_front_idx: the same indexed walk
 *     that stops after a page as before, and a keyset cursor (key, id) that stays exact
 *     while articles arrive, as the hot cursor did. Costs: a full pass per refresh (a
 *     read of (id, sourceId, hotRank) per listed article, O(n log sources) in memory,
 *     writes only where placement changed); entries that arrive between passes sit at
 *     their hot rank until the next pass, which the worker runs shortly after a poll
 *     adds articles (jobs/follow-ups.ts); a vote lifts an unmoved entry at once and a
 *     moved one at the next pass.
 * (b) read-time placement with state in the cursor: its state is the last window's
 *     sources plus every deferred entry, which a flood makes unbounded (200 of 400
 *     entries from one source defer ~150): it does not fit a 200-char cursor, and the
 *     first page would read past the page to find 30 that fit. Rejected for the shared
 *     page. A member with mutes needs a placement of their own (taking entries out of
 *     a capped list can break the cap), so their page replays this function from the
 *     top over their filtered hot order (./front.ts), bounded in depth.
 *
 * If you change the rule, the table in tests/unit/front-placement.test.ts says what
 * must still hold.
 */

/** What placement needs of an entry: its source. Entries come in hot order (best first). */
export interface Placeable {
  sourceId: number;
}

export interface PlacementOptions {
  /** At most this many entries of one source… */
  cap: number;
  /** …in any this many consecutive entries. */
  window: number;
  /** True when `hotOrder` is the whole list; false when more entries may follow (then only decided slots are returned). */
  complete: boolean;
  /** How many hot-order entries below the best remaining one a fitting entry is looked for (default: no limit). */
  lookahead?: number;
  /**
   * End the list where nothing fits any more, instead of placing the best entry anyway,
   * when enough sources were given for the cap to be kept (ceil(window / cap) or more):
   * what is left then is a flood's excess, which stays on /new and its source's page
   * but not on the front page. With fewer sources (a small site) the cap cannot be kept
   * anywhere, and everything is placed as before.
   */
  endAtExcess?: boolean;
}

/** A binary min-heap of source ids keyed by the hot-order index of each source's next entry. */
class HeadHeap {
  private ids: number[] = [];
  constructor(private readonly keyOf: (sourceId: number) => number) {}
  get size(): number {
    return this.ids.length;
  }
  push(id: number): void {
    const a = this.ids;
    a.push(id);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keyOf(a[p]!) <= this.keyOf(a[i]!)) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): number | undefined {
    const a = this.ids;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.keyOf(a[l]!) < this.keyOf(a[m]!)) m = l;
        if (r < a.length && this.keyOf(a[r]!) < this.keyOf(a[m]!)) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Places entries given in hot order under the source cap (the rule above). With
 * `complete: false` it stops at the first slot whose entry could depend on entries
 * not given yet, so a longer input only ever extends the result.
 */
export function placeFrontEntries<T extends Placeable>(hotOrder: readonly T[], opts: PlacementOptions): T[] {
  return Array.from(placeFrontIndexes(hotOrder.map((e) => e.sourceId), opts), (i) => hotOrder[i]!);
}

/** placeFrontEntries over the entries' source ids alone (the worker's million-row pass); returns hot-order indexes in placed order. */
export function placeFrontIndexes(sourceIds: ArrayLike<number>, opts: PlacementOptions): number[] {
  const { cap, window, complete } = opts;
  const lookahead = opts.lookahead ?? Infinity;
  const total = sourceIds.length;
  // Each source's entries (as hot-order indexes) in order, and how many are placed.
  const queues = new Map<number, number[]>();
  const taken = new Map<number, number>();
  for (let i = 0; i < total; i++) {
    const s = sourceIds[i]!;
    const q = queues.get(s);
    if (q) q.push(i);
    else queues.set(s, [i]);
  }
  const headOf = (s: number) => queues.get(s)![taken.get(s) ?? 0]!;
  const heap = new HeadHeap(headOf);
  for (const s of queues.keys()) heap.push(s);

  // The sources of the last window - 1 placed entries (a ring), and how often each appears there.
  const ring = new Float64Array(Math.max(1, window - 1));
  let ringSize = 0;
  let ringHead = 0;
  const inRecent = new Map<number, number>();
  const placed: number[] = [];

  while (heap.size > 0) {
    // Pop sources in hot order until one fits; at most ceil((window - 1) / cap) are full.
    const full: number[] = [];
    let chosen: number | undefined;
    for (let s = heap.pop(); s !== undefined; s = heap.size > 0 ? heap.pop() : undefined) {
      if ((inRecent.get(s) ?? 0) < cap) {
        chosen = s;
        break;
      }
      full.push(s);
    }
    const best = full.length > 0 ? headOf(full[0]!) : chosen !== undefined ? headOf(chosen) : -1;
    if (chosen !== undefined && headOf(chosen) - best >= lookahead) {
      // A fit, but further down than we look: the best entry goes anyway.
      heap.push(chosen);
      chosen = undefined;
    } else if (chosen === undefined && !complete && total - best < lookahead) {
      // Nothing given fits, but an entry not given yet might: undecided.
      for (const s of full) heap.push(s);
      break;
    }
    if (chosen === undefined && opts.endAtExcess && queues.size >= Math.ceil(window / cap)) {
      // Nothing fits on a site big enough for the cap: keep the most prolific source
      // (the flood) waiting and place the best of the others; when it is the only one
      // left, the rest is its excess and the list ends.
      const remaining = (src: number) => queues.get(src)!.length - (taken.get(src) ?? 0);
      const flood = full.reduce((a, b) => (remaining(b) > remaining(a) ? b : a));
      const others = full.filter((src) => src !== flood);
      if (others.length === 0) break;
      chosen = others[0];
      full.splice(full.indexOf(chosen!), 1);
    }
    if (chosen === undefined) chosen = full.shift()!;
    for (const s of full) heap.push(s);

    placed.push(headOf(chosen));
    const n = (taken.get(chosen) ?? 0) + 1;
    taken.set(chosen, n);
    if (n < queues.get(chosen)!.length) heap.push(chosen);

    if (window > 1) {
      if (ringSize === ring.length) {
        // Full: the oldest leaves the window.
        const out = ring[ringHead]!;
        inRecent.set(out, inRecent.get(out)! - 1);
        ringHead = (ringHead + 1) % ring.length;
        ringSize--;
      }
      ring[(ringHead + ringSize) % ring.length] = chosen;
      ringSize++;
      inRecent.set(chosen, (inRecent.get(chosen) ?? 0) + 1);
    }
  }
  return placed;
}

const buf = new DataView(new ArrayBuffer(8));

/** The largest double below `x` (x finite). */
export function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  buf.setBigUint64(0, x > 0 ? bits - 1n : bits + 1n);
  return buf.getFloat64(0);
}

/**
 * The stored keys of a placed list (each entry's hotRank and id, in placed order):
 * null where the entry's own hotRank already sorts it after its predecessor in
 * (key DESC, id DESC) order, else the double just below the predecessor's key. Then
 * `ORDER BY coalesce(frontRank, hotRank) DESC, id DESC` reads the placed order back,
 * and an unmoved entry stores nothing (so a pass writes only what moved). Limit: inside a
 * run of equal hot ranks there is no key between two neighbours, so an entry pushed into
 * the run re-keys the rest of it. Ranks are computed at insert and are distinct in
 * practice; a benchmark seed that left 960,000 old articles tied at 0 wrote 952,000 keys
 * in one pass (62 s) for that reason.
 */
export function frontKeys(placed: readonly { id: number; hotRank: number }[]): (number | null)[] {
  const keys = frontKeysOf(placed.length, (k) => placed[k]!.id, (k) => placed[k]!.hotRank);
  return Array.from(keys, (k) => (Number.isNaN(k) ? null : k));
}

/** frontKeys without an object per entry (the worker's million-row pass): NaN where frontKeys says null. */
export function frontKeysOf(n: number, idAt: (k: number) => number, hotRankAt: (k: number) => number): Float64Array {
  const keys = new Float64Array(n);
  let prevKey = Infinity;
  let prevId = Infinity;
  for (let k = 0; k < n; k++) {
    const id = idAt(k);
    const hotRank = hotRankAt(k);
    const fits = hotRank < prevKey || (hotRank === prevKey && id < prevId);
    const key = fits ? hotRank : nextDown(prevKey);
    prevKey = key;
    prevId = id;
    keys[k] = fits ? NaN : key;
  }
  return keys;
}
