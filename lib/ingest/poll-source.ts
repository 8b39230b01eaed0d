/**
 * One poll of one source: fetch, parse, normalize, store — and the source's new
 * fetch state, schedule and a fetch-log row, committed together. Feed problems
 * (network, HTTP, parse) become an outcome, never a thrown error; only database
 * failures throw (the job queue retries those).
 */
import { fetchFeed } from "../feeds/fetch";
import { parseFeed } from "../feeds/parse";
import { normalizeEntries } from "../feeds/normalize";
import type { FetchResult } from "../feeds/types";
import type { PrismaClient, Prisma } from "../db";
import { log } from "../log";
import { computeNextCheck, type ScheduleOutcome } from "./schedule";
import { storeEntries } from "./store-entries";

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
}

const MAX_ERROR_LENGTH = 2000;

function truncate(s: string): string {
  return s.length > MAX_ERROR_LENGTH ? s.slice(0, MAX_ERROR_LENGTH - 1) + "…" : s;
}

/** Polls source `sourceId` once and records the outcome; see the module comment. */
export async function pollSource(db: PrismaClient, sourceId: number, opts: PollOptions = {}): Promise<PollOutcome> {
  const now = opts.now ?? (() => new Date());
  const source = await db.source.findUniqueOrThrow({ where: { id: sourceId } });
  const base = { id: source.id, url: source.feedUrl, newArticles: 0, updatedArticles: 0, newArticleIds: [] as number[] };
  if (source.status !== "active" && !opts.force) {
    return { ...base, outcome: source.status === "gone" ? "gone" : "error", httpStatus: null, error: `source is ${source.status}` };
  }

  const started = now();
  const fetched: FetchResult = await fetchFeed(source.feedUrl, {
    etag: source.etag,
    lastModified: source.lastModified,
    ...opts.fetchOptions,
  });

  const recentPublished = async (tx: Prisma.TransactionClient) =>
    (
      await tx.article.findMany({
        where: { sourceId },
        orderBy: { publishedAt: "desc" },
        take: 20,
        select: { publishedAt: true },
      })
    ).map((a) => a.publishedAt);

  // Everything below writes the source state and the log row in one transaction.
  const finish = async (
    outcome: PollOutcomeKind,
    httpStatus: number | null,
    data: Prisma.SourceUpdateInput,
    schedule: { outcome: ScheduleOutcome; retryAfterS?: number | null; serverMinIntervalS?: number | null },
    error?: string,
    store?: (tx: Prisma.TransactionClient) => Promise<{ newArticleIds: number[]; updatedArticleIds: number[] }>,
    bytes?: number,
  ): Promise<PollOutcome> => {
    const errorCount = schedule.outcome === "ok" || schedule.outcome === "not_modified" ? 0 : source.errorCount + (outcome === "rate_limited" ? 0 : 1);
    return db.$transaction(
      async (tx) => {
        const stored = store ? await store(tx) : { newArticleIds: [], updatedArticleIds: [] };
        const finishedAt = now();
        const nextCheckAt = outcome === "gone"
          ? new Date(finishedAt.getTime() + 365 * 86400_000)
          : computeNextCheck({
              now: finishedAt,
              outcome: schedule.outcome,
              errorCount: Math.max(errorCount, outcome === "rate_limited" ? 1 : 0),
              recentPublished: schedule.outcome === "ok" || schedule.outcome === "not_modified" ? await recentPublished(tx) : [],
              retryAfterS: schedule.retryAfterS,
              serverMinIntervalS: schedule.serverMinIntervalS,
            });
        await tx.source.update({
          where: { id: sourceId },
          data: {
            ...data,
            lastFetchedAt: finishedAt,
            lastHttpStatus: httpStatus,
            errorCount,
            lastError: error ? truncate(error) : schedule.outcome === "ok" || schedule.outcome === "not_modified" ? null : undefined,
            nextCheckAt,
          },
        });
        await tx.fetchLog.create({
          data: {
            sourceId,
            startedAt: started,
            durationMs: Math.max(0, finishedAt.getTime() - started.getTime()),
            outcome,
            httpStatus,
            newItems: stored.newArticleIds.length,
            updatedItems: stored.updatedArticleIds.length,
            bytes: bytes ?? null,
            error: error ? truncate(error) : null,
          },
        });
        return {
          ...base,
          outcome,
          httpStatus,
          newArticles: stored.newArticleIds.length,
          updatedArticles: stored.updatedArticleIds.length,
          newArticleIds: stored.newArticleIds,
          ...(error ? { error } : {}),
        };
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
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

  let parsed;
  let entries;
  try {
    parsed = parseFeed(fetched.body, { url: fetched.finalUrl, contentType: fetched.contentType });
    entries = normalizeEntries(parsed, { feedUrl: fetched.finalUrl, now: started });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.info({ sourceId, url: source.feedUrl, err: message }, "feed did not parse");
    return finish("error", fetched.status, {}, { outcome: "error" }, `not a usable feed: ${message}`, undefined, fetched.body.length);
  }

  const ttlS = parsed.feed.ttl_minutes ? parsed.feed.ttl_minutes * 60 : 0;
  const serverMin = Math.max(ttlS, fetched.maxAgeSec ?? 0) || null;
  const meta: Prisma.SourceUpdateInput = {
    etag: fetched.etag,
    lastModified: fetched.lastModified,
    lastSuccessAt: now(),
    minIntervalSec: serverMin,
    ...(source.siteUrl ? {} : parsed.feed.link ? { siteUrl: parsed.feed.link.slice(0, 2048) } : {}),
    ...(source.description ? {} : parsed.feed.description ? { description: parsed.feed.description.slice(0, 2000) } : {}),
    ...(source.imageUrl ? {} : parsed.feed.image_url ? { imageUrl: parsed.feed.image_url.slice(0, 2048) } : {}),
    ...(source.language ? {} : parsed.feed.language ? { language: parsed.feed.language.slice(0, 35) } : {}),
  };
  return finish("ok", fetched.status, meta, { outcome: "ok", serverMinIntervalS: serverMin }, undefined, (tx) =>
    storeEntries(tx, sourceId, entries), fetched.body.length);
}
