/** Reads for saved articles. */
import type { ArticleListItem } from "../articles/types";
import { db } from "../db";
import { LIST_ITEM_SELECT, toArticleListItem } from "../subscriptions/list-item";

/** Whether the member saved this article. */
export async function isSaved(userId: string, articleId: number): Promise<boolean> {
  return (await db.savedArticle.count({ where: { userId, articleId } })) === 1;
}

/** The member's saved articles, most recently saved first. */
export async function listSavedArticles(userId: string, limit = 50): Promise<ArticleListItem[]> {
  const rows = await db.savedArticle.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { article: { select: LIST_ITEM_SELECT } },
  });
  return rows.map((r) => toArticleListItem(r.article));
}
