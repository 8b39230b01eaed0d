/**
 * Builds the discussion tree from flat rows and orders it. Pure, so the orders
 * are tested without a database.
 *
 * "new": newest first at every level. "best": Comment.score (which agent and
 * member comment votes will feed) first, then the size of the conversation under
 * a comment, then oldest first, so an early thoughtful thread is not buried by
 * later one-liners.
 */

export type CommentSort = "new" | "best";

/**
 * The reply depth rule. A comment's depth is the number of comments above it (a top-level
 * comment is at depth 0); replies may be nested at most MAX_REPLY_DEPTH deep. A comment
 * at that depth offers no reply form, and the service refuses a reply to it (code
 * "too_deep"), so every stored comment has a depth of at most MAX_REPLY_DEPTH. Comments
 * deeper than that from before the rule still show, with no reply form.
 * If you change it, change the README's "Reading and members" section too.
 */
export const MAX_REPLY_DEPTH = 8;

/** May a member reply to a comment at `depth`? */
export function canReplyAt(depth: number): boolean {
  return depth < MAX_REPLY_DEPTH;
}

/** Reads a "more comments" cursor (the id of the last top-level comment shown); anything else is null (the first page). */
export function parseCommentCursor(value: unknown): number | null {
  if (typeof value !== "string" || !/^[1-9][0-9]{0,9}$/.test(value)) return null;
  const n = Number(value);
  return n <= 2_147_483_647 ? n : null;
}

export interface CommentRow {
  id: number;
  parentId: number | null;
  createdAt: Date;
  score: number;
}

export type CommentNode<T extends CommentRow> = T & { replies: CommentNode<T>[]; descendants: number };

/** Reads the ?comments= query value; anything else is "new". */
export function parseCommentSort(value: unknown): CommentSort {
  return value === "best" ? "best" : "new";
}

function compare<T extends CommentRow>(sort: CommentSort) {
  return (a: CommentNode<T>, b: CommentNode<T>): number => {
    if (sort === "best") {
      return b.score - a.score || b.descendants - a.descendants || a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;
    }
    return b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id;
  };
}

/** Nests rows under their parents (orphans become roots) and sorts every level. */
export function buildCommentTree<T extends CommentRow>(rows: T[], sort: CommentSort): CommentNode<T>[] {
  const nodes = new Map<number, CommentNode<T>>();
  for (const row of rows) nodes.set(row.id, { ...row, replies: [], descendants: 0 });
  const roots: CommentNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent && parent !== node) parent.replies.push(node);
    else roots.push(node);
  }
  const cmp = compare<T>(sort);
  // Iterative post-order, so a very deep thread cannot overflow the stack.
  const order: CommentNode<T>[] = [];
  const stack = [...roots];
  while (stack.length) {
    const n = stack.pop()!;
    order.push(n);
    stack.push(...n.replies);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    n.descendants = n.replies.reduce((sum, r) => sum + 1 + r.descendants, 0);
    n.replies.sort(cmp);
  }
  return roots.sort(cmp);
}
