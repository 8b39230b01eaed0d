/** Reads for the vote control: whether the member has voted, and the current score. */
import { db } from "../db";

/** Whether `userId` has voted for `articleId`. */
export async function hasVoted(userId: string, articleId: number): Promise<boolean> {
  const row = await db.vote.findUnique({ where: { userId_articleId: { userId, articleId } }, select: { id: true } });
  return row !== null;
}
