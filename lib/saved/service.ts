/** Saving articles for later; both writes are idempotent. */
import { db } from "../db";

/** Saves an article for a member (no-op if already saved or the article is gone); returns whether it is saved now. */
export async function saveArticle(userId: string, articleId: number): Promise<boolean> {
  const inserted = await db.$executeRaw`
    INSERT INTO saved_articles ("userId", "articleId")
    SELECT ${userId}, id FROM articles WHERE id = ${articleId}
    ON CONFLICT DO NOTHING`;
  if (inserted === 1) return true;
  return (await db.savedArticle.count({ where: { userId, articleId } })) === 1;
}

/** Removes a saved article (no-op if it was not saved). */
export async function unsaveArticle(userId: string, articleId: number): Promise<void> {
  await db.savedArticle.deleteMany({ where: { userId, articleId } });
}
