/** Reads for the discussion and member pages. */
import { db } from "../db";
import { buildCommentTree, type CommentNode, type CommentSort } from "./tree";

/** One comment as the discussion shows it (body only for the author's edit box). */
export interface ThreadComment {
  id: number;
  parentId: number | null;
  createdAt: Date;
  editedAt: Date | null;
  score: number;
  bodyHtml: string;
  body: string;
  isAgent: boolean;
  isDeleted: boolean;
  isRemoved: boolean;
  author: { id: string; handle: string };
}

// A thread this long is far beyond anything a page can usefully show at once.
const MAX_THREAD_ROWS = 2000;

/** An article's discussion as a sorted tree, and the number of visible comments. */
export async function getDiscussion(
  articleId: number,
  sort: CommentSort,
): Promise<{ tree: CommentNode<ThreadComment>[]; visibleCount: number }> {
  const rows = await db.comment.findMany({
    where: { articleId },
    orderBy: { id: "asc" },
    take: MAX_THREAD_ROWS,
    select: {
      id: true,
      parentId: true,
      createdAt: true,
      editedAt: true,
      score: true,
      bodyHtml: true,
      body: true,
      isAgent: true,
      deletedAt: true,
      removedAt: true,
      user: { select: { id: true, handle: true } },
    },
  });
  const comments: ThreadComment[] = rows.map((r) => ({
    id: r.id,
    parentId: r.parentId,
    createdAt: r.createdAt,
    editedAt: r.editedAt,
    score: r.score,
    // Deleted and removed comments keep their place but none of their words.
    bodyHtml: r.deletedAt || r.removedAt ? "" : r.bodyHtml,
    body: r.deletedAt || r.removedAt ? "" : r.body,
    isAgent: r.isAgent,
    isDeleted: r.deletedAt !== null,
    isRemoved: r.removedAt !== null,
    author: r.user,
  }));
  const visibleCount = comments.filter((c) => !c.isDeleted && !c.isRemoved).length;
  return { tree: buildCommentTree(comments, sort), visibleCount };
}

/** A member's recent visible comments with their articles, newest first. */
export async function listMemberComments(userId: string, limit = 50) {
  return db.comment.findMany({
    where: { userId, deletedAt: null, removedAt: null },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      createdAt: true,
      editedAt: true,
      bodyHtml: true,
      isAgent: true,
      article: { select: { id: true, title: true } },
    },
  });
}
