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
  tags: { select: { tag: { select: { name: true } } }, take: 5 },
} as const;

type Row = Omit<ArticleListItem, "tags" | "alsoOn"> & { tags: { tag: { name: string } }[] };

/** Flattens the tag join rows into names. */
export function toArticleListItem(row: Row): ArticleListItem {
  // "Also on" credits other sources on the shared lists; a member's own lists show the
  // copy from the source they follow or saved, so there is nothing to credit.
  return { ...row, tags: row.tags.map((t) => t.tag.name), alsoOn: [] };
}
