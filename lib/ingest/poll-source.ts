/**
 * One poll of one source: fetch, parse, normalize, store — and the source's new
 * fetch state, schedule and a fetch-log row, committed together. Feed problems
 * (network, HTTP, parse) become an outcome, never a thrown error; only database
 * failures and a parser shut down mid-poll throw (the job queue retries those).
 */
import { fetchFeed } from "../feeds/fetch";
import { parseInProcess, ParserStoppedError, type FeedParser, type ParsedForStore } from "./parse-job";
import type { FetchResult } from "../feeds/types";
import { pgPool, withTransaction, type Queryable } from "../db/pool";
import type { ByteBudget } from "./byte-budget";
import { log } from "../log";
import { computeNextCheck, type ScheduleOutcome } from "./schedule";
import { storeEntries, type Sql, type StoreResult } from "./store-entries";

export type PollOutcomeKind = "ok" | "not_modified" | "error" | "gone" | "rate_limited" | "refused";

export interface PollOutcome {
  id: number;
  url: string;
  outcome: PollOutcomeKind;
  httpStatus: number | null;
  newArticles: number;
  updatedArticles: number;
  error?: string;
  /** Ids of articles this poll inserted (for related-coverage computation). */
  newArticleIds: number[];
}

export interface PollOptions {
  now?: () => Date;
  fetchOptions?: Parameters<typeof fetchFeed>[1];
  /** Poll even a disabled or gone source (an operator's explicit request). */
  force?: boolean;
  /** Where parsing runs: in this thread by default, or a ParsePool's `parse`. */
  parser?: FeedParser;
  /** Shared across a process's polls: a body is parsed and stored only once its bytes fit. */
  budget?: ByteBudget;
  /**
   * A response to this source's feed URL fetched moments ago (discovery, when the source
   * is added): stored as this poll's result instead of fetching the feed a second time.
   */
  prefetched?: Extract<FetchResult, { kind: "ok" }>;
  /** Send no If-None-Match / If-Modified-Since (an operator's "poll now" wants the feed itself). */
  ignoreHttpCache?: boolean;
}

const MAX_ERROR_LENGTH = 2000;

function truncate(s: string): string {
  return s.length > MAX_ERROR_LENGTH ? s.slice(0, MAX_ERROR_LENGTH - 1) + "…" : s;
}

