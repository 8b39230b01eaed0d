-- A duplicate (the same canonical URL through a second source) is never listed or
-- searched on its own: lists, the front page, "top" and search show primaries only
-- (duplicateOfId IS NULL). Their indexes need not carry duplicates, and a duplicate
-- needs no search vector: bench:ingest measured the GIN insert and to_tsvector as
-- the largest per-row costs of storing an article.
DROP INDEX "articles_hotRank_id_idx";
CREATE INDEX "articles_hotRank_id_idx" ON "articles" ("hotRank" DESC, "id" DESC) WHERE "duplicateOfId" IS NULL;

DROP INDEX "articles_score_publishedAt_idx";
CREATE INDEX "articles_score_publishedAt_idx" ON "articles" ("score" DESC, "publishedAt" DESC) WHERE "duplicateOfId" IS NULL;

DROP INDEX "articles_search_idx";
CREATE INDEX "articles_search_idx" ON "articles" USING GIN ("search") WHERE "duplicateOfId" IS NULL;

-- The vector is computed for primaries only. A duplicate becomes a primary when its
-- primary is deleted (ON DELETE SET NULL), an UPDATE of duplicateOfId, which fires
-- this trigger and computes its vector then.
CREATE OR REPLACE FUNCTION "articles_search_update"() RETURNS trigger AS $$
BEGIN
  IF NEW."duplicateOfId" IS NOT NULL THEN
    NEW."search" := NULL;
  ELSE
    NEW."search" :=
      setweight(to_tsvector('english', coalesce(NEW."title", '')), 'A') ||
      setweight(to_tsvector('english', coalesce(NEW."excerpt", '')), 'B');
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER "articles_search_trg" ON "articles";
CREATE TRIGGER "articles_search_trg"
  BEFORE INSERT OR UPDATE OF "title", "excerpt", "duplicateOfId" ON "articles"
  FOR EACH ROW EXECUTE FUNCTION "articles_search_update"();

UPDATE "articles" SET "search" = NULL WHERE "duplicateOfId" IS NOT NULL AND "search" IS NOT NULL;

-- Article bodies over ~2 kB are compressed out of line; lz4 compresses several times
-- faster than the default pglz (which showed in the ingest profile). Servers built
-- without lz4 keep pglz.
DO $$
BEGIN
  IF 'lz4' = ANY (SELECT unnest(enumvals) FROM pg_settings WHERE name = 'default_toast_compression') THEN
    ALTER TABLE "articles" ALTER COLUMN "contentHtml" SET COMPRESSION lz4;
  END IF;
END
$$;
