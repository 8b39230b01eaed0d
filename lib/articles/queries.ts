/**
 * The shared reading lists: hot, newest, top, a source's, a tag's. One SQL statement
 * per page, written so each walks an index in order and stops after a page
 * (see the index named beside each); EXPLAIN plans are printed by tests/bench/pages.ts.
 * Rows, paging and cursors come from ./list-page.ts, as do a member's lists
 * (lib/subscriptions, lib/saved) and search (lib/search).
 */
import { db, Prisma } from "../db";
import type { CursorKind, CursorPart } from "./cursor";
import { listPageSql, readCursor, runListPage, type ListRow } from "./list-page";
import type { ArticlePage, TopPeriod } from "./types";

export type { ArticleListItem, ArticlePage, TopPeriod } from "./types";

/** Rows per list page. */
export const PAGE_SIZE = 30;

// Each list's cursor: the sort key of its last row, in ORDER BY order (see each list).
/** listHotArticles: (hotRank, id). */
export const HOT_CURSOR: CursorKind[] = ["float", "int"];
/** listNewestArticles: (publishedAt, id). */
export const NEW_CURSOR: CursorKind[] = ["date", "int"];
/** listTopArticles: (score, publishedAt, id). */
export const TOP_CURSOR: CursorKind[] = ["int", "date", "int"];
/** listSourceArticles: (publishedAt, id). */
export const SOURCE_CURSOR: CursorKind[] = ["date", "int"];
/** listTagArticles: (id). */
export const TAG_CURSOR: CursorKind[] = ["int"];

// Story-aware lists (front, new, top) show one row per story: its lead. A story's
// other members are `folded` (lib/stories); the filter rides on the list's index walk.
const NOT_FOLDED = Prisma.sql`AND NOT a.folded`;

/** The front page's first-page SQL exactly as listHotArticles runs it (tests/bench/pages.ts EXPLAINs it). */
export function hotFirstPageSql(limit = PAGE_SIZE): Prisma.Sql {
  return listPageSql(Prisma.sql`a."duplicateOfId" IS NULL ${NOT_FOLDED}`, Prisma.sql`a."hotRank" DESC, a.id DESC`, limit + 1, Prisma.sql`articles a`);
}

// The lists below page through ./list-page.ts (the one row builder and pager); this
// wrapper keeps their calls short.
function runPage(
  where: Prisma.Sql,
  orderBy: Prisma.Sql,
  keyOf: (r: ListRow) => CursorPart[],
  limit: number,
  cursorRejected: boolean,
  from?: Prisma.Sql,
): Promise<ArticlePage> {
  return runListPage({ where, orderBy, keyOf, limit, cursorRejected, from });
}

/** Front page: primaries (story leads, not folded members) by precomputed hot rank (articles_hotRank_id_idx), cursor (hotRank, id). */
export async function listHotArticles(cursor?: string, limit = PAGE_SIZE): Promise<ArticlePage> {
  const { parts, rejected } = readCursor(cursor, HOT_CURSOR);
  // The rank goes over the wire as text: Prisma binds JS numbers with fewer digits
  // than a double holds, and a rounded cursor would repeat or skip the boundary row.
  const after = parts ? Prisma.sql`AND (a."hotRank", a.id) < (${String(parts[0])}::float8, ${parts[1]}::int)` : Prisma.empty;
  return runPage(
    Prisma.sql`a."duplicateOfId" IS NULL ${NOT_FOLDED} ${after}`,
    Prisma.sql`a."hotRank" DESC, a.id DESC`,
    (r) => [r.hotRank, r.id],
    limit,
    rejected,
  );
}

/** Newest primaries (partial index articles_primary_published_idx), cursor (publishedAt, id). */
export async function listNewestArticles(cursor?: string, limit = PAGE_SIZE): Promise<ArticlePage> {
  const { parts, rejected } = readCursor(cursor, NEW_CURSOR);
  const after = parts ? Prisma.sql`AND (a."publishedAt", a.id) < (${parts[0]}::timestamp, ${parts[1]}::int)` : Prisma.empty;
  return runPage(
    Prisma.sql`a."duplicateOfId" IS NULL ${NOT_FOLDED} ${after}`,
    Prisma.sql`a."publishedAt" DESC, a.id DESC`,
    (r) => [r.publishedAt, r.id],
    limit,
    rejected,
  );
}

const PERIOD_HOURS: Record<Exclude<TopPeriod, "all">, number> = { day: 24, week: 24 * 7, month: 24 * 30 };

