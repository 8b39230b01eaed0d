/**
 * Every query the operators' console runs (/admin/sources, /admin/sources/<id>, /admin),
 * as { text, values } for pg. One place, so tests/integration/admin-console-plans.test.ts
 * can EXPLAIN exactly what the pages run and assert that none of them scans articles or
 * fetch_logs: per-day article counts come from the source_article_days rollup and
 * sources."articleCount" (kept by ingest), fetch-log reads go through
 * fetch_logs_sourceId_startedAt_idx, fetch_logs_startedAt_idx or the partial
 * fetch_logs_new_items_idx. Raw pg rather than Prisma: the same reasoning as
 * lib/ingest/store-entries.ts, and the text is what the test explains.
 *
 * Times: columns hold UTC wall time (Prisma's convention); parameters are ISO strings
 * cast to timestamp(3), which drops the Z. Days and hours come back as text keys
 * ("2026-12-05", "2026-12-05T14") so no driver guesses a time zone.
 */

import type { SourceTab } from "./source-health";

export interface SqlQuery {
  text: string;
  values: unknown[];
}

const iso = (d: Date) => d.toISOString();

/**
 * The WHERE clause of each tab of the health table, over `sources s, p` where p is the
 * one-row PARAMS (mirrors tabsOf in ./source-health.ts).
 */
const TAB_WHERE: Record<SourceTab, string> = {
  all: "TRUE",
  failing: `s.status = 'active' AND s."errorCount" > 0`,
  idle: `s.status = 'active' AND COALESCE(s."lastNewAt", s."createdAt") < p."idleBefore"`,
  paused: `s.status = 'disabled'`,
  gone: `s.status = 'gone'`,
};
// $1 is typed once here, whether or not the tab compares with it.
const PARAMS = `(SELECT $1::timestamp(3) AS "idleBefore") p`;

/**
 * One page of the health table under `tab`: failing sources first, then by title and id.
 * Everything is a column of sources (the last outcome and last new article are written
 * by each poll), so this is one pass over the sources table, sorted and cut in SQL.
 * Times come back as epoch milliseconds so pg reads them without guessing a time zone.
 */
export function sourceHealthSql(tab: SourceTab, idleBefore: Date, limit: number, offset: number): SqlQuery {
  const ms = (col: string) => `(EXTRACT(EPOCH FROM ${col}) * 1000)::float8`;
  return {
    text: `SELECT s.id, s.title, s."feedUrl", s.status::text AS status, ${ms('s."lastFetchedAt"')} AS "lastFetchedAt", s."lastHttpStatus",
                  ${ms('s."nextCheckAt"')} AS "nextCheckAt", s."errorCount", s."lastError", ${ms('s."createdAt"')} AS "createdAt", s."articleCount",
                  s."lastOutcome", ${ms('s."lastNewAt"')} AS "lastNewAt"
             FROM sources s, ${PARAMS}
            WHERE ${TAB_WHERE[tab]}
            ORDER BY (s.status = 'active' AND s."errorCount" > 0) DESC, s.title, s.id
            LIMIT $2 OFFSET $3`,
    values: [iso(idleBefore), limit, offset],
  };
}

/** How many sources fall under each tab of the health table (one pass over sources). */
export function sourceTabCountsSql(idleBefore: Date): SqlQuery {
  const tabs = Object.entries(TAB_WHERE).map(([tab, where]) => `count(*) FILTER (WHERE ${where})::int AS "${tab}"`);
  return { text: `SELECT ${tabs.join(", ")} FROM sources s, ${PARAMS}`, values: [iso(idleBefore)] };
}

/** Articles stored per day since `since` for the sources `ids` (one page of the table's sparklines), from the rollup. */
export function sourceDaysSql(since: Date, ids: number[]): SqlQuery {
  return {
    text: `SELECT "sourceId", to_char(day, 'YYYY-MM-DD') AS day, articles AS n
             FROM source_article_days WHERE "sourceId" = ANY($2::int[]) AND day >= $1::timestamp(3)::date`,
    values: [iso(since), ids],
  };
}

/** One source's row for its page. */
export function sourceDetailSql(id: number): SqlQuery {
  return {
    text: `SELECT id, slug, title, "feedUrl", "siteUrl", status::text AS status, etag, "lastModified", "lastFetchedAt", "lastSuccessAt",
                  "lastHttpStatus", "nextCheckAt", "errorCount", "lastError", "minIntervalSec", "refreshIntervalSec",
                  "lastManualPollAt", "articleCount", "createdAt"
             FROM sources WHERE id = $1`,
    values: [id],
  };
}

