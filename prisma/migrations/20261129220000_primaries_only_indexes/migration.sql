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

-- The vector is computed for primaries only: see 20261205000000_search_generated_column.
-- (This file once also replaced the trigger function that did it: see the init migration.)

-- Article bodies over ~2 kB are compressed out of line, and lz4 compresses several times
-- faster than the default pglz (which showed in the ingest profile). Servers built
-- without lz4 keep pglz.
-- The DO body spells its semicolons as \073 inside an E'' string: `prisma migrate
-- deploy` splits a script at every literal semicolon, even inside quotes.
DO E'BEGIN IF ''lz4'' = ANY (SELECT unnest(enumvals) FROM pg_settings WHERE name = ''default_toast_compression'') THEN ALTER TABLE "articles" ALTER COLUMN "contentHtml" SET COMPRESSION lz4\073 END IF\073 END';
