/**
 * Which primaries (duplicateOfId IS NULL) the front page lists, as an SQL condition on
 * `articles a`: not removed, and not a story's folded member (lib/stories: the story is
 * listed once, as its lead). The worker's placement (./front-refresh.ts) and the page (./front.ts)
 * both read it: they must agree exactly, or every source-cap window after a
 * disagreement shifts.
 */
export const FRONT_LISTED_SQL = `a."removedAt" IS NULL AND NOT a.folded`;

/**
 * The stored key of an entry the placement left off the front page (a flood's excess,
 * ./front-placement.ts endAtExcess): below every hot rank (ranks are never negative),
 * so the page's walk of articles_front_idx stops before it.
 */
export const FRONT_EXCESS_KEY = -1;
