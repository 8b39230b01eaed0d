-- No foreign-key action may delete other members' content or change a denormalized count.
-- No delete path for users exists yet: this fixes the schema before one is added.
--
-- Before: deleting a user cascaded into their comments and, through comments.parentId,
-- into every reply other members wrote under them (leaving articles.commentCount wrong),
-- and into their votes (leaving articles.score wrong). Now:
-- - votes.userId and comments.userId are RESTRICT: the database refuses to delete a user
--   who voted or commented. A future account deletion must withdraw the votes through the
--   vote service (which moves the score) and blank the comments (as deleteComment does).
-- - comments.parentId is NO ACTION: deleting a comment row that has replies is refused (the
--   soft delete keeps the row, so the thread keeps its shape). NO ACTION rather than RESTRICT
--   because it is checked at the end of the statement: removing an article or a source
--   still cascades through its whole discussion.
-- Generated with `prisma migrate diff --from-migrations … --to-schema-datamodel …`.

-- DropForeignKey
ALTER TABLE "comments" DROP CONSTRAINT "comments_parentId_fkey";

-- DropForeignKey
ALTER TABLE "comments" DROP CONSTRAINT "comments_userId_fkey";

-- DropForeignKey
ALTER TABLE "votes" DROP CONSTRAINT "votes_userId_fkey";

-- AddForeignKey
ALTER TABLE "votes" ADD CONSTRAINT "votes_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "comments"("id") ON DELETE NO ACTION ON UPDATE CASCADE;
