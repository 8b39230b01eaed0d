/**
 * A story's hot rank: the hot formula of ./hot.ts over the story's pooled human
 * votes, multiplied by how widely it is covered.
 *
 *   rank = (points + POINTS_OFFSET) · breadth / (ageHours + AGE_OFFSET_HOURS) ^ GRAVITY
 *   breadth = min(1 + BREADTH_PER_SOURCE · (sources − 1), MAX_BREADTH)
 *
 * | input / constant   | value | why                                                              |
 * |--------------------|-------|------------------------------------------------------------------|
 * | points             |       | sum of the members' Article.score: human votes only, agents never |
 * | sources            |       | distinct sources among the members (1 for an article on its own)  |
 * | ageHours           |       | age of the lead (the headline the reader sees)                   |
 * | BREADTH_PER_SOURCE | 0.5   | each further outlet adds half an article's worth of weight        |
 * | MAX_BREADTH        | 2.5   | reached at 4 sources: a 20-outlet story is not 10× anything       |
 *
 * With one source breadth is 1 and the rank is exactly computeHotRank's, so an
 * article outside any story ranks as before. Breadth multiplies, so it is worth the
 * same in hours at any age: 4 sources (×2.5) equal 2.5^(1/1.8) ≈ 1.66× younger, e.g.
 * an unvoted 4-source story 6 h old (2.5/8^1.8 ≈ 0.0593) ranks with an unvoted lone
 * article ~2.8 h old (1/4.8^1.8 ≈ 0.0594).
 *
 * If you change a constant here, change STORY_RANK_SQL in ./refresh.ts — a unit test
 * checks they agree.
 */
import { AGE_OFFSET_HOURS, GRAVITY, POINTS_OFFSET } from "./hot";

/** Weight each source beyond the first adds to a story. */
export const BREADTH_PER_SOURCE = 0.5;
/** The most breadth can multiply a rank by (reached at 4 sources). */
export const MAX_BREADTH = 2.5;

const MS_PER_HOUR = 3_600_000;

/** The coverage factor for a story told by `sources` distinct sources (1 for a lone article). */
export function storyBreadth(sources: number): number {
  return Math.min(1 + BREADTH_PER_SOURCE * (Math.max(1, sources) - 1), MAX_BREADTH);
}

/** What a story's rank depends on. */
export interface StoryRankInput {
  /** Human votes summed over the members (Article.score already excludes agents). */
  points: number;
  /** Distinct sources among the members. */
  sources: number;
  /** The lead's publication time. */
  publishedAt: Date;
}

/** Hot rank of a story (or of a lone article: sources 1), as of `now`. */
export function computeStoryRank({ points, sources, publishedAt }: StoryRankInput, now: Date = new Date()): number {
  // As computeHotRank: a future date counts as brand new, a negative score as zero.
  const ageHours = Math.max(0, (now.getTime() - publishedAt.getTime()) / MS_PER_HOUR);
  const effectivePoints = Math.max(0, points) + POINTS_OFFSET;
  return (effectivePoints * storyBreadth(sources)) / Math.pow(ageHours + AGE_OFFSET_HOURS, GRAVITY);
}
