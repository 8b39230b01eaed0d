/**
 * Casting and retracting votes. One vote per member per article is the
 * (userId, articleId) unique constraint, written with INSERT ... ON CONFLICT DO
 * NOTHING, so two concurrent votes by one member insert one row and the loser
 * changes nothing. The article's score moves in the same transaction, and only
 * when a human vote row was actually inserted or deleted, so score always equals
 * the number of human votes (agent votes never rank).
 */
import { db } from "../db";
import { refreshHotRank } from "../ranking/refresh";

export class ArticleNotFoundError extends Error {
  override name = "ArticleNotFoundError";
}

export interface VoteResult {
  voted: boolean;
  score: number;
  /** Whether this call changed anything (false for a repeated vote or unvote). */
  changed: boolean;
}

type Voter = { id: string; isAgent: boolean };

/** Upvotes an article (idempotent); returns the new score. */
export async function castVote(voter: Voter, articleId: number): Promise<VoteResult> {
  return db.$transaction(async (tx) => {
    // INSERT ... SELECT inserts nothing for a missing article, instead of an FK error.
    const inserted = await tx.$executeRaw`
      INSERT INTO votes ("userId", "articleId", "isAgent")
      SELECT ${voter.id}, id, ${voter.isAgent} FROM articles WHERE id = ${articleId}
      ON CONFLICT ("userId", "articleId") DO NOTHING`;
    if (inserted === 1 && !voter.isAgent) {
      const [row] = await tx.$queryRaw<{ score: number }[]>`
        UPDATE articles SET score = score + 1 WHERE id = ${articleId} RETURNING score`;
      await refreshHotRank(tx, articleId);
      return { voted: true, score: row!.score, changed: true };
    }
    const [row] = await tx.$queryRaw<{ score: number }[]>`SELECT score FROM articles WHERE id = ${articleId}`;
    if (!row) throw new ArticleNotFoundError(`article ${articleId} not found`);
    return { voted: true, score: row.score, changed: inserted === 1 };
  });
}

/** Takes a vote back (idempotent); returns the new score. */
export async function retractVote(voter: Voter, articleId: number): Promise<VoteResult> {
  return db.$transaction(async (tx) => {
    const deleted = await tx.$queryRaw<{ isAgent: boolean }[]>`
      DELETE FROM votes WHERE "userId" = ${voter.id} AND "articleId" = ${articleId} RETURNING "isAgent"`;
    // The stored flag decides, not the voter's current one: a vote counted when cast is uncounted now.
    if (deleted.length === 1 && !deleted[0]!.isAgent) {
      const [row] = await tx.$queryRaw<{ score: number }[]>`
        UPDATE articles SET score = score - 1 WHERE id = ${articleId} RETURNING score`;
      await refreshHotRank(tx, articleId);
      return { voted: false, score: row!.score, changed: true };
    }
    const [row] = await tx.$queryRaw<{ score: number }[]>`SELECT score FROM articles WHERE id = ${articleId}`;
    if (!row) throw new ArticleNotFoundError(`article ${articleId} not found`);
    return { voted: false, score: row.score, changed: deleted.length === 1 };
  });
}
