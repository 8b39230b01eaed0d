-- Storing a new article looks up the primary article of another source with the same
-- canonical URL (lib/ingest/store-entries.ts). Through the full canonicalUrl index that
-- lookup visited every copy of the URL, duplicates included: in bench:ingest, where
-- each story arrives through 12 sources and some feeds give many entries one link, it
-- visited 86 rows per lookup on average and cost the database about a third of a cold
-- ingest's work. This index holds primaries only, so the lookup visits the few rows it
-- can answer from. The full index stays for the pages' "also covered by" queries.
CREATE INDEX "articles_primary_canonical_idx" ON "articles" ("canonicalUrl") WHERE "duplicateOfId" IS NULL;
