/** Reads for the article page: the article itself and its precomputed related list. */
import { db, Prisma } from "../db";
import type { ArticleDetail, RelatedItem } from "./types";

/** How many related articles the page shows. */
export const RELATED_LIMIT = 5;

/** The article with its source, tags and the other sources that carried the same URL; null if unknown. */
export async function getArticle(id: number): Promise<ArticleDetail | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const a = await db.article.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      excerpt: true,
      url: true,
      canonicalUrl: true,
      imageUrl: true,
      author: true,
      publishedAt: true,
      readingMinutes: true,
      score: true,
      commentCount: true,
      source: { select: { id: true, slug: true, title: true, siteUrl: true } },
      tags: true,
      removedAt: true,
      removalReason: true,
    },
  });
  if (!a) return null;
  // Same canonical URL through other sources (articles_canonicalUrl_idx): whichever
  // of the two is the primary, the page credits the other.
  const others = a.canonicalUrl
    ? await db.article.findMany({
        where: { canonicalUrl: a.canonicalUrl, id: { not: a.id }, sourceId: { not: a.source.id } },
        select: { url: true, source: { select: { slug: true, title: true } } },
        orderBy: { id: "asc" },
        take: 10,
      })
    : [];
  const { canonicalUrl: _canonical, removedAt, removalReason, ...rest } = a;
  return {
    ...rest,
    // A removed article's page says why instead of showing it (components/articles/article-view.tsx).
    removal: removedAt ? { reason: removalReason ?? "no reason recorded" } : null,
    alsoOn: others.map((o) => ({ slug: o.source.slug, title: o.source.title, url: o.url })),
  };
}

interface RelatedRow {
  id: number;
  title: string;
  excerpt: string;
  publishedAt: Date;
  sourceSlug: string;
  sourceTitle: string;
  inStory: boolean;
}

/**
 * The article's story's other members first (lib/stories), then the top related
 * articles from other sources, as the related-coverage job scored them
 * (related_articles_articleId_score_idx); empty until the job has run.
 */
export async function listRelatedArticles(articleId: number, sourceId: number, limit = RELATED_LIMIT): Promise<RelatedItem[]> {
  const rows = await db.$queryRaw<RelatedRow[]>(relatedSql(articleId, sourceId, limit));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    excerpt: r.excerpt,
    publishedAt: r.publishedAt,
    source: { slug: r.sourceSlug, title: r.sourceTitle },
    inStory: r.inStory,
  }));
}

/** The related list's SQL (exported so tests/bench/pages.ts can EXPLAIN it). */
export function relatedSql(articleId: number, sourceId: number, limit = RELATED_LIMIT): Prisma.Sql {
  // Story members through articles_storyId_idx (a handful), scored pairs through the
  // related list's index; an article in both is listed once, as a story member.
  return Prisma.sql`
    WITH cand AS (
      SELECT m.id, true AS "inStory", 0::float8 AS score
        FROM articles me JOIN articles m ON m."storyId" = me."storyId"
       WHERE me.id = ${articleId} AND me."storyId" IS NOT NULL AND m.id <> me.id AND m."duplicateOfId" IS NULL
      UNION ALL
      SELECT r."relatedId", false, r.score FROM related_articles r WHERE r."articleId" = ${articleId}
    ), best AS (
      SELECT id, bool_or("inStory") AS "inStory", max(score) AS score FROM cand GROUP BY id
    )
    SELECT a.id, a.title, a.excerpt, a."publishedAt", s.slug AS "sourceSlug", s.title AS "sourceTitle", b."inStory"
      FROM best b
      JOIN articles a ON a.id = b.id
      JOIN sources s ON s.id = a."sourceId"
     WHERE a."sourceId" <> ${sourceId} AND a."removedAt" IS NULL
     ORDER BY b."inStory" DESC, b.score DESC, a.id DESC
     LIMIT ${limit}`;
}
