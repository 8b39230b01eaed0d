/** Reads for the vote control: whether the member has voted, and the current score. */
import { db } from "../db";

/** Whether `userId` has voted for `articleId`. */
export async function hasVoted(userId: string, articleId: number): Promise<boolean> {
  const row = await db.vote.findUnique({ where: { userId_articleId: { userId, articleId } }, select: { id: true } });
  return row !== null;
}

/** Which of `commentIds` `userId` has voted for (one query for a page of comments). */
export async function listVotedCommentIds(userId: string, commentIds: number[]): Promise<Set<number>> {
  if (commentIds.length === 0) return new Set();
  const rows = await db.commentVote.findMany({ where: { userId, commentId: { in: commentIds } }, select: { commentId: true } });
  return new Set(rows.map((r) => r.commentId));
}

/** The live score and this member's vote and save on an article, in one round-trip; null if it is gone. */
export async function getMemberArticleState(
  userId: string,
  articleId: number,
): Promise<{ score: number; voted: boolean; saved: boolean } | null> {
  const rows = await db.$queryRaw<{ score: number; voted: boolean; saved: boolean }[]>`
    SELECT a.score,
           EXISTS (SELECT 1 FROM votes v WHERE v."articleId" = a.id AND v."userId" = ${userId}) AS voted,
           EXISTS (SELECT 1 FROM saved_articles s WHERE s."articleId" = a.id AND s."userId" = ${userId}) AS saved
      FROM articles a WHERE a.id = ${articleId}`;
  return rows[0] ?? null;
}
