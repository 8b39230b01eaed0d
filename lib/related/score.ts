/**
 * TF-IDF cosine similarity between articles, computed in memory over one time
 * window's articles. I/O-free; lib/related/compute.ts loads the rows and stores
 * the pairs. Why TF-IDF and not Postgres full-text or trigrams: see compute.ts.
 */
import { termVectors, vocabularySize } from "./terms";

/** What scoring needs of an article. */
export interface RelatedDoc {
  id: number;
  sourceId: number;
  // The article lists show for this one: itself, or the first copy of its URL
  // (duplicateOfId), with that copy's source.
  primaryId: number;
  primarySourceId: number;
  publishedAtMs: number;
  title: string;
  excerpt: string;
}

/** One entry of an article's related list. */
export interface RelatedHit {
  relatedId: number;
  score: number;
}

export interface RankOptions {
  windowMs: number;
  // Hits below this cosine are noise (a shared "Google" or "chip"), not coverage.
  minScore: number;
  /**
   * Keep each target's best `limit` hits only. Without it a window where every
   * article shares the same boilerplate (seen with big synthetic feeds) made
   * millions of hits, and the worker ran out of heap holding them.
   */
  limit?: number;
}

export const DEFAULT_MIN_SCORE = 0.12;

/**
 * Window stopwords: in a window of at least WINDOW_STOPWORD_MIN_DOCS articles, a term
 * found in more than WINDOW_STOPWORD_SHARE of them is left out of every vector. Such
 * a term is boilerplate (a podcast network's shared blurb, "appeared first on…"),
 * not a story: it made unrelated articles look alike, and its postings list (the
 * whole window) made scoring quadratic — 16 synthetic feeds sharing one paragraph
 * spent 129 s of the worker's event loop scoring. Below the minimum a window is too
 * small to tell boilerplate from a story everyone covers.
 */
export const WINDOW_STOPWORD_MIN_DOCS = 1000;
export const WINDOW_STOPWORD_SHARE = 0.5;

/** The document frequency above which a term is a window stopword (Infinity for small windows). */
export function windowStopwordDf(windowDocs: number): number {
  return windowDocs >= WINDOW_STOPWORD_MIN_DOCS ? Math.floor(windowDocs * WINDOW_STOPWORD_SHARE) : Number.POSITIVE_INFINITY;
}

/**
 * Smoothed inverse document frequency over `docs`: ln((N + 1) / (df + 1)) + 1.
 * A term in every article still weighs 1 (never 0, so two articles that share only
 * common words stay comparable to each other, just weakly).
 */
export function inverseDocumentFrequency(docs: Iterable<Map<string, number>>): Map<string, number> {
  const df = new Map<string, number>();
  let n = 0;
  for (const d of docs) {
    n++;
    for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const idf = new Map<string, number>();
  for (const [t, f] of df) idf.set(t, Math.log((n + 1) / (f + 1)) + 1);
  return idf;
}

/** L2-normalised TF-IDF vector (rankRelated's reference arithmetic); term frequency is dampened (1 + ln tf) so a repeated word cannot dominate. */
export function weightTerms(counts: Map<string, number>, idf: Map<string, number>): Map<string, number> {
  const v = new Map<string, number>();
  let sumSq = 0;
  for (const [t, c] of counts) {
    const w = (1 + Math.log(c)) * (idf.get(t) ?? 1);
    v.set(t, w);
    sumSq += w * w;
  }
  const norm = Math.sqrt(sumSq) || 1;
  for (const [t, w] of v) v.set(t, w / norm);
  return v;
}

/** Cosine of two normalised vectors (iterates the smaller). */
export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) dot += w * (large.get(t) ?? 0);
  return dot;
}

/**
 * For each target, every article of another source within the window scoring at
 * least minScore, collapsed to primaries (best score per primary), best first,
 * ties by id. The target's own copies (same primary) and anything whose article or
 * primary comes from the target's source are left out. IDF is taken over `pool`,
 * which must contain the targets; the pool's window stopwords count for nothing.
 */
