/**
 * Related coverage: after a poll commits new articles, find which articles from
 * OTHER sources cover the same story and store the scored pairs in
 * related_articles, both directions, so the article page only reads a list.
 *
 * Why TF-IDF cosine in TypeScript (lib/related/score.ts), measured with
 * `npx tsx tests/bench/related.ts` on tests/fixtures/related (32 stories told by 2-3
 * outlets in their own words, 36 unrelated articles; "top-k filled" = the story's
 * other coverage fills the article's first k slots):
 *
 *   approach                                   top-k filled   unrelated above same-story
 *   TF-IDF cosine, title x2 + 400-char lede     73/73 100.0%   0
 *   Postgres FTS, own lexemes OR'ed, ts_rank    72/73  98.6%   1
 *   Postgres FTS, same, ts_rank_cd / length     72/73  98.6%   1
 *   Jaccard of tsvector lexeme sets             71/73  97.3%   2
 *   pg_trgm similarity of titles                61/73  83.6%   8  (needs a migration)
 *   pg_trgm similarity of title + excerpt       65/73  89.0%   6
 *
 * Ablations of the chosen scorer (same fixture): title weight 1 instead of 2 -> 70/73,
 * without the joined versioned-name terms ("llama5") -> 72/73, without stemming or
 * with the whole excerpt -> 73/73 (the fixture's excerpts are short).
 *
 * Full-text came close, but ts_rank is neither symmetric nor bounded, so one pair
 * gets two different scores and no threshold separates coverage from noise, and an
 * OR of every lexeme makes GIN visit the postings of the commonest words ("ai",
 * "googl") for each new article. TF-IDF takes IDF from the window itself, so a
 * week full of "AI" stories weighs "AI" down; its cosine is symmetric and in [0, 1]
 * (same-story pairs scored at least 0.17 on the fixture, median 0.36; DEFAULT_MIN_SCORE
 * 0.12 drops most unrelated pairs). Trigrams compare spelling, not words, and miss
 * rewritten headlines.
 *
 * Shape of one call: targets are grouped by publication time; each group loads the
 * articles published within the window around it (two indexed range scans on
 * publishedAt, at most maxCandidates rows, nearest in time first; several groups
 * per query), scores in memory, then one transaction replaces the targets' lists,
 * offers each target to its candidates' lists (keeping each list to maxPerArticle)
 * and trims. Recomputing the same ids against the same rows writes the same rows.
 */
import type pg from "pg";
import { withTransaction } from "../db/pool";
import { log } from "../log";
import { loadTargets, loadWindows } from "./load-docs";
import { pickOffers, type ListFloor, type Offer } from "./offers";
import { DEFAULT_MIN_SCORE, rankRelated, type RelatedDoc, type RelatedHit } from "./score";

const DAY_MS = 86_400_000;
export const DEFAULT_WINDOW_DAYS = 3;
export const DEFAULT_MAX_PER_ARTICLE = 8;
// Targets published within this many windows share one pool query (and one IDF);
// bounds a pool to about 4 windows' worth of rows however long a cold ingest's
// backlog is.
const GROUP_SPAN_WINDOWS = 2;
const GROUP_MAX_TARGETS = 2000;
const WRITE_TIMEOUT_MS = 120_000;
// A new article is offered to at most this many times maxPerArticle of its best
// candidates' lists (see the offers loop).
const OFFERS_PER_ARTICLE_FACTOR = 4;
// Arbitrary; distinct from lib/db/migrate.ts's key. Shared by every process.
const WRITE_LOCK_KEY = 72_657_001;

// At most this many candidates are scored per time group (the nearest in time to
// the group's targets): about 50 MB of heap with their term vectors. A few hundred
// sources fill a whole ±3-day window with far fewer; a busier installation gets its
// related coverage from a narrower stretch of time instead of an unbounded heap.
export const DEFAULT_MAX_CANDIDATES = 40_000;

export interface ComputeRelatedOptions {
  windowDays?: number;
  maxPerArticle?: number;
  minScore?: number;
  /** Candidates scored per time group, at most (default DEFAULT_MAX_CANDIDATES). */
  maxCandidates?: number;
}

