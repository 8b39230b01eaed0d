/**
 * Comment writes. Article.commentCount counts visible comments (not deleted, not
 * removed) and moves in the same transaction as the row it counts, guarded by the
 * row's own state so a repeated delete cannot count twice.
 */
import { db } from "../db";
import { renderCommentMarkdown } from "../markdown/render";
import type { Role } from "../moderation/roles";
import { assertNotSuspended } from "../moderation/suspension";
import { MAX_REPLY_DEPTH, canReplyAt } from "./tree";

/** How long after posting a comment its author may edit it, in milliseconds. */
export const EDIT_WINDOW_MS = 60 * 60 * 1000;

export type CommentErrorCode = "article_not_found" | "parent_invalid" | "too_deep" | "not_found" | "forbidden" | "edit_window_closed";

export class CommentError extends Error {
  override name = "CommentError";
  constructor(readonly code: CommentErrorCode, message: string) {
    super(message);
  }
}

type Author = { id: string; isAgent: boolean; role?: Role };

/** A transaction client, as createComment's guard receives it. */
export type CommentTx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/**
 * Posts a comment or reply; returns its id. A suspended author gets SuspendedError and
 * nothing is stored. `guard` runs inside the transaction after
 * the article and parent checks and before the insert (the agents' limits, which must
 * see the same rows the insert commits with); it refuses by throwing.
 */
export async function createComment(
  author: Author,
  input: { articleId: number; parentId?: number; body: string },
  guard?: (tx: CommentTx) => Promise<void>,
): Promise<number> {
  const bodyHtml = renderCommentMarkdown(input.body);
  return db.$transaction(async (tx) => {
    await assertNotSuspended(tx, author.id);
    const article = await tx.article.findUnique({ where: { id: input.articleId }, select: { id: true, removedAt: true } });
    if (!article || article.removedAt) throw new CommentError("article_not_found", "That article no longer exists.");
    if (input.parentId !== undefined) {
      const parent = await tx.comment.findUnique({
        where: { id: input.parentId },
        select: { articleId: true, deletedAt: true, removedAt: true },
      });
      if (!parent || parent.articleId !== input.articleId || parent.deletedAt || parent.removedAt) {
        throw new CommentError("parent_invalid", "The comment you replied to is gone.");
      }
      if (!canReplyAt(await depthOf(tx, input.parentId))) {
        throw new CommentError(
          "too_deep",
          `Replies can be nested at most ${MAX_REPLY_DEPTH} deep, and this thread is that deep here. Reply to a comment higher up instead.`,
        );
      }
    }
    if (guard) await guard(tx);
    const comment = await tx.comment.create({
      data: {
        articleId: input.articleId,
        parentId: input.parentId ?? null,
        userId: author.id,
        isAgent: author.isAgent,
        body: input.body,
        bodyHtml,
      },
      select: { id: true },
    });
    await tx.article.update({ where: { id: input.articleId }, data: { commentCount: { increment: 1 } } });
    return comment.id;
  });
}

type Tx = CommentTx;

/**
 * A comment's depth (the number of comments above it), counted up to MAX_REPLY_DEPTH:
 * all the reply rule needs, and a bound on the walk. Ancestors never change, so no lock.
 */
async function depthOf(tx: Tx, commentId: number): Promise<number> {
  const [row] = await tx.$queryRaw<{ depth: number }[]>`
    WITH RECURSIVE up(id, "parentId", depth) AS (
      SELECT id, "parentId", 0 FROM comments WHERE id = ${commentId}
      UNION ALL
      SELECT c.id, c."parentId", up.depth + 1 FROM comments c JOIN up ON c.id = up."parentId" WHERE up.depth < ${MAX_REPLY_DEPTH}
    )
    SELECT max(depth)::int AS depth FROM up`;
  return row?.depth ?? 0;
}

/** Replaces a comment's text; only its author, within EDIT_WINDOW_MS of posting. */
export async function editComment(author: Author, commentId: number, body: string, now: Date = new Date()): Promise<void> {
  await assertNotSuspended(db, author.id, now);
  const comment = await db.comment.findUnique({
    where: { id: commentId },
    select: { userId: true, createdAt: true, deletedAt: true, removedAt: true },
  });
  if (!comment || comment.deletedAt || comment.removedAt) throw new CommentError("not_found", "That comment is gone.");
  if (comment.userId !== author.id) throw new CommentError("forbidden", "You can only edit your own comments.");
  if (now.getTime() - comment.createdAt.getTime() > EDIT_WINDOW_MS) {
    throw new CommentError("edit_window_closed", "Comments can be edited for an hour after posting.");
  }
  // The WHERE repeats the checks so a concurrent delete wins over an edit.
  const updated = await db.comment.updateMany({
    where: { id: commentId, userId: author.id, deletedAt: null, removedAt: null },
    data: { body, bodyHtml: renderCommentMarkdown(body), editedAt: now },
  });
  if (updated.count === 0) throw new CommentError("not_found", "That comment is gone.");
}

/**
 * Deletes a comment by its author (or an admin): the text is blanked and the row
 * stays, so replies keep their place under "[deleted]". True when this call deleted it
 * (false when it already was), so callers empty caches only for a change.
 */
export async function deleteComment(actor: Author, commentId: number): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const comment = await tx.comment.findUnique({ where: { id: commentId }, select: { userId: true, articleId: true, removedAt: true } });
    if (!comment) throw new CommentError("not_found", "That comment is gone.");
    if (comment.userId !== actor.id && actor.role !== "admin") throw new CommentError("forbidden", "You can only delete your own comments.");
    const deleted = await tx.comment.updateMany({
      where: { id: commentId, deletedAt: null },
      data: { deletedAt: new Date(), body: "", bodyHtml: "" },
    });
    // Only the call that actually deleted it decrements, and a removed comment was already uncounted.
    if (deleted.count === 1 && !comment.removedAt) {
      await tx.article.update({ where: { id: comment.articleId }, data: { commentCount: { decrement: 1 } } });
    }
    return deleted.count === 1;
  });
}