/** Polls source `sourceId` once and records the outcome; see the module comment. */
export async function pollSource(sourceId: number, opts: PollOptions = {}): Promise<PollOutcome> {
  const now = opts.now ?? (() => new Date());
  const source = await loadSourceOrThrow(sourceId);
  const base = { id: source.id, url: source.feedUrl, newArticles: 0, updatedArticles: 0, newArticleIds: [] as number[] };
  if (source.status !== "active" && !opts.force) {
    return { ...base, outcome: source.status === "gone" ? "gone" : "error", httpStatus: null, error: `source is ${source.status}` };
  }

  const started = now();
  const fetched: FetchResult =
    opts.prefetched ??
    (await fetchFeed(source.feedUrl, {
      etag: opts.ignoreHttpCache ? null : source.etag,
      lastModified: opts.ignoreHttpCache ? null : source.lastModified,
      ...opts.fetchOptions,
    }));

  // Everything below writes the source state and the log row in one statement, and a
  // poll that stores articles does so in one transaction with them (on pg directly:
  // see store-entries.ts for why this path skips Prisma).
  const finish = async (
    outcome: PollOutcomeKind,
    httpStatus: number | null,
    data: SourceStateUpdate,
    schedule: { outcome: ScheduleOutcome; retryAfterS?: number | null; serverMinIntervalS?: number | null },
    error?: string,
    store?: (sql: Sql) => Promise<StoreResult>,
    bytes?: number,
  ): Promise<PollOutcome> => {
    const succeeded = schedule.outcome === "ok" || schedule.outcome === "not_modified";
    const errorCount = succeeded ? 0 : source.errorCount + (outcome === "rate_limited" ? 0 : 1);
    const record = async (sql: Sql): Promise<StoreResult> => {
      const result = store ? await store(sql) : { newArticleIds: [], updatedArticleIds: [] };
      const finishedAt = now();
      const nextCheckAt =
        outcome === "gone"
          ? new Date(finishedAt.getTime() + 365 * 86400_000)
          : computeNextCheck({
              now: finishedAt,
              outcome: schedule.outcome,
              errorCount: Math.max(errorCount, outcome === "rate_limited" ? 1 : 0),
              recentPublished: succeeded ? await recentPublished(sql, sourceId) : [],
              retryAfterS: schedule.retryAfterS,
              serverMinIntervalS: schedule.serverMinIntervalS,
              overrideIntervalS: source.refreshIntervalSec,
            });
      await recordPoll(
        sql,
        sourceId,
        {
          ...data,
          lastFetchedAt: finishedAt,
          lastHttpStatus: httpStatus,
          lastOutcome: outcome,
          ...(result.newArticleIds.length > 0 ? { lastNewAt: started } : {}),
          errorCount,
          // A success clears the last error; a rate limit or failure records its own.
          ...(error ? { lastError: truncate(error) } : succeeded ? { lastError: null } : {}),
          nextCheckAt,
        },
        {
          startedAt: started,
          durationMs: Math.max(0, finishedAt.getTime() - started.getTime()),
          outcome,
          httpStatus,
          newItems: result.newArticleIds.length,
          updatedItems: result.updatedArticleIds.length,
          bytes: bytes ?? null,
          error: error ? truncate(error) : null,
        },
      );
      return result;
    };
    // Without articles to store, the one statement is atomic by itself: no BEGIN … COMMIT
    // (a 304 poll is then three round trips: the source, its recent dates, the record).
    const stored = store ? await withTransaction(pgPool, record) : await record(pgPool);
    return {
      ...base,
      outcome,
      httpStatus,
      newArticles: stored.newArticleIds.length,
      updatedArticles: stored.updatedArticleIds.length,
      newArticleIds: stored.newArticleIds,
      ...(error ? { error } : {}),
    };
  };

  switch (fetched.kind) {
    case "not_modified":
      return finish("not_modified", 304, {
        etag: fetched.etag ?? source.etag,
        lastModified: fetched.lastModified ?? source.lastModified,
        lastSuccessAt: now(),
      }, { outcome: "not_modified", serverMinIntervalS: Math.max(fetched.maxAgeSec ?? 0, source.minIntervalSec ?? 0) || null });
    case "rate_limited":
      return finish(
        "rate_limited",
        fetched.status,
        {},
        { outcome: "rate_limited", retryAfterS: fetched.retryAfterSec },
        `rate limited (HTTP ${fetched.status})${fetched.retryAfterSec ? `; retry after ${fetched.retryAfterSec} s` : ""}`,
      );
    case "gone":
      return finish("gone", 410, { status: "gone" }, { outcome: "error" }, "the server says the feed is gone (HTTP 410)");
    case "http_error":
      return finish("error", fetched.status, {}, { outcome: "error", retryAfterS: fetched.retryAfterSec }, fetched.error);
    case "refused":
      return finish("refused", null, {}, { outcome: "refused" }, fetched.error);
    case "network_error":
      return finish("error", null, {}, { outcome: "error" }, fetched.error);
    case "ok":
      break;
  }

  // From here until its transaction commits, the feed counts against the process's budget.
  const bytes = fetched.body.length;
  const release = await opts.budget?.acquire(bytes);
  try {
    let parsed: ParsedForStore;
    try {
      parsed = await (opts.parser ?? parseInProcess)({ body: fetched.body, url: fetched.finalUrl, contentType: fetched.contentType, now: started.getTime() });
    } catch (err) {
      if (err instanceof ParserStoppedError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      log.info({ sourceId, url: source.feedUrl, err: message }, "feed did not parse");
      return await finish("error", fetched.status, {}, { outcome: "error" }, `not a usable feed: ${message}`, undefined, bytes);
    }
    const { entries } = parsed;

    const ttlS = parsed.feed.ttl_minutes ? parsed.feed.ttl_minutes * 60 : 0;
    const serverMin = Math.max(ttlS, fetched.maxAgeSec ?? 0) || null;
    const meta: SourceStateUpdate = {
      etag: fetched.etag,
      lastModified: fetched.lastModified,
      lastSuccessAt: now(),
      minIntervalSec: serverMin,
      // link and image_url are http(s) URLs within the column's length already (parse-job.ts).
      ...(source.siteUrl ? {} : parsed.feed.link ? { siteUrl: parsed.feed.link } : {}),
      ...(source.description ? {} : parsed.feed.description ? { description: parsed.feed.description.slice(0, 2000) } : {}),
      ...(source.imageUrl ? {} : parsed.feed.image_url ? { imageUrl: parsed.feed.image_url } : {}),
      ...(source.language ? {} : parsed.feed.language ? { language: parsed.feed.language.slice(0, 35) } : {}),
    };
    // Awaited here, not returned as a promise: the budget is released only once the transaction is over.
    return await finish("ok", fetched.status, meta, { outcome: "ok", serverMinIntervalS: serverMin }, undefined, (sql) =>
      storeEntries(sql, sourceId, entries), bytes);
  } finally {
    release?.();
  }
}

interface SourceRow {
  id: number;
  feedUrl: string;
  status: "active" | "disabled" | "gone";
  etag: string | null;
  lastModified: string | null;
  errorCount: number;
  minIntervalSec: number | null;
  refreshIntervalSec: number | null;
  siteUrl: string | null;
  description: string | null;
  imageUrl: string | null;
  language: string | null;
}

/**
 * The source's fetch state, read with pg directly: measured here, Prisma's
 * findUnique cost ~10 ms of CPU per call against ~1.5 ms for the same SELECT,
 * which made a 304 poll seven times dearer than it needs to be.
 */
async function loadSourceOrThrow(sourceId: number): Promise<SourceRow> {
  const { rows } = await pgPool.query<SourceRow>(
    `SELECT id, "feedUrl", status, etag, "lastModified", "errorCount", "minIntervalSec", "refreshIntervalSec", "siteUrl", description, "imageUrl", language
     FROM sources WHERE id = $1`,
    [sourceId],
  );
  if (!rows[0]) throw new Error(`no source with id ${sourceId}`);
  return rows[0];
}

/** Columns of `sources` a poll may set; absent keys stay as they are. */
interface SourceStateUpdate {
  etag?: string | null;
  lastModified?: string | null;
  lastSuccessAt?: Date;
  lastFetchedAt?: Date;
  lastHttpStatus?: number | null;
  lastOutcome?: PollOutcomeKind;
  lastNewAt?: Date;
  minIntervalSec?: number | null;
  errorCount?: number;
  lastError?: string | null;
  nextCheckAt?: Date;
  status?: "gone";
  siteUrl?: string;
  description?: string;
  imageUrl?: string;
  language?: string;
}

/** One row of fetch_logs. */
interface FetchLogRow {
  startedAt: Date;
  durationMs: number;
  outcome: PollOutcomeKind;
  httpStatus: number | null;
  newItems: number;
  updatedItems: number;
  bytes: number | null;
  error: string | null;
}

/**
 * Updates the source's fetch state and writes the poll's fetch-log row in one
 * statement (one round trip, atomic without a transaction of its own). The log row is
 * written only if the source row still exists.
 */
async function recordPoll(sql: Queryable, sourceId: number, data: SourceStateUpdate, logRow: FetchLogRow): Promise<void> {
  const sets: string[] = [];
  const values: unknown[] = [sourceId];
  for (const [column, value] of Object.entries(data)) {
    if (value === undefined) continue;
    values.push(value instanceof Date ? value.toISOString() : value);
    // Column names come from SourceStateUpdate's keys, never from input.
    const cast = value instanceof Date ? "::timestamp(3)" : column === "status" ? '::"SourceStatus"' : "";
    sets.push(`"${column}" = $${values.length}${cast}`);
  }
  sets.push(`"updatedAt" = now()`);
  const at = values.length;
  values.push(logRow.startedAt.toISOString(), logRow.durationMs, logRow.outcome, logRow.httpStatus, logRow.newItems, logRow.updatedItems, logRow.bytes, logRow.error);
  await sql.query(
    `WITH s AS (UPDATE sources SET ${sets.join(", ")} WHERE id = $1 RETURNING id)
     INSERT INTO fetch_logs ("sourceId", "startedAt", "durationMs", outcome, "httpStatus", "newItems", "updatedItems", bytes, error)
     SELECT s.id, $${at + 1}::timestamp(3), $${at + 2}::int, $${at + 3}, $${at + 4}::int, $${at + 5}::int, $${at + 6}::int, $${at + 7}::int, $${at + 8} FROM s`,
    values,
  );
}

/** Publication times of the source's 20 newest articles (for the posting-rate schedule). */
async function recentPublished(sql: Queryable, sourceId: number): Promise<Date[]> {
  // EXTRACT(EPOCH) reads the UTC wall time as UTC whatever the session zone.
  const { rows } = await sql.query<{ t: string }>(
    `SELECT EXTRACT(EPOCH FROM "publishedAt") * 1000 AS t FROM articles WHERE "sourceId" = $1 ORDER BY "publishedAt" DESC LIMIT 20`,
    [sourceId],
  );
  return rows.map((r) => new Date(Number(r.t)));
}
