/**
 * The reading queries as the pages call them: through Next's data cache with a
 * short revalidation, so every reader of the same page shares one database
 * round-trip per REVALIDATE_SECONDS. Members' pages render per request with
 * their own state layered on; logged-out readers get whole rendered pages from
 * proxy.ts's store (lib/page-cache), which sits on top of this cache. The
 * cache stores JSON, so dates are revived on the way out. Tests call ./queries directly; this module needs a
 * Next request context.
 *
 * Keys carry validated values only: a cursor is decoded and encoded again
 * (canonicalCursor), a tag, slug or id is checked (./route-params), and anything
 * else returns null here, before the cache, so the page answers 404 and no key is
 * made of it. Searches are not cached here (any string is a search). The cache
 * itself is memory-only and bounded (next.config.js: no disk, an LRU of
 * cacheMaxMemorySize), so a restart starts cold and nothing is left behind.
 */
import { unstable_cache } from "next/cache";
import { ARTICLES_TAG } from "./cache-tag";
import { getSourceBySlug, listSourcesWithCounts, type SourceSummary } from "../sources/queries";
import { getArticle, listRelatedArticles } from "./article-queries";
import { canonicalCursor } from "./cursor";
import { FRONT_CURSOR, listFrontArticles } from "./front";
import {
  NEW_CURSOR,
  SOURCE_CURSOR,
  TAG_CURSOR,
  TOP_CURSOR,
  getIngestStatus,
  listNewestArticles,
  listSourceArticles,
  listTagArticles,
  listTopArticles,
  tagExists,
} from "./queries";
import { isStorableTag, parseArticleId, parseSourceSlug } from "./route-params";
import type { ArticleDetail, ArticlePage, RelatedItem, TopPeriod } from "./types";

/** How stale a shared page may be, in seconds. */
export const REVALIDATE_SECONDS = 30;
/** Cache tag for everything derived from articles; revalidateTag(ARTICLES_TAG, "max") refreshes it all. */
export { ARTICLES_TAG };

const opts = { revalidate: REVALIDATE_SECONDS, tags: [ARTICLES_TAG] };

function reviveDate(v: Date | string): Date;
function reviveDate(v: Date | string | null): Date | null;
function reviveDate(v: Date | string | null): Date | null {
  return v === null ? null : v instanceof Date ? v : new Date(v);
}

function revivePage(p: ArticlePage): ArticlePage {
  return { ...p, items: p.items.map((i) => ({ ...i, publishedAt: reviveDate(i.publishedAt) })) };
}

const front = unstable_cache(listFrontArticles, ["front-v1"], opts);
const newest = unstable_cache(listNewestArticles, ["new-v1"], opts);
const top = unstable_cache(listTopArticles, ["top-v1"], opts);
const bySource = unstable_cache(listSourceArticles, ["source-articles-v1"], opts);
const byTag = unstable_cache(listTagArticles, ["tag-articles-v1"], opts);
const tagKnown = unstable_cache(tagExists, ["tag-exists-v1"], opts);
const ingest = unstable_cache(getIngestStatus, ["ingest-status-v1"], opts);
const sources = unstable_cache(listSourcesWithCounts, ["sources-v1"], opts);
const source = unstable_cache(getSourceBySlug, ["source-v1"], opts);

// Each list returns null for a cursor that cannot be read (the page answers 404);
// without a cursor it is the first page, never null.
/** Cached listFrontArticles (everyone's front page: hot order under the source cap, ./front.ts). */
export async function cachedHotArticles(): Promise<ArticlePage>;
export async function cachedHotArticles(after: string | undefined): Promise<ArticlePage | null>;
export async function cachedHotArticles(after?: string): Promise<ArticlePage | null> {
  const cursor = canonicalCursor(after, FRONT_CURSOR);
  return cursor === null ? null : revivePage(await front(cursor));
}

/** Cached listNewestArticles. */
export async function cachedNewestArticles(after: string | undefined): Promise<ArticlePage | null> {
  const cursor = canonicalCursor(after, NEW_CURSOR);
  return cursor === null ? null : revivePage(await newest(cursor));
}

/** Cached listTopArticles (the period's start moves with the clock, at most REVALIDATE_SECONDS stale). */
export async function cachedTopArticles(period: TopPeriod, after: string | undefined): Promise<ArticlePage | null> {
  const cursor = canonicalCursor(after, TOP_CURSOR);
  return cursor === null ? null : revivePage(await top(period, cursor));
}

/** Cached listSourceArticles (`sourceId` from cachedSource). */
export async function cachedSourceArticles(sourceId: number): Promise<ArticlePage>;
export async function cachedSourceArticles(sourceId: number, after: string | undefined): Promise<ArticlePage | null>;
export async function cachedSourceArticles(sourceId: number, after?: string): Promise<ArticlePage | null> {
  const cursor = canonicalCursor(after, SOURCE_CURSOR);
  return cursor === null ? null : revivePage(await bySource(sourceId, cursor));
}

/** Cached listTagArticles; null for a tag no article can carry, too (use cachedTagExists first). */
export async function cachedTagArticles(tag: string): Promise<ArticlePage | null>;
export async function cachedTagArticles(tag: string, after: string | undefined): Promise<ArticlePage | null>;
export async function cachedTagArticles(tag: string, after?: string): Promise<ArticlePage | null> {
  const cursor = canonicalCursor(after, TAG_CURSOR);
  if (cursor === null || !isStorableTag(tag)) return null;
  return revivePage(await byTag(tag, cursor));
}

/** Cached tagExists; false without a lookup for a tag no article can carry. */
export async function cachedTagExists(tag: string): Promise<boolean> {
  return isStorableTag(tag) && tagKnown(tag);
}

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
  if (parseArticleId(String(id)) !== id) return null;
  const load = unstable_cache(() => getArticle(id), ["article-v1", String(id)], { ...opts, tags: [ARTICLES_TAG, articleCacheTag(id)] });
  const a = await load();
  return a && { ...a, publishedAt: reviveDate(a.publishedAt) };
}

/** Cached listRelatedArticles (tagged with articleCacheTag). */
export async function cachedRelated(articleId: number, sourceId: number): Promise<RelatedItem[]> {
  const load = unstable_cache(() => listRelatedArticles(articleId, sourceId), ["related-v2", String(articleId), String(sourceId)], {
    ...opts,
    tags: [ARTICLES_TAG, articleCacheTag(articleId)],
  });
  return (await load()).map((r) => ({ ...r, publishedAt: reviveDate(r.publishedAt) }));
}

function reviveSource(s: SourceSummary): SourceSummary {
  return { ...s, lastFetchedAt: reviveDate(s.lastFetchedAt), lastSuccessAt: reviveDate(s.lastSuccessAt), nextCheckAt: reviveDate(s.nextCheckAt) };
}

/** Cached listSourcesWithCounts. */
export const cachedSources = async () => (await sources()).map(reviveSource);
/** Cached getSourceBySlug. */
export async function cachedSource(slug: string): Promise<SourceSummary | null> {
  if (parseSourceSlug(slug) === null) return null;
  const s = await source(slug);
  return s && reviveSource(s);
}
