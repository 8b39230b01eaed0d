/**
 * The one builder of article list rows and the one keyset pager. Every list (front,
 * new, top, a source's, a tag's, search, a member's feed and saved articles) is one
 * SQL statement made by listPageSql and run by runListPage: the same columns
 * (LIST_COLUMNS), the same moderation filter, limit+1 rows to know whether a next
 * page exists, and a cursor (./cursor.ts) made of the last row's sort key. A list
 * differs only in its FROM (which rows, walked along which index), its WHERE and
 * ORDER BY, and the key its cursor carries. A rule that applies to every list
 * (a filter, a column) is written here once.
 *
 * Raw SQL (not Prisma's query builder): tuple comparisons for keysets and the
 * per-list index walks have no Prisma form, and these are the measured hot paths.
 */
import { db, Prisma } from "../db";
import { decodeCursor, encodeCursor, type CursorKind, type CursorPart } from "./cursor";
import type { ArticleListItem, StoryMember } from "./types";

/** One row of listPageSql, before it is shaped into an ArticleListItem. */
export interface ListRow {
  id: number;
  title: string;
  excerpt: string;
  url: string | null;
  imageUrl: string | null;
  publishedAt: Date;
  score: number;
  commentCount: number;
  hotRank: number;
  sourceSlug: string;
  sourceTitle: string;
  tags: string[];
  alsoOn: string[];
  storyId: number | null;
  storyMembers: StoryMember[] | null;
}

/** One page of any keyset-paged list. */
export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
  /** True when the request's cursor could not be read and the first page was shown instead. */
  cursorRejected: boolean;
}

// A story's other coverage (lib/stories), best first, through articles_storyId_idx:
// only rows in a story run it, a handful of members each.
const STORY_MEMBERS = Prisma.sql`CASE WHEN a."storyId" IS NULL THEN NULL ELSE (
    SELECT json_agg(json_build_object('id', m.id, 'title', m.title, 'url', m.url, 'source', json_build_object('slug', ms.slug, 'title', ms.title))
                    ORDER BY m.score DESC, m."publishedAt", m.id)
      FROM articles m JOIN sources ms ON ms.id = m."sourceId"
     WHERE m."storyId" = a."storyId" AND m.id <> a.id AND m."removedAt" IS NULL AND m."duplicateOfId" IS NULL
  ) END AS "storyMembers"`;

// The columns every list shows. Tags are a column (stored sorted); "also on" comes
// through articles_canonicalUrl_idx — never a scan on duplicateOfId, which has no index.
// `a` is the article (a table or a subquery selecting articles' columns), `s` its source.
export const LIST_COLUMNS = Prisma.sql`
  a.id, a.title, a.excerpt, a.url, a."imageUrl", a."publishedAt", a.score, a."commentCount", a."hotRank",
  s.slug AS "sourceSlug", s.title AS "sourceTitle",
  a.tags[1:5] AS tags,
  CASE WHEN a."canonicalUrl" IS NULL THEN ARRAY[]::text[] ELSE ARRAY(
    SELECT DISTINCT s2.title FROM articles d JOIN sources s2 ON s2.id = d."sourceId"
     WHERE d."canonicalUrl" = a."canonicalUrl" AND d.id <> a.id AND d."sourceId" <> a."sourceId"
  ) END AS "alsoOn",
  a."storyId", ${STORY_MEMBERS}`;

/** A list row as the pages and the API receive it. */
export function toListItem(r: ListRow): ArticleListItem {
  return {
    id: r.id,
    title: r.title,
    excerpt: r.excerpt,
    url: r.url,
    imageUrl: r.imageUrl,
    publishedAt: r.publishedAt,
    score: r.score,
    commentCount: r.commentCount,
    source: { slug: r.sourceSlug, title: r.sourceTitle },
    tags: r.tags,
    alsoOn: r.alsoOn,
    story: r.storyId !== null && r.storyMembers ? { id: r.storyId, members: r.storyMembers } : null,
  };
}

const ARTICLES = Prisma.sql`articles a`;

/**
 * One page's SQL. Every list leaves out articles a moderator removed (lib/moderation).
 * Removals are rare, so the filter rides on whichever index the list's order uses.
 * `extra` adds columns after LIST_COLUMNS (a sort key that is not an article column,
 * search's highlights); it must start with a comma.
 */
export function listPageSql(where: Prisma.Sql, orderBy: Prisma.Sql, limit: number, from: Prisma.Sql = ARTICLES, extra: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`
    SELECT ${LIST_COLUMNS}${extra}
      FROM ${from} JOIN sources s ON s.id = a."sourceId"
     WHERE (${where}) AND a."removedAt" IS NULL
     ORDER BY ${orderBy}
     LIMIT ${limit}`;
}

/** A cursor read against its list's kinds: parts null on the first page or when unreadable (then rejected). */
export function readCursor(raw: string | undefined, kinds: CursorKind[]): { parts: CursorPart[] | null; rejected: boolean } {
  const parts = decodeCursor(raw, kinds);
  return { parts, rejected: Boolean(raw) && parts === null };
}

/** Cuts limit+1 fetched rows to a page and makes the next page's cursor from the last row shown. */
export function pageOf<R, T>(rows: R[], limit: number, keyOf: (r: R) => CursorPart[], shape: (r: R) => T, cursorRejected: boolean): KeysetPage<T> {
  const shown = rows.slice(0, limit);
  const last = rows.length > limit ? shown[shown.length - 1] : undefined;
  return { items: shown.map(shape), nextCursor: last ? encodeCursor(keyOf(last)) : null, cursorRejected };
}

/** What runListPage needs of a list: its rows, order, cursor key, and optionally its own row shape. */
export interface ListSpec<R extends ListRow, T> {
  where: Prisma.Sql;
  orderBy: Prisma.Sql;
  keyOf: (r: R) => CursorPart[];
  limit: number;
  cursorRejected: boolean;
  from?: Prisma.Sql;
  extra?: Prisma.Sql;
  shape?: (r: R) => T;
}

/** Runs one page query: fetches limit+1 rows to know whether a next page exists. */
export async function runListPage<R extends ListRow = ListRow, T = ArticleListItem>(spec: ListSpec<R, T>): Promise<KeysetPage<T>> {
  const rows = await db.$queryRaw<R[]>(listPageSql(spec.where, spec.orderBy, spec.limit + 1, spec.from, spec.extra));
  const shape = spec.shape ?? (toListItem as unknown as (r: R) => T);
  return pageOf(rows, spec.limit, spec.keyOf, shape, spec.cursorRejected);
}
