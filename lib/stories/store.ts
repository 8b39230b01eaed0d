/**
 * Story clusters, the database part (over pg: the worker never loads Prisma). The
 * worker calls clusterStories right after computeRelatedFor, in the same job, with
 * the same article ids; nothing here runs at request time except refreshStory after
 * a vote. The rules are lib/stories/cluster.ts's.
 *
 * Invariants kept here: an article is in at most one story (articles."storyId");
 * a story's lead is a member and the only one not `folded`; removed articles and
 * duplicates never lead (they are not listed) and do not count; a story left with
 * fewer than two listable members is dissolved and its members listed again.
 */
import type pg from "pg";
import { withTransaction, type Queryable } from "../db/pool";
import { log } from "../log";
import { HOT_RANK_SQL, refreshStoryRanks } from "../ranking/refresh";
import { electLead, planStories, STORY_MIN_SCORE, type ClusterDoc, type ClusterEdge, type StorySpan } from "./cluster";

// Arbitrary; distinct from lib/related/compute.ts's and lib/db/migrate.ts's keys.
// One clustering pass at a time across worker processes: two passes planning the
// same new articles would both start a story for them.
const CLUSTER_LOCK_KEY = 72_657_002;
const WRITE_TIMEOUT_MS = 120_000;

const DOC_SQL = `SELECT a.id, a."sourceId", a."storyId",
    (EXTRACT(EPOCH FROM a."publishedAt" AT TIME ZONE 'UTC') * 1000)::float8 AS "publishedAtMs"
  FROM articles a
  WHERE a.id = ANY($1::int[]) AND a."duplicateOfId" IS NULL AND a."removedAt" IS NULL`;

/**
 * Groups `articleIds` (just scored by computeRelatedFor) into stories with their
 * related coverage, and refreshes every story touched. Returns how many articles
 * joined a story and how many stories were created.
 */
