/**
 * A member deletes their own account (/me/settings). In one transaction:
 *
 * | what                         | becomes                                                        |
 * |------------------------------|----------------------------------------------------------------|
 * | their votes                  | withdrawn; each article's score drops by its human votes, so   |
 * |                              | score still equals the count of human vote rows; hotRank       |
 * |                              | recomputed for those articles                                  |
 * | their comment votes          | withdrawn; each comment's score drops likewise                 |
 * | their comments               | blanked like a delete ("[deleted]", replies keep their place), |
 * |                              | commentCount drops by the visible ones, and reassigned to the  |
 * |                              | placeholder member (./deleted-member.ts)                       |
 * | open flags on those comments | resolved as dismissed: nothing is left to review               |
 * | agents they own              | retired as their owner's delete does (keys revoked)            |
 * | the users row                | deleted; the foreign keys cascade to sessions, GitHub links,   |
 * |                              | subscriptions, saved articles, flags they raised, source       |
 * |                              | suggestions, reset links, inbox state and idempotency keys     |
 *
 * The users row is locked first: a vote or comment by this member racing the deletion
 * waits on it (its foreign-key check locks the same row) and then fails, instead of
 * landing between our reads and the DELETE. The public moderation log keeps its rows
 * (they name people as text and are append-only). The handle becomes free again:
 * nothing of the old account is left under it.
 */
import { db, Prisma } from "../db";
import { retireAgentInTx } from "../agents/owner-service";
import { HOT_RANK_SQL } from "../ranking/refresh";
import { enforceRateLimit, refundRateLimit } from "../rate-limit/buckets";
import { PASSWORD_CHECKS_PER_MEMBER } from "../rate-limit/policies";
import { verifyPassword } from "../auth/password";
import { DELETED_MEMBER_ID, ensureDeletedMember } from "./deleted-member";

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

export class AccountDeletionError extends Error {
  override name = "AccountDeletionError";
}

/** An article whose page or lists changed, for the caller's cache invalidation. */
export interface TouchedArticle {
  id: number;
  title: string;
}

export type DeleteOwnAccountResult = { ok: true; touched: TouchedArticle[] } | { ok: false; message: string };

/**
 * Deletes the member's account once they confirmed it: with their password, or (an
 * account with no password, signed up through GitHub) by typing their handle. Wrong
 * passwords count against PASSWORD_CHECKS_PER_MEMBER (RateLimitedError past it).
 */
export async function deleteOwnAccount(userId: string, confirmation: string, now: Date = new Date()): Promise<DeleteOwnAccountResult> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { handle: true, passwordHash: true, isAgent: true } });
  if (!user || user.isAgent || userId === DELETED_MEMBER_ID) return { ok: false, message: "This account cannot be deleted here." };
  if (user.passwordHash) {
    await enforceRateLimit(PASSWORD_CHECKS_PER_MEMBER, userId);
    if (!(await verifyPassword(user.passwordHash, confirmation))) return { ok: false, message: "That is not your current password; nothing was deleted." };
    await refundRateLimit(PASSWORD_CHECKS_PER_MEMBER, userId);
  } else if (confirmation.trim().toLowerCase() !== user.handle) {
    return { ok: false, message: `Type your handle, ${user.handle}, to confirm; nothing was deleted.` };
  }
  return { ok: true, touched: await deleteAccount(userId, now) };
}

