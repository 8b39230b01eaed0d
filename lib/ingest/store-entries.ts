/**
 * Writes one poll's normalized entries in set-based statements (a few round trips
 * per poll, whatever its size), inside the caller's transaction so the articles
 * and the source's new fetch state commit together.
 *
 * Idempotent: entries are keyed by (sourceId, entryKey) with ON CONFLICT DO
 * NOTHING; an entry whose contentHash is unchanged is not written at all, a changed
 * one is updated in place.
 *
 * This path talks to pg directly rather than through Prisma: bench:ingest showed
 * Prisma's per-query work (query compiler, argument serialisation of large
 * arrays) costing more CPU than parsing the feeds. Timestamps follow Prisma's
 * convention (timestamp(3) holding UTC wall time): ISO strings cast to timestamp
 * drop their Z, which is exactly that.
 */
import type pg from "pg";
import type { NormalizedEntry } from "../feeds/types";
import { float8ArrayParam, int4ArrayParam, textArrayParam } from "../db/binary-array";
import { computeHotRank } from "../ranking/hot";

/** Anything that runs a parameterised query: a pg.PoolClient inside BEGIN … COMMIT. */
export type Sql = Pick<pg.PoolClient, "query">;

export interface StoreResult {
  newArticleIds: number[];
  updatedArticleIds: number[];
}

/** The entries' columns as binary array parameters (lib/db/binary-array.ts), in the order the statements below unnest them. */
function columns(list: NormalizedEntry[]): Buffer[] {
  return [
    textArrayParam(list.map((e) => e.url)),
    textArrayParam(list.map((e) => e.canonicalUrl)),
    textArrayParam(list.map((e) => e.title)),
    textArrayParam(list.map((e) => e.excerpt)),
    textArrayParam(list.map((e) => e.contentHtml)),
    textArrayParam(list.map((e) => e.author)),
    textArrayParam(list.map((e) => e.imageUrl)),
    textArrayParam(list.map((e) => e.publishedAt.toISOString())),
    int4ArrayParam(list.map((e) => e.readingMinutes)),
    textArrayParam(list.map((e) => e.contentHash)),
    // Each entry's tags as a JSON array (one text per row: unnest cannot carry ragged
    // arrays), sorted as the pages list them.
    textArrayParam(list.map((e) => JSON.stringify([...e.tags].sort()))),
  ];
}

/**
 * Inserts new entries and updates changed ones. A new article whose
 * canonical URL a primary article of another source already has is stored as its
 * duplicate (duplicateOfId): lists show the story once, crediting both.
 */
export async function storeEntries(sql: Sql, sourceId: number, entries: NormalizedEntry[]): Promise<StoreResult> {
  if (entries.length === 0) return { newArticleIds: [], updatedArticleIds: [] };

  const { rows: existing } = await sql.query<{ id: number; entryKey: string; contentHash: string }>(
    `SELECT id, "entryKey", "contentHash" FROM articles WHERE "sourceId" = $1 AND "entryKey" = ANY($2::text[])`,
    [sourceId, entries.map((e) => e.entryKey)],
  );
  const byKey = new Map(existing.map((r) => [r.entryKey, r]));
  const fresh = entries.filter((e) => !byKey.has(e.entryKey));
  const changed = entries
    .filter((e) => {
      const row = byKey.get(e.entryKey);
      return row !== undefined && row.contentHash !== e.contentHash;
    })
    .map((e) => ({ entry: e, id: byKey.get(e.entryKey)!.id }));

  let inserted: { id: number; entryKey: string }[] = [];
  if (fresh.length) {
    // New articles have no votes yet; their rank is freshness alone until the
    // worker's periodic refresh (lib/ranking/refresh.ts) or a vote updates it.
    const now = new Date();
    const ranks = fresh.map((e) => computeHotRank(0, e.publishedAt, now));
    // duplicateOfId is decided here, not by a later UPDATE: updating 20,000 fresh rows
    // rewrote each one (every index, the GIN included) and cost bench:ingest as much
    // as the insert itself. The lookup goes through articles_primary_canonical_idx
    // (primaries only: the full canonicalUrl index made it visit every copy of a
    // URL), and the source test is a FILTER, not a condition the planner could pick
    // another index for: with statistics stale during a cold ingest, it once
    // bitmap-scanned the partial primaries-by-date index over every row.
    // Rows of other transactions still in flight are invisible here: two sources first
    // seen in the same instant may both stay primary (rare; lists show both).
    ({ rows: inserted } = await sql.query<{ id: number; entryKey: string }>(
      `INSERT INTO articles ("sourceId", "entryKey", url, "canonicalUrl", title, excerpt, "contentHtml", author,
                             "imageUrl", "publishedAt", "readingMinutes", "contentHash", tags, "hotRank", "duplicateOfId", "createdAt", "updatedAt")
       SELECT $1, x.k, x.u, x.cu, x.t, x.e, x.c, x.a, x.i, x.p::timestamp(3), x.r, x.h,
              ARRAY(SELECT json_array_elements_text(x.tg::json)), x.hr,
              (SELECT min(p.id) FILTER (WHERE p."sourceId" <> $1) FROM articles p WHERE p."canonicalUrl" = x.cu AND p."duplicateOfId" IS NULL),
              now(), now()
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::int[], $12::text[], $13::text[], $14::float8[]) AS x(k, u, cu, t, e, c, a, i, p, r, h, tg, hr)
       ON CONFLICT ("sourceId", "entryKey") DO NOTHING
       RETURNING id, "entryKey"`,
      [sourceId, textArrayParam(fresh.map((e) => e.entryKey)), ...columns(fresh), float8ArrayParam(ranks)],
    ));
  }

  if (inserted.length) {
    // The console's rollups (migration 20261205140000_admin_console): articles stored per
    // source per UTC day and in all, in this transaction so they never disagree with the
    // rows. One statement: the day's row upserted, the source's count moved.
    await sql.query(
      `WITH d AS (
         INSERT INTO source_article_days ("sourceId", day, articles) VALUES ($1, (now() AT TIME ZONE 'UTC')::date, $2)
         ON CONFLICT ("sourceId", day) DO UPDATE SET articles = source_article_days.articles + EXCLUDED.articles
       )
       UPDATE sources SET "articleCount" = "articleCount" + $2 WHERE id = $1`,
      [sourceId, inserted.length],
    );
  }

  if (changed.length) {
    const ids = changed.map((x) => x.id);
    await sql.query(
      `UPDATE articles a SET url = x.u, "canonicalUrl" = x.cu, title = x.t, excerpt = x.e, "contentHtml" = x.c,
              author = x.a, "imageUrl" = x.i, "publishedAt" = x.p::timestamp(3), "readingMinutes" = x.r,
              "contentHash" = x.h, tags = ARRAY(SELECT json_array_elements_text(x.tg::json)), "updatedAt" = now()
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::text[], $10::int[], $11::text[], $12::text[]) AS x(id, u, cu, t, e, c, a, i, p, r, h, tg)
       WHERE a.id = x.id`,
      [int4ArrayParam(ids), ...columns(changed.map((x) => x.entry))],
    );
  }

  return { newArticleIds: inserted.map((r) => r.id), updatedArticleIds: changed.map((x) => x.id) };
}
