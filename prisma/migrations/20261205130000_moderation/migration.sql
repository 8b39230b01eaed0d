-- Moderation (issue 14): the moderator role, flags, removals with reasons, suspensions
-- with an end and a reason, and the public append-only moderation log.
-- Written to match prisma/schema.prisma (Prisma's own names for indexes and keys).
-- No semicolons inside comments or bodies: `prisma migrate deploy` splits at each one.

-- The new role value is not used in this migration (Postgres refuses to use an enum
-- value in the transaction that added it).
ALTER TYPE "UserRole" ADD VALUE 'moderator' BEFORE 'admin';

-- Suspensions: bannedAt stays the "suspended" mark (issue 13's agent API reads it).
ALTER TABLE "users" ADD COLUMN "bannedUntil" TIMESTAMP(3),
ADD COLUMN "banReason" VARCHAR(500);

ALTER TABLE "comments" ADD COLUMN "removalReason" VARCHAR(500);

ALTER TABLE "articles" ADD COLUMN "removedAt" TIMESTAMP(3),
ADD COLUMN "removalReason" VARCHAR(500);

CREATE TABLE "flags" (
    "id" BIGSERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "commentId" INTEGER,
    "articleId" INTEGER,
    "reason" VARCHAR(20) NOT NULL,
    "note" VARCHAR(500),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolution" VARCHAR(20),

    CONSTRAINT "flags_pkey" PRIMARY KEY ("id"),
    -- A flag is on exactly one item.
    CONSTRAINT "flags_one_target" CHECK (("commentId" IS NULL) <> ("articleId" IS NULL)),
    CONSTRAINT "flags_reason_known" CHECK (
        ("commentId" IS NOT NULL AND "reason" IN ('off-topic', 'unkind', 'spam', 'other'))
        OR ("articleId" IS NOT NULL AND "reason" IN ('off-topic', 'duplicate', 'broken-link', 'spam'))
    ),
    CONSTRAINT "flags_resolution_known" CHECK ("resolution" IS NULL OR "resolution" IN ('dismissed', 'removed'))
);

CREATE UNIQUE INDEX "flags_userId_commentId_key" ON "flags"("userId", "commentId");
CREATE UNIQUE INDEX "flags_userId_articleId_key" ON "flags"("userId", "articleId");
CREATE INDEX "flags_commentId_idx" ON "flags"("commentId");
CREATE INDEX "flags_articleId_idx" ON "flags"("articleId");
CREATE INDEX "flags_resolvedAt_createdAt_idx" ON "flags"("resolvedAt", "createdAt");

ALTER TABLE "flags" ADD CONSTRAINT "flags_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "flags" ADD CONSTRAINT "flags_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "flags" ADD CONSTRAINT "flags_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "moderation_log" (
    "id" BIGSERIAL NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "moderatorId" VARCHAR(40) NOT NULL,
    "moderatorHandle" VARCHAR(32) NOT NULL,
    "moderatorRole" VARCHAR(20) NOT NULL,
    "action" VARCHAR(30) NOT NULL,
    "targetType" VARCHAR(20) NOT NULL,
    "targetId" VARCHAR(40) NOT NULL,
    "targetLabel" VARCHAR(400) NOT NULL,
    "targetPath" VARCHAR(300),
    "reason" VARCHAR(500) NOT NULL,

    CONSTRAINT "moderation_log_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "moderation_log_createdAt_id_idx" ON "moderation_log"("createdAt" DESC, "id" DESC);
CREATE INDEX "moderation_log_action_id_idx" ON "moderation_log"("action", "id" DESC);
CREATE INDEX "moderation_log_targetType_id_idx" ON "moderation_log"("targetType", "id" DESC);

-- Append-only: an UPDATE or DELETE of a log row does nothing (a correction is a new row).
-- Rules, not a trigger: a trigger needs a function body, which migrate deploy would split.
CREATE RULE "moderation_log_no_update" AS ON UPDATE TO "moderation_log" DO INSTEAD NOTHING;
CREATE RULE "moderation_log_no_delete" AS ON DELETE TO "moderation_log" DO INSTEAD NOTHING;
