/**
 * Keeps articles."hotRank" current. Rank depends on the clock, so it is a
 * precomputed, indexed column (articles_hotRank_id_idx) rather than an ORDER BY
 * expression: the worker calls refreshHotRanks every few minutes and the vote
 * service calls refreshHotRank after each vote.
 */
import type pg from "pg";
import type { Queryable } from "../db/pool";
import { AGE_OFFSET_HOURS, GRAVITY, POINTS_OFFSET } from "./hot";
import { refreshStoryNow } from "../stories/store";
import { BREADTH_PER_SOURCE, MAX_BREADTH } from "./story";

/**
 * Articles older than this keep their last rank. At 14 days an unvoted article
 * ranks (1)/(338 h)^1.8 ≈ 3e-5, a 100-vote one ≈ 3e-3: both far below anything fresh,
 * so freezing them costs nothing visible and keeps the UPDATE small.
 */
export const HOT_WINDOW_MS = 14 * 24 * 3_600_000;

/** The SQL twin of computeHotRank (./hot.ts); `$now` is the first bind parameter. */
export const HOT_RANK_SQL = `(GREATEST("score", 0) + ${POINTS_OFFSET})::float8 / power(GREATEST(EXTRACT(EPOCH FROM (($1::timestamptz AT TIME ZONE 'UTC') - "publishedAt")) / 3600.0, 0) + ${AGE_OFFSET_HOURS}, ${GRAVITY})`;

/**
 * The SQL twin of computeStoryRank (./story.ts) over a story row `st` joined to its
 * lead `a`: the story's pooled human votes and breadth, the lead's age. `$now` is $1.
 */
export const STORY_RANK_SQL = `(GREATEST(st.score, 0) + ${POINTS_OFFSET})::float8
  * LEAST(1 + ${BREADTH_PER_SOURCE} * (GREATEST(st."sourceCount", 1) - 1), ${MAX_BREADTH})::float8
  / power(GREATEST(EXTRACT(EPOCH FROM (($1::timestamptz AT TIME ZONE 'UTC') - a."publishedAt")) / 3600.0, 0) + ${AGE_OFFSET_HOURS}, ${GRAVITY})`;

/**
 * Stores each story's rank on its lead's hotRank (the front page walks one index
 * over articles); `where` narrows the leads (bind parameters from $2 on).
 */
export async function refreshStoryRanks(db: Queryable, where: string, params: unknown[], now: Date = new Date()): Promise<number> {
  const result = await db.query(
    `UPDATE articles a SET "hotRank" = ${STORY_RANK_SQL}
       FROM stories st
      WHERE st."leadId" = a.id AND (${where})`,
    [now, ...params],
  );
  return result.rowCount ?? 0;
}

/** Recomputes hotRank for every article published since `since` (default: the last 14 days); returns rows updated. */
export async function refreshHotRanks(db: Queryable, opts: { since?: Date; now?: Date } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const since = opts.since ?? new Date(now.getTime() - HOT_WINDOW_MS);
  // publishedAt is "timestamp without time zone" holding UTC; AT TIME ZONE 'UTC' keeps
  // the arithmetic in UTC whatever the session's TimeZone is. The range predicate uses
  // articles_publishedAt_id_idx, so the cost is proportional to the window, not the table.
  // A story's lead carries the story's rank instead of its own (second statement);
  // the first skips leads (in a story and not folded) so each row is written once.
  const result = await db.query(
    `UPDATE articles SET "hotRank" = ${HOT_RANK_SQL}
      WHERE "publishedAt" >= ($2::timestamptz AT TIME ZONE 'UTC') AND ("storyId" IS NULL OR folded)`,
    [now, since],
  );
  const leads = await refreshStoryRanks(db, `a."publishedAt" >= ($2::timestamptz AT TIME ZONE 'UTC')`, [since], now);
  return (result.rowCount ?? 0) + leads;
}

/**
 * Recomputes one article's hotRank (after a vote); returns 1 if it exists, else 0.
 * An article in a story also refreshes its story (pooled votes, lead, the lead's
 * rank): a vote on any member moves the story.
 */
export async function refreshHotRank(db: pg.Pool, articleId: number, now: Date = new Date()): Promise<number> {
  const result = await db.query<{ storyId: number | null }>(
    `UPDATE articles SET "hotRank" = ${HOT_RANK_SQL} WHERE id = $2 RETURNING "storyId"`,
    [now, articleId],
  );
  const storyId = result.rows[0]?.storyId;
  if (storyId != null) await refreshStoryNow(db, storyId, now);
  return result.rowCount ?? 0;
}
