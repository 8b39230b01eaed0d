-- The operators' console at scale (issue 14): /admin/sources and /admin read rollups and
-- indexes, never a scan of articles or fetch_logs (tests/integration/admin-console-plans.test.ts).

-- An operator's refresh interval override (seconds, clamped to the schedule's 5 min .. 24 h
-- bounds), the last "poll now" from the source page (at most one a minute), and the number
-- of articles the source has stored (kept by ingest in the transaction that stores them).
ALTER TABLE "sources" ADD COLUMN "refreshIntervalSec" INTEGER,
ADD COLUMN "lastManualPollAt" TIMESTAMP(3),
ADD COLUMN "articleCount" INTEGER NOT NULL DEFAULT 0;

-- Articles stored per source per day (UTC, by createdAt): the console's sparklines and
-- charts and the dashboard's articles per day. Ingest adds to it in the transaction that
-- inserts the articles (lib/ingest/store-entries.ts).
CREATE TABLE "source_article_days" (
    "sourceId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "articles" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "source_article_days_pkey" PRIMARY KEY ("sourceId","day")
);

CREATE INDEX "source_article_days_day_idx" ON "source_article_days"("day");

ALTER TABLE "source_article_days" ADD CONSTRAINT "source_article_days_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill both from the articles already stored.
INSERT INTO "source_article_days" ("sourceId", "day", "articles")
SELECT "sourceId", "createdAt"::date, count(*)::int FROM "articles" GROUP BY 1, 2;

UPDATE "sources" s SET "articleCount" = c.n
  FROM (SELECT "sourceId", count(*)::int AS n FROM "articles" GROUP BY 1) c
 WHERE c."sourceId" = s.id;

-- Fetch outcomes per hour across all sources (the dashboard), and per-day counts of
-- sign-ups, comments, votes and flags.
CREATE INDEX "fetch_logs_startedAt_idx" ON "fetch_logs"("startedAt");
CREATE INDEX "users_createdAt_idx" ON "users"("createdAt");
CREATE INDEX "comments_createdAt_idx" ON "comments"("createdAt");
CREATE INDEX "votes_createdAt_idx" ON "votes"("createdAt");
CREATE INDEX "flags_createdAt_idx" ON "flags"("createdAt");

-- A source's last fetch that brought new articles, in one probe (the health table's
-- "last new"): partial, so Prisma's schema does not list it.
CREATE INDEX "fetch_logs_new_items_idx" ON "fetch_logs"("sourceId", "startedAt" DESC) WHERE "newItems" > 0;
