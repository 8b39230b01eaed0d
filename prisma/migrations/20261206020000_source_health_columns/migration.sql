-- The sources console (issue 14) reads each source's last fetch outcome and the time of
-- its last fetch that brought new articles from the source row, written by every poll
-- in the statement that writes its fetch-log row, instead of two fetch_logs lookups per
-- source per page view: the table, its tab counts and its order then come from one pass
-- over sources (2,000 rows), sorted and paged in SQL.
ALTER TABLE "sources" ADD COLUMN "lastOutcome" VARCHAR(20),
ADD COLUMN "lastNewAt" TIMESTAMP(3);

-- Backfill from the fetch log (fetch_logs_sourceId_startedAt_idx and fetch_logs_new_items_idx).
UPDATE "sources" s SET
  "lastOutcome" = (SELECT f.outcome FROM "fetch_logs" f WHERE f."sourceId" = s.id ORDER BY f."startedAt" DESC LIMIT 1),
  "lastNewAt" = (SELECT f."startedAt" FROM "fetch_logs" f WHERE f."sourceId" = s.id AND f."newItems" > 0 ORDER BY f."startedAt" DESC LIMIT 1);
