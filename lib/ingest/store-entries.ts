/**
 * Writes one poll's normalized entries in set-based statements (a few round trips
 * per poll, whatever its size), inside the caller's transaction so the articles
 * and the source's new fetch state commit together.
 *
 * Idempotent: entries are keyed by (sourceId, entryKey) with ON CONFLICT DO
 * NOTHING; an entry whose contentHash is unchanged is not written at all, a changed
 * one is updated in place.
 */
import type { NormalizedEntry } from "../feeds/types";
import type { Prisma } from "../db";
import { computeHotRank } from "../ranking/hot";

type Tx = Prisma.TransactionClient;

export interface StoreResult {
  newArticleIds: number[];
  updatedArticleIds: number[];
}

/** Inserts new entries, updates changed ones, links tags and marks cross-source duplicates. */
export async function storeEntries(tx: Tx, sourceId: number, entries: NormalizedEntry[]): Promise<StoreResult> {
  if (entries.length === 0) return { newArticleIds: [], updatedArticleIds: [] };

  const keys = entries.map((e) => e.entryKey);
  const existing = await tx.$queryRaw<{ id: number; entryKey: string; contentHash: string }[]>`
    SELECT id, "entryKey", "contentHash" FROM articles WHERE "sourceId" = ${sourceId} AND "entryKey" = ANY(${keys}::text[])`;
  const byKey = new Map(existing.map((r) => [r.entryKey, r]));

  const fresh = entries.filter((e) => !byKey.has(e.entryKey));
  const changed = entries
    .filter((e) => {
      const row = byKey.get(e.entryKey);
      return row !== undefined && row.contentHash !== e.contentHash;
    })
    .map((e) => ({ entry: e, id: byKey.get(e.entryKey)!.id }));

  const cols = (list: NormalizedEntry[]) => ({
    keys: list.map((e) => e.entryKey),
    urls: list.map((e) => e.url),
    canonical: list.map((e) => e.canonicalUrl),
    titles: list.map((e) => e.title),
    excerpts: list.map((e) => e.excerpt),
    contents: list.map((e) => e.contentHtml),
    authors: list.map((e) => e.author),
    images: list.map((e) => e.imageUrl),
    published: list.map((e) => e.publishedAt.toISOString()),
    minutes: list.map((e) => e.readingMinutes),
    hashes: list.map((e) => e.contentHash),
  });

  let inserted: { id: number; entryKey: string }[] = [];
  if (fresh.length) {
    const c = cols(fresh);
    // New articles have no votes yet; their rank is freshness alone until the
    // worker's periodic refresh (lib/ranking/refresh.ts) or a vote updates it.
    const now = new Date();
    const ranks = fresh.map((e) => computeHotRank(0, e.publishedAt, now));
    // "publishedAt" is timestamp(3) holding UTC wall time; the ISO string's Z is
    // dropped by the cast, which is exactly that convention.
    inserted = await tx.$queryRaw<{ id: number; entryKey: string }[]>`
      INSERT INTO articles ("sourceId", "entryKey", url, "canonicalUrl", title, excerpt, "contentHtml", author,
                            "imageUrl", "publishedAt", "readingMinutes", "contentHash", "hotRank", "createdAt", "updatedAt")
      SELECT ${sourceId}, x.k, x.u, x.cu, x.t, x.e, x.c, x.a, x.i, x.p::timestamp(3), x.r, x.h, x.hr, now(), now()
      FROM unnest(${c.keys}::text[], ${c.urls}::text[], ${c.canonical}::text[], ${c.titles}::text[], ${c.excerpts}::text[],
                  ${c.contents}::text[], ${c.authors}::text[], ${c.images}::text[], ${c.published}::text[],
                  ${c.minutes}::int[], ${c.hashes}::text[], ${ranks}::float8[]) AS x(k, u, cu, t, e, c, a, i, p, r, h, hr)
      ON CONFLICT ("sourceId", "entryKey") DO NOTHING
      RETURNING id, "entryKey"`;
  }

  if (changed.length) {
    const c = cols(changed.map((x) => x.entry));
    const ids = changed.map((x) => x.id);
    await tx.$executeRaw`
      UPDATE articles a SET url = x.u, "canonicalUrl" = x.cu, title = x.t, excerpt = x.e, "contentHtml" = x.c,
             author = x.a, "imageUrl" = x.i, "publishedAt" = x.p::timestamp(3), "readingMinutes" = x.r,
             "contentHash" = x.h, "updatedAt" = now()
      FROM unnest(${ids}::int[], ${c.urls}::text[], ${c.canonical}::text[], ${c.titles}::text[], ${c.excerpts}::text[],
                  ${c.contents}::text[], ${c.authors}::text[], ${c.images}::text[], ${c.published}::text[],
                  ${c.minutes}::int[], ${c.hashes}::text[]) AS x(id, u, cu, t, e, c, a, i, p, r, h)
      WHERE a.id = x.id`;
    await tx.$executeRaw`DELETE FROM article_tags WHERE "articleId" = ANY(${ids}::int[])`;
  }

  const entryByKey = new Map(entries.map((e) => [e.entryKey, e]));
  const tagged = [
    ...inserted.map((r) => ({ id: r.id, tags: entryByKey.get(r.entryKey)!.tags })),
    ...changed.map((x) => ({ id: x.id, tags: x.entry.tags })),
  ].filter((x) => x.tags.length > 0);
  if (tagged.length) await linkTags(tx, tagged);

  const newIds = inserted.map((r) => r.id);
  if (newIds.length) await markDuplicates(tx, newIds);
  return { newArticleIds: newIds, updatedArticleIds: changed.map((x) => x.id) };
}

async function linkTags(tx: Tx, tagged: { id: number; tags: string[] }[]): Promise<void> {
  const names = [...new Set(tagged.flatMap((t) => t.tags))];
  await tx.$executeRaw`INSERT INTO tags (name) SELECT unnest(${names}::text[]) ON CONFLICT (name) DO NOTHING`;
  const articleIds: number[] = [];
  const tagNames: string[] = [];
  for (const t of tagged) {
    for (const name of t.tags) {
      articleIds.push(t.id);
      tagNames.push(name);
    }
  }
  await tx.$executeRaw`
    INSERT INTO article_tags ("articleId", "tagId")
    SELECT x.a, tags.id FROM unnest(${articleIds}::int[], ${tagNames}::text[]) AS x(a, n) JOIN tags ON tags.name = x.n
    ON CONFLICT DO NOTHING`;
}

/**
 * The same story through a second source (same canonical URL) points at the first
 * article, which lists show once, crediting both. Two sources first seen in the
 * same instant by two workers may both stay primary; the next poll does not fix
 * that (rare, and harmless beyond a repeated row).
 */
async function markDuplicates(tx: Tx, newIds: number[]): Promise<void> {
  await tx.$executeRaw`
    UPDATE articles a SET "duplicateOfId" = (
      SELECT p.id FROM articles p
      WHERE p."canonicalUrl" = a."canonicalUrl" AND p."sourceId" <> a."sourceId"
        AND p."duplicateOfId" IS NULL AND p.id <> a.id
      ORDER BY p.id LIMIT 1)
    WHERE a.id = ANY(${newIds}::int[]) AND a."canonicalUrl" IS NOT NULL
      AND EXISTS (SELECT 1 FROM articles p WHERE p."canonicalUrl" = a."canonicalUrl" AND p."sourceId" <> a."sourceId"
                  AND p."duplicateOfId" IS NULL AND p.id < a.id)`;
}