export function rankRelated(targets: RelatedDoc[], pool: RelatedDoc[], opts: RankOptions): Map<number, RelatedHit[]> {
  // Same arithmetic as weightTerms + cosine, without building a normalised vector
  // per pool article: a poll of ten articles still scores against a window of
  // thousands, and those allocations were most of its time. Terms are interned ids
  // (lib/related/terms.ts), so document frequencies are arrays indexed by term.
  const vectors = termVectors(pool);
  const df = new Uint32Array(vocabularySize());
  for (const v of vectors) for (let k = 0; k < v.length; k += 2) df[v[k]!]!++;
  const stopDf = windowStopwordDf(pool.length);
  const kept = (t: number) => df[t]! <= stopDf;
  // ln((N + 1) / (df + 1)) + 1, as inverseDocumentFrequency; 0 marks "not yet computed" (an IDF is at least 1).
  const idfCache = new Float64Array(df.length);
  const idf = (t: number) => idfCache[t] || (idfCache[t] = Math.log((pool.length + 1) / (df[t]! + 1)) + 1);
  const norms = new Float64Array(pool.length);
  vectors.forEach((v, i) => {
    let sumSq = 0;
    for (let k = 0; k < v.length; k += 2) if (kept(v[k]!)) sumSq += ((1 + Math.log(v[k + 1]!)) * idf(v[k]!)) ** 2;
    norms[i] = Math.sqrt(sumSq) || 1;
  });
  const indexById = new Map(pool.map((d, i) => [d.id, i]));
  const targetIdx = targets.map((t) => {
    const i = indexById.get(t.id);
    if (i === undefined) throw new Error(`rankRelated: target ${t.id} is not in the pool`);
    return i;
  });
  // Inverted index over the targets' terms only (the only ones ever looked up),
  // holding unnormalised weights; dot products are divided by the norms at the end.
  const postings = new Map<number, { docs: number[]; weights: number[] }>();
  for (const i of targetIdx) {
    const v = vectors[i]!;
    for (let k = 0; k < v.length; k += 2) if (kept(v[k]!) && !postings.has(v[k]!)) postings.set(v[k]!, { docs: [], weights: [] });
  }
  vectors.forEach((v, j) => {
    for (let k = 0; k < v.length; k += 2) {
      const list = postings.get(v[k]!);
      if (!list) continue;
      list.docs.push(j);
      list.weights.push((1 + Math.log(v[k + 1]!)) * idf(v[k]!));
    }
  });
  const acc = new Float64Array(pool.length);

  const result = new Map<number, RelatedHit[]>();
  for (const [n, target] of targets.entries()) {
    const ti = targetIdx[n]!;
    const touched: number[] = [];
    const v = vectors[ti]!;
    for (let q = 0; q < v.length; q += 2) {
      const list = postings.get(v[q]!);
      if (!list) continue; // a window stopword
      const w = ((1 + Math.log(v[q + 1]!)) * idf(v[q]!)) / norms[ti]!;
      for (let k = 0; k < list.docs.length; k++) {
        const j = list.docs[k]!;
        const prev = acc[j]!;
        if (prev === 0) touched.push(j);
        acc[j] = prev + w * list.weights[k]!;
      }
    }
    const best = new Map<number, number>();
    for (const j of touched) {
      const dot = acc[j]! / norms[j]!;
      acc[j] = 0;
      const c = pool[j]!;
      // Rounded so both directions of a pair get the same number (their dot
      // products sum in different orders).
      const score = Math.round(dot * 1e6) / 1e6;
      if (score < opts.minScore) continue;
      if (c.primaryId === target.primaryId) continue;
      if (c.sourceId === target.sourceId || c.primarySourceId === target.sourceId) continue;
      if (Math.abs(c.publishedAtMs - target.publishedAtMs) > opts.windowMs) continue;
      if (score > (best.get(c.primaryId) ?? -1)) best.set(c.primaryId, score);
    }
    result.set(target.id, bestHits(best, opts.limit ?? Number.POSITIVE_INFINITY));
  }
  return result;
}

/** Whether hit a ranks below hit b: lower score, or the same score and a higher id. */
function ranksBelow(aScore: number, aId: number, bScore: number, bId: number): boolean {
  return aScore < bScore || (aScore === bScore && aId > bId);
}

/**
 * The best `limit` of `scores` (relatedId → score), best first, ties by id. Past
 * `limit` candidates it keeps a bounded min-heap (the root is the worst kept), so
 * a target with tens of thousands of candidates costs O(n log limit), not a sort.
 */
export function bestHits(scores: Map<number, number>, limit: number): RelatedHit[] {
  const byRank = (a: RelatedHit, b: RelatedHit) => b.score - a.score || a.relatedId - b.relatedId;
  if (limit <= 0) return [];
  if (scores.size <= limit) return [...scores].map(([relatedId, score]) => ({ relatedId, score })).sort(byRank);
  const heapIds: number[] = [];
  const heapScores: number[] = [];
  const swap = (i: number, j: number) => {
    [heapIds[i], heapIds[j]] = [heapIds[j]!, heapIds[i]!];
    [heapScores[i], heapScores[j]] = [heapScores[j]!, heapScores[i]!];
  };
  for (const [id, score] of scores) {
    if (heapIds.length < limit) {
      heapIds.push(id);
      heapScores.push(score);
      for (let i = heapIds.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!ranksBelow(heapScores[i]!, heapIds[i]!, heapScores[parent]!, heapIds[parent]!)) break;
        swap(i, parent);
        i = parent;
      }
      continue;
    }
    if (!ranksBelow(heapScores[0]!, heapIds[0]!, score, id)) continue;
    heapIds[0] = id;
    heapScores[0] = score;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < limit && ranksBelow(heapScores[l]!, heapIds[l]!, heapScores[worst]!, heapIds[worst]!)) worst = l;
      if (r < limit && ranksBelow(heapScores[r]!, heapIds[r]!, heapScores[worst]!, heapIds[worst]!)) worst = r;
      if (worst === i) break;
      swap(i, worst);
      i = worst;
    }
  }
  return heapIds.map((relatedId, i) => ({ relatedId, score: heapScores[i]! })).sort(byRank);
}
