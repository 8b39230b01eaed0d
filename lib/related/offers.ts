/**
 * Which reverse rows are worth writing. A new article is offered to the lists of
 * every article it scored against; most of those lists are already full of better
 * entries, and each row written costs two foreign-key checks, so offers that the
 * trim would delete right away are dropped before the INSERT. I/O-free.
 */

/** A candidate row for `articleId`'s list. */
export interface Offer {
  articleId: number;
  relatedId: number;
  score: number;
}

/** What a list holds now: its length and its weakest score. */
export interface ListFloor {
  count: number;
  floor: number;
}

/**
 * The offers that can survive trimming to `maxPerArticle`: at most that many per
 * list (its best), and when the list is already full only those scoring at least
 * its weakest entry (ties kept; the trim breaks them by id). Keeps input order.
 */
export function pickOffers(offers: Offer[], floors: Map<number, ListFloor>, maxPerArticle: number): Offer[] {
  const byList = new Map<number, Offer[]>();
  for (const o of offers) {
    const list = byList.get(o.articleId);
    if (list) list.push(o);
    else byList.set(o.articleId, [o]);
  }
  const keep = new Set<Offer>();
  for (const [articleId, list] of byList) {
    const f = floors.get(articleId);
    const best = [...list].sort((a, b) => b.score - a.score || a.relatedId - b.relatedId).slice(0, maxPerArticle);
    for (const o of best) if (!f || f.count < maxPerArticle || o.score >= f.floor) keep.add(o);
  }
  return offers.filter((o) => keep.has(o));
}
