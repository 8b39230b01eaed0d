/**
 * The ArticleListItem shape (lib/articles/queries.ts) for member lists (my feed,
 * saved). If ArticleListItem gains a field, add it here too.
 */
import type { ArticleListItem } from "../articles/types";

export const LIST_ITEM_SELECT = {
  id: true,
  title: true,
  excerpt: true,
  url: true,
  imageUrl: true,
  publishedAt: true,
  score: true,
  commentCount: true,
  source: { select: { slug: true, title: true } },
  tags: true,
} as const;

type Row = Omit<ArticleListItem, "alsoOn">;

/** A row of LIST_ITEM_SELECT as a list item: the first five tags, nobody else to credit. */
export function toArticleListItem(row: Row): ArticleListItem {
  // "Also on" credits other sources on the shared lists; a member's own lists show the
  // copy from the source they follow or saved, so there is nothing to credit.
  return { ...row, tags: row.tags.slice(0, 5), alsoOn: [] };
}