export async function clusterStories(db: pg.Pool, articleIds: number[], minScore = STORY_MIN_SCORE): Promise<{ joined: number; created: number }> {
  const ids = [...new Set(articleIds)].filter((id) => Number.isSafeInteger(id) && id > 0);
  if (ids.length === 0) return { joined: 0, created: 0 };
  return withTransaction(
    db,
    async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${CLUSTER_LOCK_KEY}::bigint)`);
      await unfoldOrphans(tx);
      const { rows: edgeRows } = await tx.query<{ articleId: number; relatedId: number; score: number }>(
        `SELECT "articleId", "relatedId", score FROM related_articles
          WHERE ("articleId" = ANY($1::int[]) OR "relatedId" = ANY($1::int[])) AND score >= $2`,
        [ids, minScore],
      );
      const edges: ClusterEdge[] = edgeRows.map((r) => ({ a: r.articleId, b: r.relatedId, score: r.score }));
      const docIds = [...new Set([...ids, ...edges.flatMap((e) => [e.a, e.b])])];
      const { rows: docRows } = await tx.query<ClusterDoc>(DOC_SQL, [docIds]);
      const docs = new Map(docRows.map((d) => [d.id, d]));
      const storyIds = [...new Set(docRows.flatMap((d) => (d.storyId === null ? [] : [d.storyId])))];
      const spans = await loadSpans(tx, storyIds);
      const plan = planStories(ids, docs, edges, spans, minScore);

      const touched = new Set<number>();
      let joined = 0;
      // "storyId" IS NULL: a member never moves, even if another pass got there first.
      for (const j of plan.joins) {
        const r = await tx.query(`UPDATE articles SET "storyId" = $2, folded = true WHERE id = $1 AND "storyId" IS NULL`, [j.articleId, j.storyId]);
        joined += r.rowCount ?? 0;
        touched.add(j.storyId);
      }
      for (const members of plan.created) {
        // The first member leads for now; refreshStory elects the real lead below.
        const { rows } = await tx.query<{ id: number }>(`INSERT INTO stories ("leadId") VALUES ($1) RETURNING id`, [members[0]]);
        const storyId = rows[0]!.id;
        const r = await tx.query(`UPDATE articles SET "storyId" = $2, folded = (id <> $3) WHERE id = ANY($1::int[]) AND "storyId" IS NULL`, [members, storyId, members[0]]);
        joined += r.rowCount ?? 0;
        touched.add(storyId);
      }
      const now = new Date();
      for (const storyId of [...touched].sort((a, b) => a - b)) await refreshStory(tx, storyId, now);
      if (plan.created.length > 0 || joined > 0) log.debug({ module: "stories", joined, created: plan.created.length }, "stories clustered");
      return { joined, created: plan.created.length };
    },
    { timeoutMs: WRITE_TIMEOUT_MS },
  );
}

async function loadSpans(tx: Queryable, storyIds: number[]): Promise<Map<number, StorySpan>> {
  if (storyIds.length === 0) return new Map();
  const { rows } = await tx.query<{ storyId: number; firstMs: number; lastMs: number }>(
    `SELECT "storyId",
            (EXTRACT(EPOCH FROM min("publishedAt") AT TIME ZONE 'UTC') * 1000)::float8 AS "firstMs",
            (EXTRACT(EPOCH FROM max("publishedAt") AT TIME ZONE 'UTC') * 1000)::float8 AS "lastMs"
       FROM articles WHERE "storyId" = ANY($1::int[]) GROUP BY "storyId"`,
    [storyIds],
  );
  return new Map(rows.map((r) => [r.storyId, { firstMs: r.firstMs, lastMs: r.lastMs }]));
}

/**
 * Members a deleted lead left folded without a story (the foreign key's SET NULL
 * cannot unfold them) are listed again (articles_folded_idx keeps this cheap).
 */
async function unfoldOrphans(tx: Queryable): Promise<void> {
  await tx.query(`UPDATE articles SET folded = false WHERE folded AND "storyId" IS NULL`);
}

/**
 * Brings one story up to date inside the caller's transaction: its listable
 * members' pooled human votes and counts, its lead (electLead: stable within a
 * vote margin), the folded flags, and the story's rank on the lead's hotRank. A
 * story with fewer than two listable members is dissolved. Returns the lead's id,
 * or null when dissolved or missing.
 */
export async function refreshStory(tx: Queryable, storyId: number, now: Date = new Date()): Promise<number | null> {
  const { rows: story } = await tx.query<{ leadId: number }>(`SELECT "leadId" FROM stories WHERE id = $1 FOR UPDATE`, [storyId]);
  if (story.length === 0) return null;
  const { rows: members } = await tx.query<{ id: number; sourceId: number; score: number; publishedAtMs: number }>(
    `SELECT id, "sourceId", score, (EXTRACT(EPOCH FROM "publishedAt" AT TIME ZONE 'UTC') * 1000)::float8 AS "publishedAtMs"
       FROM articles WHERE "storyId" = $1 AND "duplicateOfId" IS NULL AND "removedAt" IS NULL`,
    [storyId],
  );
  const oldLead = story[0]!.leadId;
  if (members.length < 2 || new Set(members.map((m) => m.sourceId)).size < 2) {
    const { rows: freed } = await tx.query<{ id: number }>(`UPDATE articles SET "storyId" = NULL, folded = false WHERE "storyId" = $1 RETURNING id`, [storyId]);
    await tx.query(`DELETE FROM stories WHERE id = $1`, [storyId]);
    await tx.query(`UPDATE articles SET "hotRank" = ${HOT_RANK_SQL} WHERE id = ANY($2::int[])`, [now, freed.map((f) => f.id)]);
    return null;
  }
  const lead = electLead(members, oldLead);
  const score = members.reduce((sum, m) => sum + Math.max(0, m.score), 0);
  await tx.query(
    `UPDATE stories SET "leadId" = $2, score = $3, "memberCount" = $4, "sourceCount" = $5, "updatedAt" = ($6::timestamptz AT TIME ZONE 'UTC') WHERE id = $1`,
    [storyId, lead, score, members.length, new Set(members.map((m) => m.sourceId)).size, now],
  );
  // Every member but the lead is folded, removed and duplicate ones included (lists skip those anyway).
  await tx.query(`UPDATE articles SET folded = (id <> $2) WHERE "storyId" = $1 AND folded IS DISTINCT FROM (id <> $2)`, [storyId, lead]);
  // A deposed lead goes back to its own rank (folded rows are not listed, but keep it true).
  if (lead !== oldLead) await tx.query(`UPDATE articles SET "hotRank" = ${HOT_RANK_SQL} WHERE id = $2`, [now, oldLead]);
  await refreshStoryRanks(tx, `st.id = $2`, [storyId], now);
  return lead;
}

/** refreshStory in its own transaction (the vote path, a moderator's removal). */
export async function refreshStoryNow(db: pg.Pool, storyId: number, now: Date = new Date()): Promise<number | null> {
  return withTransaction(db, (tx) => refreshStory(tx, storyId, now));
}

/**
 * Refreshes the story `articleId` belongs to, if any (after a moderator removes or
 * restores it, once that has committed). A failure is logged, not thrown: the
 * moderation stands, and the story catches up when a vote on a member or a clustering pass touches it.
 */
export async function refreshArticleStory(db: pg.Pool, articleId: number, now: Date = new Date()): Promise<void> {
  try {
    const { rows } = await db.query<{ storyId: number | null }>(`SELECT "storyId" FROM articles WHERE id = $1`, [articleId]);
    const storyId = rows[0]?.storyId;
    if (storyId != null) await refreshStoryNow(db, storyId, now);
  } catch (err) {
    log.warn({ err, articleId }, "refreshing an article's story after moderation failed");
  }
}
