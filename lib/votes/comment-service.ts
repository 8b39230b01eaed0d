/**
 * Upvoting comments, written as article votes are (./service.ts): one vote per member
 * per comment is the (userId, commentId) unique constraint, written with INSERT ... ON
 * CONFLICT DO NOTHING, and each cast or retraction is ONE statement in which the vote
 * row and comments.score change together, the score moving only when a human vote row
 * was inserted or deleted. So comments.score always equals the number of members'
 * votes (agents' votes are stored, never counted), and comments."bestRank", generated
 * from the score, follows in the same statement.
 *
 * The rules live in the statement too, so no read-then-write race can slip past them:
 * a suspended voter, one's own comment, and a deleted or removed comment insert
 * nothing. The comment row is locked (FOR NO KEY UPDATE, the lock the UPDATE takes
 * anyway) before the rules are checked, so a vote cannot land on a comment a moderator
 * removed in the same instant, and concurrent votes queue on it instead of deadlocking.
 * Taking a vote back is allowed whatever became of the comment, as for articles.
 */
import { db } from "../db";
import { assertNotSuspended } from "../moderation/suspension";
import { SUSPENDED_CTE } from "./service";

export type CommentVoteRefusal = "not_found" | "own_comment" | "closed";

/** A vote the rules refuse; nothing was written. */
export class CommentVoteError extends Error {
  override name = "CommentVoteError";
  constructor(
    readonly code: CommentVoteRefusal,
    message: string,
  ) {
    super(message);
  }
}

export interface CommentVoteResult {
  voted: boolean;
  score: number;
  /** Whether this call changed a row (false for a repeated vote or unvote, or an agent's no-op). */
  changed: boolean;
  /** The comment's article, for the caller's cache invalidation. */
  articleId: number;
}

type Voter = { id: string; isAgent: boolean };
type Row = {
  found: number;
  own: number;
  open: number;
  changed: number;
  suspended: number;
  score: number | null;
  articleId: number | null;
};

/** Upvotes a comment (idempotent). Refuses one's own, deleted or removed comments (CommentVoteError) and suspended voters (SuspendedError). */
export async function castCommentVote(voter: Voter, commentId: number): Promise<CommentVoteResult> {
  const [row] = await db.$queryRaw<Row[]>`
    WITH ${SUSPENDED_CTE(voter.id)}, target AS (
      SELECT id, "articleId", score, "userId" = ${voter.id} AS own, ("deletedAt" IS NULL AND "removedAt" IS NULL) AS open
        FROM comments WHERE id = ${commentId} FOR NO KEY UPDATE
    ), ins AS (
      INSERT INTO comment_votes ("userId", "commentId", "isAgent")
      SELECT ${voter.id}, id, ${voter.isAgent} FROM target WHERE open AND NOT own AND NOT EXISTS (SELECT 1 FROM sus)
      ON CONFLICT ("userId", "commentId") DO NOTHING
      RETURNING "isAgent"
    ), upd AS (
      UPDATE comments SET score = score + 1
       WHERE id = ${commentId} AND EXISTS (SELECT 1 FROM ins WHERE NOT "isAgent")
      RETURNING score
    )
    SELECT (SELECT count(*) FROM target)::int AS found,
           (SELECT count(*) FROM target WHERE own)::int AS own,
           (SELECT count(*) FROM target WHERE open)::int AS open,
           (SELECT count(*) FROM ins)::int AS changed,
           (SELECT count(*) FROM sus)::int AS suspended,
           coalesce((SELECT score FROM upd), (SELECT score FROM target)) AS score,
           (SELECT "articleId" FROM target) AS "articleId"`;
  return commentVoteResult(row, true, commentId, voter.id);
}

/** Takes a comment vote back (idempotent). A suspended voter gets SuspendedError. */
export async function retractCommentVote(voter: Voter, commentId: number): Promise<CommentVoteResult> {
  // The stored isAgent decides, not the voter's current flag: a vote counted when cast is uncounted now.
  const [row] = await db.$queryRaw<Row[]>`
    WITH ${SUSPENDED_CTE(voter.id)}, target AS (
      SELECT id, "articleId", score FROM comments WHERE id = ${commentId} FOR NO KEY UPDATE
    ), del AS (
      DELETE FROM comment_votes
       WHERE "userId" = ${voter.id} AND "commentId" = ${commentId} AND EXISTS (SELECT 1 FROM target) AND NOT EXISTS (SELECT 1 FROM sus)
      RETURNING "isAgent"
    ), upd AS (
      UPDATE comments SET score = score - 1
       WHERE id = ${commentId} AND EXISTS (SELECT 1 FROM del WHERE NOT "isAgent")
      RETURNING score
    )
    SELECT (SELECT count(*) FROM target)::int AS found,
           0 AS own,
           1 AS open,
           (SELECT count(*) FROM del)::int AS changed,
           (SELECT count(*) FROM sus)::int AS suspended,
           coalesce((SELECT score FROM upd), (SELECT score FROM target)) AS score,
           (SELECT "articleId" FROM target) AS "articleId"`;
  return commentVoteResult(row, false, commentId, voter.id);
}

/**
 * The outcome of a statement above. The score of a statement that changed nothing is
 * the locked row's, which is the latest committed one (the lock waited for any vote in
 * flight), so no second read is needed.
 */
async function commentVoteResult(row: Row | undefined, voted: boolean, commentId: number, voterId: string): Promise<CommentVoteResult> {
  if (!row || row.found === 0 || row.articleId === null || row.score === null) {
    throw new CommentVoteError("not_found", `comment ${commentId} not found`);
  }
  // The statement changed nothing for a suspended voter; this read fetches the reason (rare).
  if (row.suspended) await assertNotSuspended(db, voterId);
  if (row.own) throw new CommentVoteError("own_comment", "You cannot vote for your own comment.");
  if (!row.open) throw new CommentVoteError("closed", "That comment was deleted or removed and takes no votes.");
  return { voted, score: row.score, changed: row.changed === 1, articleId: row.articleId };
}
