-- Tags move from the tags/article_tags join tables into a text[] column on articles
-- (as Miniflux keeps them). Storing a poll's tags was four join rows per article on
-- average, each with two foreign-key checks and two index entries: bench:ingest
-- measured it at a third of the database's work. Lists now read the column instead of
-- a subquery per row. A tag page finds its primaries through a GIN index (or, for a
-- very common tag, by walking the primary key backwards), and duplicates are left out
-- of that index like the other list indexes.
ALTER TABLE "articles" ADD COLUMN "tags" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

UPDATE "articles" a SET "tags" = t.names
  FROM (SELECT at."articleId", array_agg(tg."name" ORDER BY tg."name") AS names
          FROM "article_tags" at JOIN "tags" tg ON tg."id" = at."tagId"
         GROUP BY at."articleId") t
 WHERE a."id" = t."articleId";

DROP TABLE "article_tags";
DROP TABLE "tags";

CREATE INDEX "articles_tags_idx" ON "articles" USING GIN ("tags") WHERE "duplicateOfId" IS NULL;
