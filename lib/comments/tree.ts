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
