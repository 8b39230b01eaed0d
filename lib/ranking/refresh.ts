/**
 * Keeps articles."hotRank" current. Rank depends on the clock, so it is a
 * precomputed, indexed column (articles_hotRank_id_idx) rather than an ORDER BY
 * expression: the worker calls refreshHotRanks every few minutes and the vote
 * service calls refreshHotRank after each vote.
 */
import type { Queryable } from "../db/pool";
import { AGE_OFFSET_HOURS, GRAVITY, POINTS_OFFSET } from "./hot";

/**
 * Articles older than this keep their last rank. At 14 days an unvoted article
 * ranks (1)/(338 h)^1.8 ≈ 3e-5, a 100-vote one ≈ 3e-3: both far below anything fresh,
 * so freezing them costs nothing visible and keeps the UPDATE small.
 */
export const HOT_WINDOW_MS = 14 * 24 * 3_600_000;

/** The SQL twin of computeHotRank (./hot.ts); `$now` is the first bind parameter. */
export const HOT_RANK_SQL = `(GREATEST("score", 0) + ${POINTS_OFFSET})::float8 / power(GREATEST(EXTRACT(EPOCH FROM (($1::timestamptz AT TIME ZONE 'UTC') - "publishedAt")) / 3600.0, 0) + ${AGE_OFFSET_HOURS}, ${GRAVITY})`;

/** Recomputes hotRank for every article published since `since` (default: the last 14 days); returns rows updated. */
export async function refreshHotRanks(db: Queryable, opts: { since?: Date; now?: Date } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const since = opts.since ?? new Date(now.getTime() - HOT_WINDOW_MS);
  // publishedAt is "timestamp without time zone" holding UTC; AT TIME ZONE 'UTC' keeps
  // the arithmetic in UTC whatever the session's TimeZone is. The range predicate uses
  // articles_publishedAt_id_idx, so the cost is proportional to the window, not the table.
  const result = await db.query(
    `UPDATE articles SET "hotRank" = ${HOT_RANK_SQL}
      WHERE "publishedAt" >= ($2::timestamptz AT TIME ZONE 'UTC')`,
    [now, since],
  );
  return result.rowCount ?? 0;
}

/** Recomputes one article's hotRank (after a vote); returns 1 if it exists, else 0. */
export async function refreshHotRank(db: Queryable, articleId: number, now: Date = new Date()): Promise<number> {
  const result = await db.query(`UPDATE articles SET "hotRank" = ${HOT_RANK_SQL} WHERE id = $2`, [now, articleId]);
  return result.rowCount ?? 0;
}
