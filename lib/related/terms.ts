/**
 * An article's terms for related-coverage scoring: weighted counts over title and
 * lede, and a per-process memo of them.
 *
 * The memo: each computeRelatedFor call scores against every article in the window (thousands) to get document frequencies, while only a
 * handful are new: without this, a poll of ten articles spends most of its time
 * re-tokenizing the same window. Keyed by article id and validated against the
 * text itself (not updatedAt), so an edit made by any writer is never served stale.
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

// ~50,000 entries is several days of a few hundred sources; about 25 MB.
const MAX_ENTRIES = 50_000;
const cache = new Map<number, { title: string; excerpt: string; counts: Map<string, number> }>();

/** countTerms(title, excerpt), memoised per article id while its text is unchanged. */
export function countTermsCached(id: number, title: string, excerpt: string): Map<string, number> {
  const hit = cache.get(id);
  if (hit && hit.title === title && hit.excerpt === excerpt) return hit.counts;
  // Insertion order makes the Map a FIFO: drop the oldest entry.
  if (!hit && cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  const counts = countTerms(title, excerpt);
  cache.set(id, { title, excerpt, counts });
  return counts;
}