/** Erases a member's account as the table above says, in one transaction; returns the articles touched. */
export async function deleteAccount(userId: string, now: Date = new Date()): Promise<TouchedArticle[]> {
  if (userId === DELETED_MEMBER_ID) throw new AccountDeletionError("the placeholder of deleted members is not an account");
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ isAgent: boolean }[]>`SELECT "isAgent" FROM users WHERE id = ${userId} FOR UPDATE`;
    if (!locked) throw new AccountDeletionError("no such account");
    if (locked.isAgent) throw new AccountDeletionError("agents are deleted by their owner (/me/agents)");
    await ensureDeletedMember(tx);

    // Votes, then comment votes. The member is no agent, so every vote of theirs is a
    // human one and the articles returned are all those they voted on.
    const votedIds = await withdrawVotes(tx, userId, "article");
    const commentVoted = await withdrawVotes(tx, userId, "comment");

    // Comments: locked (FOR UPDATE returns each row as committed after any concurrent
    // delete or removal), so the visible ones are counted exactly once.
    const commented = await tx.$queryRaw<{ id: number }[]>`
      WITH mine AS (
        SELECT id, "articleId", ("deletedAt" IS NULL AND "removedAt" IS NULL) AS visible
          FROM comments WHERE "userId" = ${userId} FOR UPDATE
      ), blanked AS (
        UPDATE comments c SET "deletedAt" = COALESCE(c."deletedAt", ${now}::timestamp), body = '', "bodyHtml" = '', "userId" = ${DELETED_MEMBER_ID}
          FROM mine WHERE c.id = mine.id
      ), counted AS (
        UPDATE articles a SET "commentCount" = a."commentCount" - g.n
          FROM (SELECT "articleId", count(*)::int AS n FROM mine WHERE visible GROUP BY "articleId") g
         WHERE a.id = g."articleId"
      ), resolved AS (
        UPDATE flags f SET "resolvedAt" = ${now}::timestamp, resolution = 'dismissed'
          FROM mine WHERE f."commentId" = mine.id AND f."resolvedAt" IS NULL
      )
      SELECT DISTINCT "articleId" AS id FROM mine`;

    const agents = await tx.user.findMany({ where: { ownerId: userId, isAgent: true, agent: { deletedAt: null } }, select: { id: true } });
    const agentThreads: number[] = [];
    for (const a of agents) agentThreads.push(...(await retireAgentInTx(tx, a.id, now)));

    if (votedIds.length > 0) {
      await tx.$executeRawUnsafe(`UPDATE articles SET "hotRank" = ${HOT_RANK_SQL} WHERE id = ANY($2::int[])`, now, votedIds);
    }
    // Cascades (see the table above); votes and comments, which RESTRICT, are gone from this id by now.
    await tx.user.delete({ where: { id: userId } });

    const ids = [...new Set([...votedIds, ...commentVoted, ...commented.map((r) => r.id), ...agentThreads])];
    return ids.length === 0 ? [] : tx.article.findMany({ where: { id: { in: ids } }, select: { id: true, title: true } });
  });
}

/** Where each kind of vote is stored, the score it counts toward, and that target's article. */
const VOTE_KINDS = {
  article: { votes: "votes", key: '"articleId"', target: "articles", articleOf: "t.id" },
  comment: { votes: "comment_votes", key: '"commentId"', target: "comments", articleOf: 't."articleId"' },
} as const;

/**
 * Withdraws all of a member's votes of one kind in one statement: each target's score
 * drops by the member's human votes on it, so it still equals its human vote rows (a
 * comment's bestRank follows, a generated column). Returns the ids of the articles
 * whose score, or one of whose comments' score, dropped.
 */
async function withdrawVotes(tx: Tx, userId: string, kind: keyof typeof VOTE_KINDS): Promise<number[]> {
  const k = VOTE_KINDS[kind];
  const rows = await tx.$queryRaw<{ id: number }[]>`
    WITH gone AS (
      DELETE FROM ${Prisma.raw(k.votes)} WHERE "userId" = ${userId} RETURNING ${Prisma.raw(k.key)} AS target, "isAgent"
    ), scored AS (
      UPDATE ${Prisma.raw(k.target)} t SET score = t.score - g.n
        FROM (SELECT target, count(*)::int AS n FROM gone WHERE NOT "isAgent" GROUP BY target) g
       WHERE t.id = g.target
      RETURNING ${Prisma.raw(k.articleOf)} AS id
    )
    SELECT DISTINCT id FROM scored`;
  return rows.map((r) => r.id);
}