function validate(articleIds: unknown, opts: ComputeRelatedOptions) {
  if (!Array.isArray(articleIds)) throw new TypeError("computeRelatedFor: articleIds must be an array of article ids");
  const bad = articleIds.find((id) => !Number.isSafeInteger(id) || (id as number) <= 0);
  if (bad !== undefined) throw new TypeError(`computeRelatedFor: ${JSON.stringify(bad)} is not an article id (a positive integer)`);
  const windowDays = opts.windowDays ?? DEFAULT_WINDOW_DAYS;
  const maxPerArticle = opts.maxPerArticle ?? DEFAULT_MAX_PER_ARTICLE;
  const minScore = opts.minScore ?? DEFAULT_MIN_SCORE;
  if (!(windowDays > 0 && windowDays <= 60)) throw new RangeError(`computeRelatedFor: windowDays must be in (0, 60], got ${windowDays}`);
  if (!Number.isInteger(maxPerArticle) || maxPerArticle < 1 || maxPerArticle > 100) {
    throw new RangeError(`computeRelatedFor: maxPerArticle must be an integer 1..100, got ${maxPerArticle}`);
  }
  if (!(minScore >= 0 && minScore < 1)) throw new RangeError(`computeRelatedFor: minScore must be in [0, 1), got ${minScore}`);
  const maxCandidates = opts.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
  if (!Number.isInteger(maxCandidates) || maxCandidates < 1) throw new RangeError(`computeRelatedFor: maxCandidates must be a positive integer, got ${maxCandidates}`);
  return { ids: [...new Set(articleIds as number[])], windowMs: windowDays * DAY_MS, maxPerArticle, minScore, maxCandidates };
}

/** Splits time-sorted targets into groups spanning at most `spanMs` each. */
export function groupByTime(targets: RelatedDoc[], spanMs: number, maxSize = GROUP_MAX_TARGETS): RelatedDoc[][] {
  const sorted = [...targets].sort((a, b) => a.publishedAtMs - b.publishedAtMs || a.id - b.id);
  const groups: RelatedDoc[][] = [];
  for (const t of sorted) {
    const g = groups.at(-1);
    if (g && t.publishedAtMs - g[0]!.publishedAtMs <= spanMs && g.length < maxSize) g.push(t);
    else groups.push([t]);
  }
  return groups;
}

interface PairRows {
  articleIds: number[];
  relatedIds: number[];
  scores: number[];
}

function pushPair(rows: PairRows, articleId: number, relatedId: number, score: number) {
  rows.articleIds.push(articleId);
  rows.relatedIds.push(relatedId);
  rows.scores.push(score);
}

/**
 * Computes and stores related coverage for `articleIds` (new or changed articles):
 * each gets its best `maxPerArticle` articles from other sources within ±windowDays,
 * and is offered to those articles' own lists. Returns the rows upserted, both directions.
 */