/** Most-voted primaries of a period (articles_score_publishedAt_idx), cursor (score, publishedAt, id). */
export async function listTopArticles(period: TopPeriod, cursor?: string, limit = PAGE_SIZE, now = new Date()): Promise<ArticlePage> {
  const { parts, rejected } = readCursor(cursor, TOP_CURSOR);
  const since = period === "all" ? null : new Date(now.getTime() - PERIOD_HOURS[period] * 3_600_000);
  const window = since ? Prisma.sql`AND a."publishedAt" >= ${since}::timestamp` : Prisma.empty;
  const after = parts
    ? Prisma.sql`AND (a.score, a."publishedAt", a.id) < (${parts[0]}::int, ${parts[1]}::timestamp, ${parts[2]}::int)`
    : Prisma.empty;
  return runPage(
    Prisma.sql`a."duplicateOfId" IS NULL ${NOT_FOLDED} ${window} ${after}`,
    Prisma.sql`a.score DESC, a."publishedAt" DESC, a.id DESC`,
    (r) => [r.score, r.publishedAt, r.id],
    limit,
    rejected,
  );
}

/**
 * A source's own articles, newest first (articles_sourceId_publishedAt_id_idx).
 * Duplicates are included here: on its own page a source shows everything it carried.
 */
export async function listSourceArticles(sourceId: number, cursor?: string, limit = PAGE_SIZE): Promise<ArticlePage> {
  const { parts, rejected } = readCursor(cursor, SOURCE_CURSOR);
  const after = parts ? Prisma.sql`AND (a."publishedAt", a.id) < (${parts[0]}::timestamp, ${parts[1]}::int)` : Prisma.empty;
  return runPage(
    Prisma.sql`a."sourceId" = ${sourceId} ${after}`,
    Prisma.sql`a."publishedAt" DESC, a.id DESC`,
    (r) => [r.publishedAt, r.id],
    limit,
    rejected,
  );
}

/** How many of the newest primaries the dense-tag path looks through (see listTagArticles). */
const TAG_DENSE_WINDOW = 2000;

/**
 * A tag's primaries, most recently arrived first (by id: ordering by publishedAt would
 * sort a common tag's whole set for every page). Tags are an array column, so no
 * btree serves "this tag, newest first"; two bounded paths do instead, and the
 * planner's guess between them (array-element statistics) was measured wrong for rare
 * tags at a million articles (a 0.5 s backward scan of the whole table):
 * 1. dense: filter the next TAG_DENSE_WINDOW primaries by id. A tag on more than
 *    ~1.5% of articles fills its page here, in about 2 ms at any table size.
 * 2. otherwise: the tag's rows from the partial GIN index articles_tags_idx, sorted
 *    (`id + 0` keeps the planner off the backward scan). A tag below that density
 *    has at most ~1.5% of the table to sort: 3 ms for a rare tag at a million
 *    articles, about 100 ms at the worst density.
 */
export async function listTagArticles(tagName: string, cursor?: string, limit = PAGE_SIZE): Promise<ArticlePage> {
  const { parts, rejected } = readCursor(cursor, TAG_CURSOR);
  const below = parts ? Prisma.sql`AND id < ${parts[0]}::int` : Prisma.empty;
  const hasTag = Prisma.sql`a.tags @> ARRAY[${tagName}]::text[]`;
  const dense = await runPage(
    hasTag,
    Prisma.sql`a.id DESC`,
    (r) => [r.id],
    limit,
    rejected,
    Prisma.sql`(SELECT * FROM articles WHERE "duplicateOfId" IS NULL ${below} ORDER BY id DESC LIMIT ${TAG_DENSE_WINDOW}) a`,
  );
  if (dense.nextCursor) return dense; // a full page and more: this tag is dense here
  const after = parts ? Prisma.sql`AND a.id < ${parts[0]}::int` : Prisma.empty;
  return runPage(Prisma.sql`${hasTag} AND a."duplicateOfId" IS NULL ${after}`, Prisma.sql`a.id + 0 DESC`, (r) => [r.id], limit, rejected);
}

/** Whether a tag is on any listed article (an unknown tag is a not-found page, not an empty list). */
export async function tagExists(tagName: string): Promise<boolean> {
  // Through listTagArticles' bounded paths: a plain EXISTS was planned as a sequential
  // scan for an unknown tag (0.4 s at a million articles).
  return (await listTagArticles(tagName, undefined, 1)).items.length > 0;
}

/** Counts that explain an empty front page: how many sources, how many fetched, how many failing. */
export async function getIngestStatus(): Promise<{ sources: number; fetched: number; failing: number }> {
  const [sources, fetched, failing] = await Promise.all([
    db.source.count({ where: { status: "active" } }),
    db.source.count({ where: { lastSuccessAt: { not: null } } }),
    db.source.count({ where: { status: "active", errorCount: { gt: 0 } } }),
  ]);
  return { sources, fetched, failing };
}
