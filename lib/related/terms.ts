/**
 * An article's terms for related-coverage scoring: weighted counts over title and
 * lede, and a per-process memo of them in a compact form.
 *
 * The memo: each computeRelatedFor call scores against every article in the window
 * (thousands) to get document frequencies, while only a handful are new: without
 * it, a poll of ten articles spends most of its time re-tokenizing the same window.
 * Keyed by article id and validated against a hash of the text itself (not
 * updatedAt), so an edit made by any writer is never served stale.
 *
 * Compact because it lives as long as the worker: terms are interned as numbers in
 * one vocabulary, and an article's counts are one Int32Array of (term, count)
 * pairs. Measured with 20,000 synthetic 80-word articles: a Map of term strings
 * per article, kept with its text, held about 1.9 KB each (95 MB at the cap below);
 * packed, about 0.6 KB (30 MB), vocabulary growth included.
 */
import { tokenize } from "./tokenize";

// A headline states the story; an excerpt adds context words that other stories
// share too. Each title occurrence counts this many excerpt occurrences.
export const TITLE_WEIGHT = 2;
// Ledes carry the story; past this many characters excerpts drift into background.
export const EXCERPT_CHARS = 400;

/** Weighted term counts of one article: title terms count TITLE_WEIGHT, excerpt terms 1. */
export function countTerms(title: string, excerpt: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokenize(title)) counts.set(t, (counts.get(t) ?? 0) + TITLE_WEIGHT);
  for (const t of tokenize(excerpt.slice(0, EXCERPT_CHARS))) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/**
 * An article's counts as interned term ids: [term0, count0, term1, count1, …].
 * Ids are only meaningful within one Vocabulary generation (see termVectors).
 */
export type TermVector = Int32Array;

// Several days of a few hundred sources; about 30 MB packed.
const MAX_ENTRIES = 50_000;
// Interned terms are never forgotten one by one (an id may be in any memo entry);
// past this many the vocabulary and the memo start over together.
const MAX_VOCABULARY = 400_000;

const vocabulary = new Map<string, number>();
const memo = new Map<number, { textHash: number; vector: TermVector }>();

/** The number of distinct terms interned so far: every term id is below it. */
export function vocabularySize(): number {
  return vocabulary.size;
}

function intern(term: string): number {
  let id = vocabulary.get(term);
  if (id === undefined) {
    id = vocabulary.size;
    vocabulary.set(term, id);
  }
  return id;
}

/** A 53-bit hash (cyrb53) of the text the counts came from: a changed title or lede recounts. */
function textHash(title: string, excerpt: string): number {
  // Only the lede counts (countTerms reads no further), so only the lede is hashed.
  const end = Math.min(excerpt.length, EXCERPT_CHARS);
  let h1 = 0xdeadbeef ^ title.length;
  let h2 = 0x41c6ce57 ^ end;
  for (let i = 0; i < title.length; i++) {
    const ch = title.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  for (let i = 0; i < end; i++) {
    const ch = excerpt.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function vectorOf(title: string, excerpt: string): TermVector {
  const counts = countTerms(title, excerpt);
  const v = new Int32Array(counts.size * 2);
  let k = 0;
  for (const [t, c] of counts) {
    v[k++] = intern(t);
    v[k++] = c;
  }
  return v;
}

/**
 * Term vectors for `docs`, memoised per article id while its text is unchanged.
 * Every vector of one call shares one vocabulary generation: the vocabulary is
 * only ever reset here, before the call's first lookup.
 */
export function termVectors(docs: readonly { id: number; title: string; excerpt: string }[]): TermVector[] {
  if (vocabulary.size > MAX_VOCABULARY) {
    vocabulary.clear();
    memo.clear();
  }
  return docs.map((d) => {
    const hash = textHash(d.title, d.excerpt);
    const hit = memo.get(d.id);
    if (hit && hit.textHash === hash) return hit.vector;
    // Insertion order makes the Map a FIFO: drop the oldest entry.
    if (!hit && memo.size >= MAX_ENTRIES) memo.delete(memo.keys().next().value!);
    const vector = vectorOf(d.title, d.excerpt);
    memo.set(d.id, { textHash: hash, vector });
    return vector;
  });
}

/** A vector back as term → count (for tests and debugging). */
export function vectorTerms(vector: TermVector): Map<string, number> {
  const names = new Map<number, string>();
  for (const [t, id] of vocabulary) names.set(id, t);
  const out = new Map<string, number>();
  for (let k = 0; k < vector.length; k += 2) out.set(names.get(vector[k]!)!, vector[k + 1]!);
  return out;
}
