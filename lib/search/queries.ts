/**
 * Full-text search over articles.search, a tsvector the database keeps current
 * as a generated column (title weight A, excerpt B) and indexes with GIN
 * (articles_search_idx). websearch_to_tsquery accepts what people type:
 * "quoted phrases", -exclusions, OR.
 *
 * What a search may cost: only queries the GIN index can narrow are run (see
 * searchArticles), each statement is cancelled after WEB_STATEMENT_TIMEOUT_MS
 * (lib/db/pool.ts), and proxy.ts limits searches per client address (./limit.ts).
 * Results are never kept in Next's data cache: every distinct query would be a
 * new entry on disk.
 */
import type { CursorKind, CursorPart } from "../articles/cursor";
import { readCursor, runListPage, toListItem, type ListRow } from "../articles/list-page";
import type { ArticleListItem } from "../articles/types";
import { db, Prisma } from "../db";
import { isStatementTimeout } from "../db/errors";
import { log } from "../log";
import { HIGHLIGHT_START, HIGHLIGHT_STOP } from "./highlight";

/** Results per search page. */
export const SEARCH_PAGE_SIZE = 20;
/** Longest query we accept, in characters; longer input gets a message, not a truncated search. */
export const MAX_QUERY_CHARS = 200;
/** searchArticles: (rank, id), the rank as float8 (see searchArticles). */
export const SEARCH_CURSOR: CursorKind[] = ["float", "int"];

/** A list row with the query's matches marked. */
export interface SearchHit extends ArticleListItem {
  /** Title with HIGHLIGHT_START/STOP around matches. */
  titleMarked: string;
  /** A short excerpt fragment with matches marked. */
  excerptMarked: string;
}

/**
 * Why a search was not answered: "needs-a-word" when the query has no word to
 * look for (only -exclusions, or `a OR -b`), which no index can narrow, so
 * answering it would rank every article; "took-too-long" when the database
 * cancelled it at the statement timeout.
 */
export type SearchUnanswered = "needs-a-word" | "took-too-long";

export interface SearchResult {
  hits: SearchHit[];
  /** The `after` of the next page, or null on the last one. */
  nextCursor: string | null;
  /** True when the request's cursor could not be read and the first page was shown instead. */
  cursorRejected: boolean;
  /** Set when the search was not run or did not finish; hits is then empty. */
  unanswered?: SearchUnanswered;
}

type HitRow = ListRow & { rank: number; titleMarked: string; excerptMarked: string };

const TITLE_OPTS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, HighlightAll=true`;
const EXCERPT_OPTS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * One page of primaries matching `query`, best first, by keyset cursor (rank, id):
 * each page costs the same however deep it is (no OFFSET to rank and skip), and an
 * article arriving between two pages never repeats or skips a row. Ranking uses
 * ts_rank_cd with normalisation 1 (divide by 1 + log(length)) so long excerpts do
 * not win by repetition; ts_headline runs only on the page's rows. A cursor that
 * cannot be read gives the first page with cursorRejected (the page answers 404).
 */
export async function searchArticles(query: string, cursor?: string): Promise<SearchResult> {
  const { parts, rejected } = readCursor(cursor, SEARCH_CURSOR);
  const none = { hits: [], nextCursor: null, cursorRejected: rejected };
  try {
    // querytree() is the part of a tsquery an index can use: 'T' when no part can
    // (a bitmap scan of the whole GIN index, then every row ranked), empty when
    // the query has no lexemes at all (only stop words), which matches nothing.
    const [{ tree }] = await db.$queryRaw<[{ tree: string }]>(
      Prisma.sql`SELECT querytree(websearch_to_tsquery('english', ${query})) AS tree`,
    );
    if (tree === "T") return { ...none, unanswered: "needs-a-word" };
    if (tree === "") return none;
    return await rankedPage(query, parts, rejected);
  } catch (err) {
    if (!isStatementTimeout(err)) throw err;
    log.warn({ query: query.slice(0, 200), cursor }, "search cancelled at the statement timeout");
    return { ...none, unanswered: "took-too-long" };
  }
}

// The rank is ts_rank_cd's float4 widened to float8 (exact), and goes back into SQL
// as text: Prisma binds JS numbers with fewer digits than a double holds, and a
// rounded cursor would repeat or skip the boundary row (as listHotArticles does).
async function rankedPage(query: string, parts: CursorPart[] | null, rejected: boolean): Promise<SearchResult> {
  const rank = Prisma.sql`ts_rank_cd(x.search, q.query, 1)::float8`;
  const after = parts ? Prisma.sql`AND (${rank}, x.id) < (${String(parts[0])}::float8, ${parts[1]}::int)` : Prisma.empty;
  // The inner query finds and ranks the matches (articles_search_idx) and keeps a
  // page; the row builder then reads that page's columns and highlights.
  const page = await runListPage<HitRow, SearchHit>({
    from: Prisma.sql`(
      SELECT x.*, ${rank} AS rank, q.query
        FROM articles x, (SELECT websearch_to_tsquery('english', ${query}) AS query) q
       WHERE x.search @@ q.query AND x."duplicateOfId" IS NULL AND x."removedAt" IS NULL ${after}
       ORDER BY rank DESC, x.id DESC
       LIMIT ${SEARCH_PAGE_SIZE + 1}) a`,
    extra: Prisma.sql`, a.rank,
      ts_headline('english', a.title, a.query, ${TITLE_OPTS}) AS "titleMarked",
      ts_headline('english', a.excerpt, a.query, ${EXCERPT_OPTS}) AS "excerptMarked"`,
    where: Prisma.sql`TRUE`,
    orderBy: Prisma.sql`a.rank DESC, a.id DESC`,
    keyOf: (r) => [r.rank, r.id],
    limit: SEARCH_PAGE_SIZE,
    cursorRejected: rejected,
    shape: (r) => ({ ...toListItem(r), titleMarked: r.titleMarked, excerptMarked: r.excerptMarked }),
  });
  return { hits: page.items, nextCursor: page.nextCursor, cursorRejected: page.cursorRejected };
}