/** A source's newest `limit` fetch-log rows. */
export function sourceFetchLogSql(id: number, limit = 50): SqlQuery {
  return {
    text: `SELECT id::text AS id, "startedAt", "durationMs", outcome, "httpStatus", "newItems", "updatedItems", bytes, error
             FROM fetch_logs WHERE "sourceId" = $1 ORDER BY "startedAt" DESC LIMIT $2`,
    values: [id, limit],
  };
}

/** A source's fetches per hour since `since`: successes (200 and 304) and the rest. */
export function sourceFetchHoursSql(id: number, since: Date): SqlQuery {
  return {
    text: `SELECT to_char(date_trunc('hour', "startedAt"), 'YYYY-MM-DD"T"HH24') AS hour,
                  count(*) FILTER (WHERE outcome IN ('ok', 'not_modified'))::int AS ok,
                  count(*) FILTER (WHERE outcome NOT IN ('ok', 'not_modified'))::int AS failed
             FROM fetch_logs WHERE "sourceId" = $1 AND "startedAt" >= $2::timestamp(3)
            GROUP BY 1`,
    values: [id, iso(since)],
  };
}

/** A source's articles stored per day since `since`, from the rollup. */
export function sourceArticleDaysSql(id: number, since: Date): SqlQuery {
  return {
    text: `SELECT to_char(day, 'YYYY-MM-DD') AS day, articles AS n
             FROM source_article_days WHERE "sourceId" = $1 AND day >= $2::timestamp(3)::date`,
    values: [id, iso(since)],
  };
}

/** Articles stored per day across all sources since `since`, from the rollup. */
export function articlesPerDaySql(since: Date): SqlQuery {
  return {
    text: `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(articles)::int AS n
             FROM source_article_days WHERE day >= $1::timestamp(3)::date GROUP BY day`,
    values: [iso(since)],
  };
}

/** Fetches per hour across all sources since `since`: successes, failures, and sources with a failure. */
export function fetchHoursSql(since: Date): SqlQuery {
  return {
    text: `SELECT to_char(date_trunc('hour', "startedAt"), 'YYYY-MM-DD"T"HH24') AS hour,
                  count(*) FILTER (WHERE outcome IN ('ok', 'not_modified'))::int AS ok,
                  count(*) FILTER (WHERE outcome NOT IN ('ok', 'not_modified'))::int AS failed,
                  count(DISTINCT "sourceId") FILTER (WHERE outcome NOT IN ('ok', 'not_modified'))::int AS "failingSources"
             FROM fetch_logs WHERE "startedAt" >= $1::timestamp(3)
            GROUP BY 1`,
    values: [iso(since)],
  };
}

/** Rows per day of `table` since `since` (users: sign-ups of people, not agents; flags: raised). */
export function perDaySql(table: "users" | "comments" | "votes" | "flags", since: Date): SqlQuery {
  const humans = table === "users" ? ` AND "isAgent" = false` : "";
  return {
    text: `SELECT to_char(date_trunc('day', "createdAt"), 'YYYY-MM-DD') AS day, count(*)::int AS n
             FROM ${table} WHERE "createdAt" >= $1::timestamp(3)${humans} GROUP BY 1`,
    values: [iso(since)],
  };
}

/** Agents that commented or voted, per day since `since`, and over the whole window. */
export function activeAgentsSql(since: Date): SqlQuery {
  return {
    text: `WITH acts AS (
             SELECT "userId", "createdAt" FROM comments WHERE "createdAt" >= $1::timestamp(3) AND "isAgent"
             UNION ALL
             SELECT "userId", "createdAt" FROM votes WHERE "createdAt" >= $1::timestamp(3) AND "isAgent"
           )
           SELECT to_char(date_trunc('day', "createdAt"), 'YYYY-MM-DD') AS day, count(DISTINCT "userId")::int AS n FROM acts GROUP BY ROLLUP (1)`,
    values: [iso(since)],
  };
}

/** Open flags, and active sources failing now. */
export function consoleCountsSql(): SqlQuery {
  return {
    text: `SELECT (SELECT count(*) FROM flags WHERE "resolvedAt" IS NULL)::int AS "openFlags",
                  (SELECT count(*) FROM sources WHERE status = 'active' AND "errorCount" > 0)::int AS "failingSources"`,
    values: [],
  };
}
