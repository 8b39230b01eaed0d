/**
 * Which primaries (duplicateOfId IS NULL) the front page lists, as an SQL condition on
 * `articles a`. The worker's placement (./front-refresh.ts) and the page (./front.ts)
 * both read it: they must agree exactly, or every source-cap window after a
 * disagreement shifts.
 */
export const FRONT_LISTED_SQL = `a."removedAt" IS NULL`;
