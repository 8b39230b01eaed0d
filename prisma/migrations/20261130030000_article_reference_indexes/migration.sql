-- Deleting an article (removing a source deletes all of its articles) runs each
-- foreign key that references articles: ON DELETE SET NULL on duplicates and ON DELETE
-- CASCADE on saves. Neither column had an index to find those rows, so each deleted
-- article scanned the whole table: removing the source with the most primaries from a
-- 21,900-article database took 11.4 s, 1.2 s with these indexes, and the scan grows with
-- the table. Duplicates only: primaries (NULL) are never looked up this way.
CREATE INDEX "articles_duplicateOfId_idx" ON "articles" ("duplicateOfId") WHERE "duplicateOfId" IS NOT NULL;

CREATE INDEX "saved_articles_articleId_idx" ON "saved_articles" ("articleId");
