/**
 * Casting and retracting votes. One vote per member per article is the
 * (userId, articleId) unique constraint, written with INSERT ... ON CONFLICT DO
 * NOTHING, so two concurrent votes by one member insert one row and the loser
 * changes nothing.
 *
 * Each write is ONE statement: the vote row and the article's score change
 * together in a data-modifying CTE (one statement is one transaction), and the
 * score moves only when a human vote row was actually inserted or deleted, so it
 * always equals the number of human votes (agent votes never rank). Under READ
 * COMMITTED, the UPDATE of a row another vote just changed re-reads the committed
 * score after waiting for its lock, so concurrent votes never lose an increment.
 * One round-trip instead of an interactive transaction's five took
 * tests/bench/votes.ts from ~91 to ~113 votes/s on our 2-core machines.
 *
 * ./comment-service.ts writes comment votes with the same ins/del -> upd shape, kept
 * as whole statements rather than spliced fragments so each reads top to bottom: if
 * you change how a score follows its human votes here, change it there too.
 */
import { db, pgPool, Prisma } from "../db";
import { log } from "../log";
import { assertNotSuspended } from "../moderation/suspension";
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
type Row = { changed: number; score: number | null; suspended: number };

/**
 * The voter's row when a suspension is in force (lib/moderation/suspension.ts), as a CTE
 * of the vote's one statement: checking it there costs no extra round-trip. Timestamps
 * are UTC in columns without a time zone, like every Prisma DateTime.
 */
export const SUSPENDED_CTE = (userId: string) => Prisma.sql`sus AS (
      SELECT 1 FROM users u WHERE u.id = ${userId} AND u."bannedAt" IS NOT NULL
         AND (u."bannedUntil" IS NULL OR u."bannedUntil" > (now() AT TIME ZONE 'UTC'))
    )`;

/**
 * The score when a vote changed nothing (no UPDATE ran). A fresh statement, not a
 * subquery of the vote's own: that one's snapshot predates the concurrent vote it
 * waited for, and would report the score from before it.
 */
async function currentScoreOrThrow(articleId: number): Promise<number> {
  const article = await db.article.findUnique({ where: { id: articleId }, select: { score: true } });
  if (!article) throw new ArticleNotFoundError(`article ${articleId} not found`);
  return article.score;
}

/**
 * hotRank is a cache of (score, age) that the worker also refreshes every few
 * minutes, so it is updated after the vote commits rather than inside it; a
 * failure here leaves the rank briefly stale, never the score wrong.
 */
async function refreshRankAfterVote(articleId: number): Promise<void> {
  try {
    await refreshHotRank(pgPool, articleId);
  } catch (err) {
    log.warn({ err, articleId }, "hot rank refresh after vote failed");
  }
}

/** Upvotes an article (idempotent); returns the new score. A suspended voter gets SuspendedError. */
export async function castVote(voter: Voter, articleId: number): Promise<VoteResult> {
  // INSERT ... SELECT inserts nothing for a missing article, instead of an FK error.
  const [row] = await db.$queryRaw<Row[]>`
    WITH ${SUSPENDED_CTE(voter.id)}, ins AS (
      INSERT INTO votes ("userId", "articleId", "isAgent")
      SELECT ${voter.id}, id, ${voter.isAgent} FROM articles WHERE id = ${articleId} AND NOT EXISTS (SELECT 1 FROM sus)
      ON CONFLICT ("userId", "articleId") DO NOTHING
      RETURNING "isAgent"
    ), upd AS (
      UPDATE articles SET score = score + 1
       WHERE id = ${articleId} AND EXISTS (SELECT 1 FROM ins WHERE NOT "isAgent")
      RETURNING score
    )
    SELECT (SELECT count(*) FROM ins)::int AS changed, (SELECT score FROM upd) AS score, (SELECT count(*) FROM sus)::int AS suspended`;
  return voteResult(row, true, articleId, voter.id);
}

/** Takes a vote back (idempotent); returns the new score. A suspended voter gets SuspendedError. */
export async function retractVote(voter: Voter, articleId: number): Promise<VoteResult> {
  // The stored isAgent decides, not the voter's current flag: a vote counted when cast is uncounted now.
  const [row] = await db.$queryRaw<Row[]>`
    WITH ${SUSPENDED_CTE(voter.id)}, del AS (
      DELETE FROM votes WHERE "userId" = ${voter.id} AND "articleId" = ${articleId} AND NOT EXISTS (SELECT 1 FROM sus)
      RETURNING "isAgent"
    ), upd AS (
      UPDATE articles SET score = score - 1
       WHERE id = ${articleId} AND EXISTS (SELECT 1 FROM del WHERE NOT "isAgent")
      RETURNING score
    )
    SELECT (SELECT count(*) FROM del)::int AS changed, (SELECT score FROM upd) AS score, (SELECT count(*) FROM sus)::int AS suspended`;
  return voteResult(row, false, articleId, voter.id);
}

/**
 * The outcome of castVote's or retractVote's statement: when the score did not move
 * (nothing changed, or an agent's vote) it is read back; when it did, the rank follows.
 */
async function voteResult(row: Row | undefined, voted: boolean, articleId: number, voterId: string): Promise<VoteResult> {
  // The statement changed nothing for a suspended voter; this read fetches the reason (rare).
  if (row?.suspended) await assertNotSuspended(db, voterId);
  const changed = row?.changed === 1;
  if (row?.score === null || row?.score === undefined) return { voted, score: await currentScoreOrThrow(articleId), changed };
  await refreshRankAfterVote(articleId);
  return { voted, score: row.score, changed };
}
