-- Members suggest sources (issue 14): each suggestion waits for an admin's decision.
-- No semicolons inside comments: `prisma migrate deploy` splits at each one.

CREATE TABLE "source_suggestions" (
    "id" SERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "url" VARCHAR(2048) NOT NULL,
    "feedUrl" VARCHAR(2048) NOT NULL,
    "title" VARCHAR(300) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "decision" VARCHAR(20),
    "sourceId" INTEGER,

    CONSTRAINT "source_suggestions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "source_suggestions_decision_known" CHECK ("decision" IS NULL OR "decision" IN ('approved', 'rejected'))
);

CREATE INDEX "source_suggestions_decidedAt_createdAt_idx" ON "source_suggestions"("decidedAt", "createdAt");
CREATE INDEX "source_suggestions_feedUrl_idx" ON "source_suggestions"("feedUrl");
CREATE INDEX "source_suggestions_userId_idx" ON "source_suggestions"("userId");
CREATE INDEX "source_suggestions_sourceId_idx" ON "source_suggestions"("sourceId");

ALTER TABLE "source_suggestions" ADD CONSTRAINT "source_suggestions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "source_suggestions" ADD CONSTRAINT "source_suggestions_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "sources"("id") ON DELETE SET NULL ON UPDATE CASCADE;
