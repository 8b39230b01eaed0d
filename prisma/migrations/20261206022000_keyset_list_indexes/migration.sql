-- Every list pages by keyset (lib/articles/list-page.ts). The saved list and a
-- member's comments order by (createdAt, id). With the id in the index each page
-- is a walk from the cursor, and rows saved or written in the same millisecond
-- keep one order. These replace the (userId, createdAt) indexes they extend.

-- DropIndex
DROP INDEX "comments_userId_createdAt_idx";

-- DropIndex
DROP INDEX "saved_articles_userId_createdAt_idx";

-- CreateIndex
CREATE INDEX "comments_userId_createdAt_id_idx" ON "comments"("userId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "saved_articles_userId_createdAt_articleId_idx" ON "saved_articles"("userId", "createdAt" DESC, "articleId" DESC);
