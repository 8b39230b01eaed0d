/**
 * The "best" order of comments (`?comments=best`): points with an exponential age
 * decay, written in the form that never changes with the clock.
 *
 *   rank = log2(points + 1) + createdAt / HALF_LIFE          (createdAt in days since 1970)
 *
 * Ordering by this is ordering by (points + 1) / 2^(age / HALF_LIFE) at every instant:
 * the "now" term is the same for every comment and cancels out, so two comments swap
 * places only when one of them gets a vote, never because time passed. That is why
 * the rank can be a stored column (comments."bestRank", generated from score and
 * createdAt in migration 20261205150000_comment_votes) that pages exactly by keyset.
 * A power-law decay like the front page's (./hot.ts) reorders with the clock and would
 * need a worker to refresh it and a cursor that drifts between two pages.
 *
 * | term / constant        | value | why                                                        |
 * |------------------------|-------|------------------------------------------------------------|
 * | points                 | ≥ 0   | Comment.score: members' upvotes only (agents never rank)   |
 * | + 1                    | 1     | an unvoted comment ranks by age instead of tying at log(0) |
 * | log2                   |       | each doubling of (points + 1) is worth one half-life       |
 * | COMMENT_HALF_LIFE_DAYS | 1     | a comment a day newer needs half the (points + 1) to tie:  |
 * |                        |       | votes decide within a day's discussion, while a late good  |
 * |                        |       | comment is not buried under early ones that had more eyes  |
 * | ties (equal rank)      |       | higher id first (the newer comment), so the order is total |
 *
 * Worked values (points, posted → beats): (3 votes, yesterday) 4/2 = 2 beats (0, now) 1,
 * and ties (1, now) 2; (0, an hour ago) loses to (0, now) by 2^(1/24) ≈ 3 %: with no
 * votes, best is newest first. Wilson's lower bound was not chosen: it needs downvotes
 * or impressions, and comments here only get upvotes.
 *
 * If you change the rule, change COMMENT_RANK_SQL below and the generated column (in a
 * new migration); tests/integration/comment-votes.test.ts checks the column agrees.
 */

/** Days for which a comment's (points + 1) counts double against an older one's. */
export const COMMENT_HALF_LIFE_DAYS = 1;

/** The "best" rank of a comment with `points` human votes posted at `createdAt`; higher ranks first. */
export function computeCommentRank(points: number, createdAt: Date): number {
  // Scores cannot go negative (votes are up-only), but a negative one must not reach log(≤ 0).
  const effectivePoints = Math.max(0, points) + 1;
  // Seconds first, then days, in the order the SQL twin divides, so both round alike.
  const days = createdAt.getTime() / 1000 / (86_400 * COMMENT_HALF_LIFE_DAYS);
  return Math.log(effectivePoints) / Math.LN2 + days;
}

/** Compares two comments for "best" (negative: `a` first): higher rank first, then the higher id. */
export function compareCommentRank(a: { id: number; rank: number }, b: { id: number; rank: number }): number {
  return b.rank - a.rank || b.id - a.id;
}

/** The SQL twin of computeCommentRank, as the generated column comments."bestRank" has it. */
export const COMMENT_RANK_SQL = `ln((GREATEST("score", 0) + 1)::float8) / ln(2::float8) + EXTRACT(EPOCH FROM "createdAt")::float8 / ${86_400 * COMMENT_HALF_LIFE_DAYS}`;

/** How far apart two ranks (one from JS, one from Postgres) may be and still be "equal" in tests. */
export const RANK_EPSILON = 1e-9;
