/** Reads for subscriptions and the member's feed. */
import type { ArticleListItem } from "../articles/types";
import { db } from "../db";
import { LIST_ITEM_SELECT, toArticleListItem } from "./list-item";

/** Whether the member subscribes to the source. */
export async function isSubscribed(userId: string, sourceId: number): Promise<boolean> {
  return (await db.subscription.count({ where: { userId, sourceId } })) === 1;
}

/** The sources a member subscribes to, by title. */
export async function listSubscribedSources(userId: string): Promise<{ id: number; slug: string; title: string }[]> {
  const rows = await db.subscription.findMany({
    where: { userId },
    select: { source: { select: { id: true, slug: true, title: true } } },
  });
  return rows.map((r) => r.source).sort((a, b) => a.title.localeCompare(b.title));
}

/**
 * "My feed": articles from subscribed sources, newest first. Duplicates are kept
 * here (unlike the front page): the member asked for this source's copy.
 */
export async function listFeedArticles(userId: string, limit = 50): Promise<ArticleListItem[]> {
  const rows = await db.article.findMany({
    where: { source: { subscriptions: { some: { userId } } } },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: limit,
    select: LIST_ITEM_SELECT,
  });
  return rows.map(toArticleListItem);
}
