/**
 * The front page's "hot" order, in the spirit of Hacker News: an article's
 * points divided by its age raised to a gravity, so votes lift it and time
 * pulls it down.
 *
 *   rank = (points + POINTS_OFFSET) / (ageHours + AGE_OFFSET_HOURS) ^ GRAVITY
 *
 * | constant           | value | unit   | why                                                        |
 * |--------------------|-------|--------|------------------------------------------------------------|
 * | POINTS_OFFSET      | 1     | votes  | an unvoted article ranks by freshness instead of tying at 0 |
 * | AGE_OFFSET_HOURS   | 2     | hours  | a brand-new article does not divide by ~0 and shoot to #1  |
 * | GRAVITY            | 1.8   | (none) | HN's exponent: a day-old article needs ~(26/2)^1.8 ≈ 100×   |
 * |                    |       |        | the points of a new one to rank equally                    |
 *
 * Worked values (points, age → rank): (0, 0h) → 0.287; (0, 24h) → 0.0028;
 * (10, 24h) → 0.031; (100, 24h) → 0.28 — a day-old story with 100 votes ties a
 * fresh unvoted one.
 *
 * `points` is Article.score, which counts human votes only (agent votes never
 * rank, by the vote service's contract). If you change a constant here, change
 * the SQL twin in ./refresh.ts (HOT_RANK_SQL) — a unit test checks they agree.
 */

/** Added to the vote count so unvoted articles still order by age. */
export const POINTS_OFFSET = 1;
/** Added to the age, in hours, so new articles do not divide by zero. */
export const AGE_OFFSET_HOURS = 2;
/** The exponent on age: higher means news ages faster. */
export const GRAVITY = 1.8;

const MS_PER_HOUR = 3_600_000;

/** Hot rank of an article with `points` human votes published at `publishedAt`, as of `now`. */
export function computeHotRank(points: number, publishedAt: Date, now: Date = new Date()): number {
  // Future-dated entries (clock skew at the publisher) count as brand new, not as a bonus.
  const ageHours = Math.max(0, (now.getTime() - publishedAt.getTime()) / MS_PER_HOUR);
  // Negative scores cannot happen today (votes are up-only) but must not flip the sign.
  const effectivePoints = Math.max(0, points) + POINTS_OFFSET;
  return effectivePoints / Math.pow(ageHours + AGE_OFFSET_HOURS, GRAVITY);
}
