/** Reads for saved articles. */
import type { CursorKind } from "../articles/cursor";
import { readCursor, runListPage, type ListRow } from "../articles/list-page";
import { PAGE_SIZE } from "../articles/queries";
import type { ArticlePage } from "../articles/types";
import { db, Prisma } from "../db";

/** Whether the member saved this article. */
export async function isSaved(userId: string, articleId: number): Promise<boolean> {
  return (await db.savedArticle.count({ where: { userId, articleId } })) === 1;
}

/** listSavedArticles: (savedAt, articleId). */
export const SAVED_CURSOR: CursorKind[] = ["date", "int"];

/**
 * The member's saved articles, most recently saved first, one page by keyset cursor
 * (when saved, article id), walking saved_articles_userId_createdAt_articleId_idx.
 * An article a moderator removed leaves this list as it leaves every other.
 */
export async function listSavedArticles(userId: string, cursor?: string, limit = PAGE_SIZE): Promise<ArticlePage> {
  const { parts, rejected } = readCursor(cursor, SAVED_CURSOR);
  const after = parts ? Prisma.sql`AND (sa."createdAt", sa."articleId") < (${parts[0]}::timestamp, ${parts[1]}::int)` : Prisma.empty;
  return runListPage<ListRow & { savedAt: Date }>({
    from: Prisma.sql`saved_articles sa JOIN articles a ON a.id = sa."articleId"`,
    extra: Prisma.sql`, sa."createdAt" AS "savedAt"`,
    where: Prisma.sql`sa."userId" = ${userId} ${after}`,
    orderBy: Prisma.sql`sa."createdAt" DESC, sa."articleId" DESC`,
    keyOf: (r) => [r.savedAt, r.id],
    limit,
    cursorRejected: rejected,
  });
}
