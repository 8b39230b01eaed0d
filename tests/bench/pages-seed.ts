/**
 * Synthetic data for the page benchmark, written with set-based SQL
 * (INSERT … SELECT generate_series): 2,000 sources, articles spread back in time
 * at one per 30 s (stored when published), tags, votes, comments, related pairs and
 * 2% duplicates; for the operators' console, 30 days of hourly fetch logs per source.
 * Article ids equal the series number, so the newest article is id 1.
 */
import pg from "pg";
import { HOT_RANK_SQL } from "../../lib/ranking/refresh";

/** The article the benchmark loads; it gets COMMENTS_ON_TARGET comments and five related items. */
export const TARGET_ARTICLE_ID = 1;
export const COMMENTS_ON_TARGET = 200;
export const SOURCES = 2000;
const USERS = 1000;
const WORDS = "rocket neural compiler database vision robotics quantum privacy chip model agent policy startup cloud security climate energy music health finance";

/** Creates sources and users (once per database). */
export async function seedBase(c: pg.Client): Promise<void> {
  await c.query(`INSERT INTO sources (id, slug, title, "feedUrl", "siteUrl", "updatedAt", "lastFetchedAt", "lastSuccessAt")
    SELECT g, 'source-' || g, 'Source ' || g, 'http://127.0.0.1:9/feed/' || g, 'https://example.org/' || g, now(), now(), now()
      FROM generate_series(1, ${SOURCES}) g`);
  await c.query(`SELECT setval(pg_get_serial_sequence('sources', 'id'), ${SOURCES})`);
  await c.query(`INSERT INTO users (id, handle, "updatedAt") SELECT 'u' || g, 'user' || g, now() FROM generate_series(1, ${USERS}) g`);
}

/** Inserts articles lo..hi (inclusive) with their tags, votes, comments and related pairs. */
export async function seedArticles(c: pg.Client, lo: number, hi: number): Promise<void> {
  await c.query(`
    WITH w AS (SELECT string_to_array('${WORDS}', ' ') AS w)
    INSERT INTO articles (id, "sourceId", "entryKey", url, "canonicalUrl", title, excerpt, author, "imageUrl",
                          "publishedAt", "readingMinutes", "contentHash", score, "commentCount", "duplicateOfId", "updatedAt", "createdAt")
    SELECT g, 1 + g % ${SOURCES}, 'e' || g, 'https://example.org/a/' || g,
           'https://example.org/a/' || (CASE WHEN g % 50 = 0 THEN g - 1 ELSE g END),
           'Story ' || g || ': ' || w[1 + g % 20] || ' meets ' || w[1 + (g / 20) % 20] || ' in ' || w[1 + (g / 400) % 20],
           'An excerpt about ' || w[1 + (g / 7) % 20] || ' and ' || w[1 + (g / 3) % 20] || ', with enough words to fill two lines of a list row on a phone screen, number ' || g || '.',
           'Author ' || (g % 97), CASE WHEN g % 3 = 0 THEN 'https://example.org/img/' || g || '.jpg' END,
           (now() AT TIME ZONE 'UTC') - make_interval(secs => g * 30), 1 + g % 9, md5(g::text), ((g::bigint * 7919) % 50)::int,
           CASE WHEN g = ${TARGET_ARTICLE_ID} THEN ${COMMENTS_ON_TARGET} ELSE g % 4 END,
           CASE WHEN g % 50 = 0 THEN g - 1 END, now(), (now() AT TIME ZONE 'UTC') - make_interval(secs => g * 30)
      FROM generate_series(${lo}, ${hi}) g, w`);
  await c.query(`UPDATE articles SET tags = ARRAY['tag' || (1 + id % 20)] WHERE id BETWEEN ${lo} AND ${hi} AND id % 3 = 0`);
  await c.query(`INSERT INTO votes ("userId", "articleId", "createdAt") SELECT 'u' || (g % ${USERS} + 1), g, now() FROM generate_series(${lo}, ${hi}) g WHERE g % 5 = 0`);
  await c.query(`INSERT INTO comments ("articleId", "userId", body, "bodyHtml", "createdAt")
    SELECT g, 'u' || (g % ${USERS} + 1), 'A comment on story ' || g, '<p>A comment on story ' || g || '</p>', now()
      FROM generate_series(${lo}, ${hi}) g WHERE g % 20 = 0`);
  // Related pairs for every tenth article (and the target): the next five ids, which are other sources.
  await c.query(`INSERT INTO related_articles ("articleId", "relatedId", score)
    SELECT g, g + k, 1.0 / k FROM generate_series(${lo}, ${hi}) g, generate_series(1, 5) k
     WHERE (g % 10 = 0 OR g = ${TARGET_ARTICLE_ID}) AND g + k <= ${hi}`);
  if (lo <= TARGET_ARTICLE_ID && TARGET_ARTICLE_ID <= hi) {
    await c.query(`INSERT INTO comments ("articleId", "userId", body, "bodyHtml", "createdAt")
      SELECT ${TARGET_ARTICLE_ID}, 'u' || (k % ${USERS} + 1), 'Comment ' || k || ' on the benchmark article, long enough to look like a real reply.',
             '<p>Comment ' || k || ' on the benchmark article, long enough to look like a real reply.</p>', now() - make_interval(mins => k)
        FROM generate_series(1, ${COMMENTS_ON_TARGET}) k`);
  }
}

