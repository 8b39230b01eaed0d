import { db } from "../db";

/** What a list row shows of an article. */
export interface ArticleListItem {
  id: number;
  title: string;
  excerpt: string;
  url: string | null;
  imageUrl: string | null;
  publishedAt: Date;
  score: number;
  commentCount: number;
  source: { slug: string; title: string };
  tags: string[];
}

const LIST_SELECT = {
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

type ListRow = {
  id: number;
  title: string;
  excerpt: string;
  url: string | null;
  imageUrl: string | null;
  publishedAt: Date;
  score: number;
  commentCount: number;
  source: { slug: string; title: string };
  tags: { tag: { name: string } }[];
};

function toListItem(row: ListRow): ArticleListItem {
  return { ...row, tags: row.tags.map((t) => t.tag.name) };
}

/** Newest primary articles (duplicates of the same URL through other sources hidden). */
export async function listNewestArticles(limit = 30): Promise<ArticleListItem[]> {
  const rows = await db.article.findMany({
    where: { duplicateOfId: null },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: limit,
    select: LIST_SELECT,
  });
  return rows.map(toListItem);
}

/** Counts that explain an empty front page: how many sources, how many fetched, how many failing. */
export async function getIngestStatus(): Promise<{ sources: number; fetched: number; failing: number }> {
  const [sources, fetched, failing] = await Promise.all([
    db.source.count({ where: { status: "active" } }),
    db.source.count({ where: { lastSuccessAt: { not: null } } }),
    db.source.count({ where: { status: "active", errorCount: { gt: 0 } } }),
  ]);
  return { sources, fetched, failing };
}
