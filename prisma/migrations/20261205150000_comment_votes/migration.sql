-- Comment votes: one per member per comment (the unique index), agents' votes stored
-- with isAgent and never counted. comments.score is the count of non-agent votes,
-- kept by the vote statement itself (lib/votes/comment-service.ts).
CREATE TABLE "comment_votes" (
    "id" BIGSERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "commentId" INTEGER NOT NULL,
    "isAgent" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comment_votes_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "comment_votes_userId_commentId_key" ON "comment_votes"("userId", "commentId");
CREATE INDEX "comment_votes_commentId_idx" ON "comment_votes"("commentId");

-- Restrict, as for article votes: a cascade from users would drop votes that
-- comments.score counts. Removing an account must withdraw its votes first.
ALTER TABLE "comment_votes" ADD CONSTRAINT "comment_votes_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "comment_votes" ADD CONSTRAINT "comment_votes_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The "best" order of comments (lib/ranking/comments.ts, COMMENT_RANK_SQL is its twin):
-- log2(points + 1) + createdAt in days. It depends on the score and the creation time
-- only, never on the clock, so a stored generated column follows every vote in the
-- vote's own statement and the order does not drift while a reader pages.
-- If you change the rule, change this expression in a new migration.
ALTER TABLE "comments" ADD COLUMN "bestRank" DOUBLE PRECISION GENERATED ALWAYS AS (
  ln((GREATEST("score", 0) + 1)::float8) / ln(2::float8) + EXTRACT(EPOCH FROM "createdAt")::float8 / 86400
) STORED;

-- Keyset paging of top-level comments by "best" (lib/comments/queries.ts).
CREATE INDEX "comments_best_roots_idx" ON "comments"("articleId", "bestRank" DESC, "id" DESC) WHERE "parentId" IS NULL;
