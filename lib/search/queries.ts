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
import { db, Prisma } from "../db";
import { isStatementTimeout } from "../db/errors";
import { log } from "../log";
import { HIGHLIGHT_START, HIGHLIGHT_STOP } from "./highlight";

/** Results per search page. */
export const SEARCH_PAGE_SIZE = 20;
/** Longest query we accept, in characters; longer input gets a message, not a truncated search. */
export const MAX_QUERY_CHARS = 200;
/** Deepest page served: ranking is by relevance, so deep pages cost a full ranked sort. */
export const MAX_SEARCH_PAGE = 25;

export interface SearchHit {
  id: number;
  title: string;
  /** Title with HIGHLIGHT_START/STOP around matches. */
  titleMarked: string;
  /** A short excerpt fragment with matches marked. */
  excerptMarked: string;
  imageUrl: string | null;
  publishedAt: Date;
  score: number;
  commentCount: number;
  source: { slug: string; title: string };
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
  hasMore: boolean;
  /** Set when the search was not run or did not finish; hits is then empty. */
  unanswered?: SearchUnanswered;
}

interface HitRow {
  id: number;
  title: string;
  titleMarked: string;
  excerptMarked: string;
  imageUrl: string | null;
  publishedAt: Date;
  score: number;
  commentCount: number;
  sourceSlug: string;
  sourceTitle: string;
}

const TITLE_OPTS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, HighlightAll=true`;
const EXCERPT_OPTS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * One page (1-based) of primaries matching `query`, best first. Ranking uses
 * ts_rank_cd with normalisation 1 (divide by 1 + log(length)) so long excerpts
 * do not win by repetition; ts_headline runs only on the page's rows.
 */
export async function searchArticles(query: string, page = 1): Promise<SearchResult> {
  try {
    // querytree() is the part of a tsquery an index can use: 'T' when no part can
    // (a bitmap scan of the whole GIN index, then every row ranked), empty when
    // the query has no lexemes at all (only stop words), which matches nothing.
    const [{ tree }] = await db.$queryRaw<[{ tree: string }]>(
      Prisma.sql`SELECT querytree(websearch_to_tsquery('english', ${query})) AS tree`,
    );
    if (tree === "T") return { hits: [], hasMore: false, unanswered: "needs-a-word" };
    if (tree === "") return { hits: [], hasMore: false };
    return await rankedPage(query, page);
  } catch (err) {
    if (!isStatementTimeout(err)) throw err;
    log.warn({ query: query.slice(0, 200), page }, "search cancelled at the statement timeout");
    return { hits: [], hasMore: false, unanswered: "took-too-long" };
  }
}

async function rankedPage(query: string, page: number): Promise<SearchResult> {
  const offset = (page - 1) * SEARCH_PAGE_SIZE;
  const rows = await db.$queryRaw<HitRow[]>(Prisma.sql`
    WITH q AS (SELECT websearch_to_tsquery('english', ${query}) AS query),
    hits AS (
      SELECT a.id, ts_rank_cd(a.search, q.query, 1) AS rank
        FROM articles a, q
       WHERE a.search @@ q.query AND a."duplicateOfId" IS NULL AND a."removedAt" IS NULL
       ORDER BY rank DESC, a.id DESC
       LIMIT ${SEARCH_PAGE_SIZE + 1} OFFSET ${offset}
    )
    SELECT a.id, a.title, a."imageUrl", a."publishedAt", a.score, a."commentCount",
           s.slug AS "sourceSlug", s.title AS "sourceTitle",
           ts_headline('english', a.title, q.query, ${TITLE_OPTS}) AS "titleMarked",
           ts_headline('english', a.excerpt, q.query, ${EXCERPT_OPTS}) AS "excerptMarked"
      FROM hits h JOIN articles a ON a.id = h.id JOIN sources s ON s.id = a."sourceId", q
     ORDER BY h.rank DESC, a.id DESC`);
  return {
    hits: rows.slice(0, SEARCH_PAGE_SIZE).map((r) => ({
      id: r.id,
      title: r.title,
      titleMarked: r.titleMarked,
      excerptMarked: r.excerptMarked,
      imageUrl: r.imageUrl,
      publishedAt: r.publishedAt,
      score: r.score,
      commentCount: r.commentCount,
      source: { slug: r.sourceSlug, title: r.sourceTitle },
    })),
    hasMore: rows.length > SEARCH_PAGE_SIZE,
  };
}
