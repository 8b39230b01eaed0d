-- The front page's source cap (lib/articles/front-placement.ts): entries the worker
-- pushed down carry their place in "frontRank", every other entry is NULL there and
-- keeps its place by "hotRank". The front page walks this index and stops after a page.
ALTER TABLE "articles" ADD COLUMN "frontRank" DOUBLE PRECISION;

CREATE INDEX "articles_front_idx" ON "articles" ((coalesce("frontRank", "hotRank")) DESC, "id" DESC) WHERE "duplicateOfId" IS NULL;

-- A member's own front page leaves these out (lib/mutes).
CREATE TABLE "muted_sources" (
    "userId" TEXT NOT NULL,
    "sourceId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "muted_sources_pkey" PRIMARY KEY ("userId","sourceId")
);

CREATE TABLE "muted_tags" (
    "userId" TEXT NOT NULL,
    "tag" VARCHAR(100) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "muted_tags_pkey" PRIMARY KEY ("userId","tag")
);

CREATE INDEX "muted_sources_sourceId_idx" ON "muted_sources"("sourceId");

ALTER TABLE "muted_sources" ADD CONSTRAINT "muted_sources_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "muted_sources" ADD CONSTRAINT "muted_sources_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "muted_tags" ADD CONSTRAINT "muted_tags_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
