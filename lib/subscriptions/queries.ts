/** Reads for subscriptions and the member's feed. */
import type { CursorKind } from "../articles/cursor";
import { readCursor, runListPage } from "../articles/list-page";
import { PAGE_SIZE } from "../articles/queries";
import type { ArticlePage } from "../articles/types";
import { db, Prisma } from "../db";

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

/** listFeedArticles: (publishedAt, id). */
export const FEED_CURSOR: CursorKind[] = ["date", "int"];

/**
 * "My feed": articles from subscribed sources, newest first, one page by keyset
 * cursor (publishedAt, id). Duplicates are kept here (unlike the front page): the
 * member asked for this source's copy.
 *
 * Each subscribed source (subscriptions' primary key, userId first) walks its own
 * articles_sourceId_publishedAt_id_idx for at most a page past the cursor, and the
 * page is the newest of those: cost grows with the number of subscriptions times a
 * page, never with how many articles the sources hold. (Filtering the global
 * publishedAt index by source instead reads the whole table for a member who
 * follows a few quiet sources.)
 */
export async function listFeedArticles(userId: string, cursor?: string, limit = PAGE_SIZE): Promise<ArticlePage> {
  const { parts, rejected } = readCursor(cursor, FEED_CURSOR);
  const after = parts ? Prisma.sql`AND (y."publishedAt", y.id) < (${parts[0]}::timestamp, ${parts[1]}::int)` : Prisma.empty;
  // The merged page is cut inside the FROM, so the row builder joins sources and reads
  // "also on" for its rows only (joined per source instead, the planner hashed the whole
  // sources table once per subscription: 106 ms for 200 subscriptions at 1M articles,
  // tests/bench/lists.ts).
  return runListPage({
    from: Prisma.sql`(
      SELECT x.* FROM subscriptions sub CROSS JOIN LATERAL (
        SELECT y.* FROM articles y
         WHERE y."sourceId" = sub."sourceId" AND y."removedAt" IS NULL ${after}
         ORDER BY y."publishedAt" DESC, y.id DESC
         LIMIT ${limit + 1}) x
       WHERE sub."userId" = ${userId}
       ORDER BY x."publishedAt" DESC, x.id DESC
       LIMIT ${limit + 1}) a`,
    where: Prisma.sql`TRUE`,
    orderBy: Prisma.sql`a."publishedAt" DESC, a.id DESC`,
    keyOf: (r) => [r.publishedAt, r.id],
    limit,
    cursorRejected: rejected,
  });
}
