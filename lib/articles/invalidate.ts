/**
 * Invalidating the articles' data cache after a member's change, paced like the
 * page store (lib/page-cache/pacer.ts): a change after a quiet spell marks every
 * ARTICLES_TAG entry stale at once; a loop of changes does so once per
 * ARTICLE_DATA_INTERVAL_MS at most, with one trailing invalidation so the last
 * change still reaches the lists. Server actions only: revalidateTag needs the
 * request's context, so the trailing one runs in after() of the request that
 * deferred it.
 */
import { revalidateTag } from "next/cache";
import { after } from "next/server";
import { InvalidationPacer } from "../page-cache/pacer";
import { ARTICLES_TAG } from "./cached";

const ARTICLE_DATA_BURST = 3;
/** After a burst, the least time between two invalidations of ARTICLES_TAG, in ms. */
const ARTICLE_DATA_INTERVAL_MS = 5_000;

// On globalThis for the reason the page store is: each server bundle has its own module copy.
const KEY = Symbol.for("readahead.articleDataPacer");

function pacer(): InvalidationPacer {
  const g = globalThis as { [KEY]?: InvalidationPacer };
  g[KEY] ??= new InvalidationPacer({ burst: ARTICLE_DATA_BURST, intervalMs: ARTICLE_DATA_INTERVAL_MS });
  return g[KEY];
}

/** Marks everything derived from articles stale (paced). Call it only when a change was made. */
export function invalidateArticleData(): void {
  const decision = pacer().request();
  if (decision.runNow) {
    revalidateTag(ARTICLES_TAG, "max");
    return;
  }
  if (!decision.isNew) return; // rides with the trailing run another request scheduled
  after(async () => {
    await new Promise((r) => setTimeout(r, Math.max(0, decision.dueAt - Date.now())));
    // Not taken if a later change found it overdue and ran it itself.
    if (pacer().takeDue()) revalidateTag(ARTICLES_TAG, "max");
  });
}
