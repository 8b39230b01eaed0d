/**
 * The reading queries as the pages call them: through Next's data cache with a
 * short revalidation, so every reader of the same page shares one database
 * round-trip per REVALIDATE_SECONDS. Members' pages render per request with
 * their own state layered on; logged-out readers get whole rendered pages from
 * proxy.ts's store (lib/page-cache), which sits on top of this cache. The
 * cache stores JSON, so dates are revived on the way out. Tests call ./queries directly; this module needs a
 * Next request context.
 */
import { randomUUID } from "node:crypto";
import { unstable_cache } from "next/cache";
import { getSourceBySlug, listSourcesWithCounts, type SourceSummary } from "../sources/queries";
import { searchArticles, type SearchResult } from "../search/queries";
import { getArticle, listRelatedArticles } from "./article-queries";
import {
  getIngestStatus,
  listHotArticles,
  listNewestArticles,
  listSourceArticles,
  listTagArticles,
  listTopArticles,
  tagExists,
} from "./queries";
import type { ArticleDetail, ArticlePage, RelatedItem, TopPeriod } from "./types";

/** How stale a shared page may be, in seconds. */
export const REVALIDATE_SECONDS = 30;
/** Cache tag for everything derived from articles; revalidateTag(ARTICLES_TAG, "max") refreshes it all. */
export const ARTICLES_TAG = "articles";

const opts = { revalidate: REVALIDATE_SECONDS, tags: [ARTICLES_TAG] };

// Next keeps this cache on disk (.next/cache) across restarts and serves a stale
// entry once before revalidating: a server restarted against another database (a
// restore, tests, the benchmark) would show one round of the old database's rows.
// Keying every entry by this process's boot makes a restart start cold instead.
const BOOT = randomUUID();

function reviveDate(v: Date | string): Date;
function reviveDate(v: Date | string | null): Date | null;
function reviveDate(v: Date | string | null): Date | null {
  return v === null ? null : v instanceof Date ? v : new Date(v);
}

function revivePage(p: ArticlePage): ArticlePage {
  return { ...p, items: p.items.map((i) => ({ ...i, publishedAt: reviveDate(i.publishedAt) })) };
}

const hot = unstable_cache(listHotArticles, ["hot-v1", BOOT], opts);
const newest = unstable_cache(listNewestArticles, ["new-v1", BOOT], opts);
const top = unstable_cache(listTopArticles, ["top-v1", BOOT], opts);
const bySource = unstable_cache(listSourceArticles, ["source-articles-v1", BOOT], opts);
const byTag = unstable_cache(listTagArticles, ["tag-articles-v1", BOOT], opts);
const tagKnown = unstable_cache(tagExists, ["tag-exists-v1", BOOT], opts);
const ingest = unstable_cache(getIngestStatus, ["ingest-status-v1", BOOT], opts);
const search = unstable_cache(searchArticles, ["search-v1", BOOT], opts);
const sources = unstable_cache(listSourcesWithCounts, ["sources-v1", BOOT], opts);
const source = unstable_cache(getSourceBySlug, ["source-v1", BOOT], opts);

/** Cached listHotArticles. */
export const cachedHotArticles = async (cursor?: string) => revivePage(await hot(cursor));
/** Cached listNewestArticles. */
export const cachedNewestArticles = async (cursor?: string) => revivePage(await newest(cursor));
/** Cached listTopArticles (the period's start moves with the clock, at most REVALIDATE_SECONDS stale). */
export const cachedTopArticles = async (period: TopPeriod, cursor?: string) => revivePage(await top(period, cursor));
/** Cached listSourceArticles. */
export const cachedSourceArticles = async (sourceId: number, cursor?: string) => revivePage(await bySource(sourceId, cursor));
/** Cached listTagArticles. */
export const cachedTagArticles = async (tag: string, cursor?: string) => revivePage(await byTag(tag, cursor));
/** Cached tagExists. */
export const cachedTagExists = (tag: string) => tagKnown(tag);
/** Cached getIngestStatus. */
export const cachedIngestStatus = () => ingest();

/**
 * The cache tag of one article's page data. A member's vote or comment can call
 * `revalidateTag(articleCacheTag(id), "max")` (or updateTag in a server action, for
 * read-your-own-writes) so that page refreshes before REVALIDATE_SECONDS are up.
 */
export function articleCacheTag(id: number): string {
  return `article:${id}`;
}

/** Cached getArticle (tagged with articleCacheTag). */
export async function cachedArticle(id: number): Promise<ArticleDetail | null> {
  const load = unstable_cache(() => getArticle(id), ["article-v1", BOOT, String(id)], { ...opts, tags: [ARTICLES_TAG, articleCacheTag(id)] });
  const a = await load();
  return a && { ...a, publishedAt: reviveDate(a.publishedAt) };
}

/** Cached listRelatedArticles (tagged with articleCacheTag). */
export async function cachedRelated(articleId: number, sourceId: number): Promise<RelatedItem[]> {
  const load = unstable_cache(() => listRelatedArticles(articleId, sourceId), ["related-v1", BOOT, String(articleId), String(sourceId)], {
    ...opts,
    tags: [ARTICLES_TAG, articleCacheTag(articleId)],
  });
  return (await load()).map((r) => ({ ...r, publishedAt: reviveDate(r.publishedAt) }));
}

/** Cached searchArticles. */
export async function cachedSearch(query: string, page: number): Promise<SearchResult> {
  const r = await search(query, page);
  return { ...r, hits: r.hits.map((h) => ({ ...h, publishedAt: reviveDate(h.publishedAt) })) };
}

function reviveSource(s: SourceSummary): SourceSummary {
  return { ...s, lastFetchedAt: reviveDate(s.lastFetchedAt), lastSuccessAt: reviveDate(s.lastSuccessAt), nextCheckAt: reviveDate(s.nextCheckAt) };
}

/** Cached listSourcesWithCounts. */
export const cachedSources = async () => (await sources()).map(reviveSource);
/** Cached getSourceBySlug. */
export async function cachedSource(slug: string): Promise<SourceSummary | null> {
  const s = await source(slug);
  return s && reviveSource(s);
}
