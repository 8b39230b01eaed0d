/**
 * The data-cache tag of everything derived from articles, on its own so the worker
 * can name it in its announcements (lib/page-cache/cluster-bus.ts) without loading
 * next/cache; lib/articles/cached.ts tags its entries with it.
 */
export const ARTICLES_TAG = "articles";