export async function computeRelatedFor(
  db: pg.Pool,
  articleIds: number[],
  opts: ComputeRelatedOptions = {},
): Promise<{ pairs: number }> {
  const { ids, windowMs, maxPerArticle, minScore, maxCandidates } = validate(articleIds, opts);
  if (ids.length === 0) return { pairs: 0 };
  const targets = await loadTargets(db, ids);
  if (targets.length === 0) return { pairs: 0 };
  const inBatch = new Set(targets.map((t) => t.id));

  // Pass 1: score each time group against its own window. Groups have their own
  // IDF, so a pair scored from both ends in different groups gets two numbers;
  // pass 2 gives it the better one in both lists.
  const hitsByTarget = new Map<number, RelatedHit[]>();
  const pairScore = new Map<string, number>();
  const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
  const timing = { targets: targets.length, groups: 0, poolRows: 0, trimmedGroups: 0, loadMs: 0, scoreMs: 0, longestScoreMs: 0, writeMs: 0 };
  const groups = groupByTime(targets, GROUP_SPAN_WINDOWS * windowMs);
  const ranges = groups.map((group) => {
    const nearFrom = new Date(group[0]!.publishedAtMs);
    const nearTo = new Date(group.at(-1)!.publishedAtMs);
    return { from: new Date(nearFrom.getTime() - windowMs), to: new Date(nearTo.getTime() + windowMs), nearFrom, nearTo, maxRows: maxCandidates };
  });
  const windows = loadWindows(db, ranges);
  for (const group of groups) {
    let t = performance.now();
    const next = await windows.next();
    if (next.done) throw new Error("computeRelatedFor: a time group's window was not loaded");
    const { docs: pool, trimmed } = next.value;
    if (trimmed) timing.trimmedGroups++;
    // A target whose publishedAt was edited between the two reads is scored from
    // the text we loaded rather than failing the batch.
    const inPool = new Set(pool.map((d) => d.id));
    for (const t of group) if (!inPool.has(t.id)) pool.push(t);
    timing.loadMs += performance.now() - t;
    timing.groups++;
    timing.poolRows += pool.length;
    t = performance.now();
    // Only the hits the lists below can use are kept (see the offers loop).
    const ranked = rankRelated(group, pool, { windowMs, minScore, limit: OFFERS_PER_ARTICLE_FACTOR * maxPerArticle });
    const scoreMs = performance.now() - t;
    timing.scoreMs += scoreMs;
    timing.longestScoreMs = Math.max(timing.longestScoreMs, scoreMs);
    for (const [id, hits] of ranked) {
      hitsByTarget.set(id, hits);
      for (const h of hits) {
        const k = pairKey(id, h.relatedId);
        pairScore.set(k, Math.max(pairScore.get(k) ?? 0, h.score));
      }
    }
  }

  const forward: PairRows = { articleIds: [], relatedIds: [], scores: [] };
  // Reverse offers, best score per (candidate, target's primary).
  const offers = new Map<string, Offer>();
  for (const target of targets) {
    const hits = (hitsByTarget.get(target.id) ?? []).map((h) => ({ ...h, score: pairScore.get(pairKey(target.id, h.relatedId))! }));
    hits.sort((a, b) => b.score - a.score || a.relatedId - b.relatedId);
    for (const h of hits.slice(0, maxPerArticle)) pushPair(forward, target.id, h.relatedId, h.score);
    // More than the target's own top few: the target may be in a candidate's list
    // even when the candidate is not in the target's. Capped, because in a busy
    // window a generic article clears minScore against hundreds of others. Lists
    // show primaries, so a duplicate offers its primary. Batch members' own lists
    // are authoritative.
    for (const h of hits.slice(0, OFFERS_PER_ARTICLE_FACTOR * maxPerArticle)) {
      if (inBatch.has(h.relatedId)) continue;
      const key = `${h.relatedId}:${target.primaryId}`;
      const prev = offers.get(key);
      if (!prev || h.score > prev.score) offers.set(key, { articleId: h.relatedId, relatedId: target.primaryId, score: h.score });
    }
  }

  // Sorted so concurrent workers take row locks in one order (no deadlock cycles).
  const offerList = [...offers.values()].sort((a, b) => a.articleId - b.articleId || a.relatedId - b.relatedId);
  const offeredTo = [...new Set(offerList.map((o) => o.articleId))];
  const batchIds = [...inBatch];
  let reverseCount = 0;

  const t = performance.now();
  // A cold ingest's batch writes tens of thousands of rows: each statement gets
  // WRITE_TIMEOUT_MS, far above a busy machine's worst case.
  await withTransaction(
    db,
    async (tx) => {
      // One writer at a time: concurrent polls touch overlapping lists, and the
      // delete-insert-trim sequence would otherwise interleave (or deadlock).
      await tx.query(`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY}::bigint)`);
      // Stale rows of a changed article go in both directions; the offers below
      // restore the reverse rows that still hold.
      await tx.query(`DELETE FROM related_articles WHERE "articleId" = ANY($1::int[]) OR "relatedId" = ANY($1::int[])`, [batchIds]);
      await tx.query(
        `INSERT INTO related_articles ("articleId", "relatedId", score)
         SELECT * FROM unnest($1::int[], $2::int[], $3::float8[])
         ON CONFLICT ("articleId", "relatedId") DO UPDATE SET score = EXCLUDED.score`,
        [forward.articleIds, forward.relatedIds, forward.scores],
      );
      const { rows: floorRows } = await tx.query<{ articleId: number } & ListFloor>(
        `SELECT "articleId", count(*)::int AS count, min(score) AS floor
         FROM related_articles WHERE "articleId" = ANY($1::int[]) GROUP BY "articleId"`,
        [offeredTo],
      );
      const reverse: PairRows = { articleIds: [], relatedIds: [], scores: [] };
      for (const o of pickOffers(offerList, new Map(floorRows.map((f) => [f.articleId, f])), maxPerArticle)) {
        pushPair(reverse, o.articleId, o.relatedId, o.score);
      }
      reverseCount = reverse.articleIds.length;
      // GREATEST: a primary offered by itself and by its duplicate keeps the better score.
      await tx.query(
        `INSERT INTO related_articles ("articleId", "relatedId", score)
         SELECT * FROM unnest($1::int[], $2::int[], $3::float8[])
         ON CONFLICT ("articleId", "relatedId") DO UPDATE SET score = GREATEST(related_articles.score, EXCLUDED.score)`,
        [reverse.articleIds, reverse.relatedIds, reverse.scores],
      );
      // Keep each touched list to its best maxPerArticle (ties by id, like the page).
      await tx.query(
        `DELETE FROM related_articles r USING (
           SELECT "articleId", "relatedId",
                  row_number() OVER (PARTITION BY "articleId" ORDER BY score DESC, "relatedId") AS rn
           FROM related_articles WHERE "articleId" = ANY($1::int[])
         ) ranked
         WHERE r."articleId" = ranked."articleId" AND r."relatedId" = ranked."relatedId" AND ranked.rn > $2`,
        [offeredTo, maxPerArticle],
      );
    },
    { timeoutMs: WRITE_TIMEOUT_MS },
  );
  timing.writeMs = performance.now() - t;
  const pairs = forward.articleIds.length + reverseCount;
  if (timing.trimmedGroups > 0) log.info({ module: "related", ...timing, maxCandidates }, "related coverage scored only the nearest candidates of a busy window");
  log.debug({ module: "related", ...timing, pairs }, "related coverage computed");
  return { pairs };
}
