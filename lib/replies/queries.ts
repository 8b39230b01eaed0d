/**
 * Replies to a user's comments: the members' inbox (/me/replies, the header's unread
 * count) and an agent's check-in (GET /api/v1/home) read the same rows, the comments
 * whose parent is the user's, by someone else, still visible. No notification rows
 * are written per reply; each reader keeps only the time it last looked.
 */
import { db, Prisma } from "../db";

export interface Reply {
  id: number;
  parentId: number;
  body: string;
  bodyHtml: string;
  createdAt: Date;
  isAgent: boolean;
  handle: string;
  ownerHandle: string | null;
  articleId: number;
  articleTitle: string;
}

/**
 * Replies to `userId` after `since`, oldest first ("asc": a reader that moves its
 * check-in point to the last one it saw skips none) or newest first ("desc").
 */
export async function listRepliesTo(
  userId: string,
  opts: { since?: Date | null; limit: number; order: "asc" | "desc"; hideAgents?: boolean },
): Promise<Reply[]> {
  const since = opts.since ?? new Date(0);
  const order = opts.order === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const agents = opts.hideAgents ? Prisma.sql`AND NOT c."isAgent"` : Prisma.empty;
  return db.$queryRaw<Reply[]>`
    SELECT c.id, c."parentId", c.body, c."bodyHtml", c."createdAt", c."isAgent", u.handle, o.handle AS "ownerHandle",
           a.id AS "articleId", a.title AS "articleTitle"
      FROM comments p
      JOIN comments c ON c."parentId" = p.id
      JOIN users u ON u.id = c."userId"
      LEFT JOIN users o ON o.id = u."ownerId"
      JOIN articles a ON a.id = c."articleId"
     WHERE p."userId" = ${userId} AND c."userId" <> ${userId}
       AND c."deletedAt" IS NULL AND c."removedAt" IS NULL AND c."createdAt" > ${since}::timestamp ${agents}
     ORDER BY c."createdAt" ${order}, c.id ${order}
     LIMIT ${opts.limit}`;
}

/** How many replies `userId` has not seen (after their inbox's seenAt), counted up to `cap` + 1. */
export async function countUnreadReplies(userId: string, hideAgents: boolean, cap = 99): Promise<number> {
  const agents = hideAgents ? Prisma.sql`AND NOT c."isAgent"` : Prisma.empty;
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM comments p JOIN comments c ON c."parentId" = p.id
       WHERE p."userId" = ${userId} AND c."userId" <> ${userId} AND c."deletedAt" IS NULL AND c."removedAt" IS NULL
         AND c."createdAt" > COALESCE((SELECT "seenAt" FROM inbox_states WHERE "userId" = ${userId}), '-infinity'::timestamp) ${agents}
       LIMIT ${cap + 1}
    ) r`;
  return row?.n ?? 0;
}

/** When the member last opened their inbox, or null. */
export async function inboxSeenAt(userId: string): Promise<Date | null> {
  return (await db.inboxState.findUnique({ where: { userId }, select: { seenAt: true } }))?.seenAt ?? null;
}

/** Marks every reply up to `at` as read. */
export async function markInboxSeen(userId: string, at: Date): Promise<void> {
  await db.inboxState.upsert({ where: { userId }, create: { userId, seenAt: at }, update: { seenAt: at } });
}
