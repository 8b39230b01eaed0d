import type { PrismaClient } from "../db";

export interface SourceHealth {
  id: number;
  slug: string;
  url: string;
  title: string;
  siteUrl: string | null;
  status: string;
  errorCount: number;
  lastError: string | null;
  lastFetchedAt: string | null;
  lastSuccessAt: string | null;
  nextCheckAt: string;
  articleCount: number;
}

/** Every source with its fetch health and article count, for operators. */
export async function listSourceHealth(db: PrismaClient): Promise<SourceHealth[]> {
  const rows = await db.source.findMany({
    orderBy: { id: "asc" },
    include: { _count: { select: { articles: true } } },
  });
  return rows.map((s) => ({
    id: s.id,
    slug: s.slug,
    url: s.feedUrl,
    title: s.title,
    siteUrl: s.siteUrl,
    status: s.status,
    errorCount: s.errorCount,
    lastError: s.lastError,
    lastFetchedAt: s.lastFetchedAt?.toISOString() ?? null,
    lastSuccessAt: s.lastSuccessAt?.toISOString() ?? null,
    nextCheckAt: s.nextCheckAt.toISOString(),
    articleCount: s._count.articles,
  }));
}