/**
 * The console's data: `days` days of hourly fetch logs per source (2% failures, new
 * articles every sixth fetch), and the rollups ingest would have kept (rebuilt from the
 * articles as the migration backfills them). Run after the articles, before finishSeed.
 */
export async function seedConsole(c: pg.Client, days = 30): Promise<void> {
  const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM fetch_logs`);
  if (Number(rows[0]!.n) === 0) {
    await c.query(`INSERT INTO fetch_logs ("sourceId", "startedAt", "durationMs", outcome, "httpStatus", "newItems", bytes, error)
      SELECT s, (now() AT TIME ZONE 'UTC') - make_interval(hours => h, secs => s),
             50 + (s * 7 + h) % 400,
             CASE WHEN (s + h) % 50 = 0 THEN 'error' WHEN h % 3 = 0 THEN 'ok' ELSE 'not_modified' END,
             CASE WHEN (s + h) % 50 = 0 THEN 500 WHEN h % 3 = 0 THEN 200 ELSE 304 END,
             CASE WHEN (s + h) % 50 <> 0 AND h % 6 = 0 THEN 1 + s % 3 ELSE 0 END,
             CASE WHEN h % 3 = 0 THEN 20000 + s ELSE NULL END,
             CASE WHEN (s + h) % 50 = 0 THEN 'HTTP 500' END
        FROM generate_series(1, ${SOURCES}) s, generate_series(0, ${days * 24 - 1}) h`);
    await c.query(`UPDATE sources SET "errorCount" = 1, "lastError" = 'HTTP 500', "lastHttpStatus" = 500 WHERE id % 50 = 0`);
    // What each poll would have written on the source row (as the migration backfills it).
    await c.query(`UPDATE sources s SET
      "lastOutcome" = (SELECT f.outcome FROM fetch_logs f WHERE f."sourceId" = s.id ORDER BY f."startedAt" DESC LIMIT 1),
      "lastNewAt" = (SELECT f."startedAt" FROM fetch_logs f WHERE f."sourceId" = s.id AND f."newItems" > 0 ORDER BY f."startedAt" DESC LIMIT 1)`);
  }
  await c.query(`DELETE FROM source_article_days`);
  await c.query(`INSERT INTO source_article_days ("sourceId", day, articles) SELECT "sourceId", "createdAt"::date, count(*)::int FROM articles GROUP BY 1, 2`);
  await c.query(`UPDATE sources s SET "articleCount" = c.n FROM (SELECT "sourceId", count(*)::int AS n FROM articles GROUP BY 1) c WHERE c."sourceId" = s.id`);
}

/** Resets sequences, computes hot ranks for the last 14 days and refreshes planner statistics. */
export async function finishSeed(c: pg.Client, maxId: number): Promise<void> {
  await c.query(`SELECT setval(pg_get_serial_sequence('articles', 'id'), ${maxId})`);
  await c.query(`UPDATE articles SET "hotRank" = ${HOT_RANK_SQL} WHERE "publishedAt" >= (now() AT TIME ZONE 'UTC') - interval '14 days'`, [new Date()]);
  await c.query(`VACUUM ANALYZE`);
}
