/**
 * Builds the discussion tree from flat rows and orders it. Pure, so the orders
 * are tested without a database.
 *
 * "new": newest first at every level. "best": the rule in lib/ranking/comments.ts
 * (members' comment votes with an age decay that never reorders with the clock), at
 * every level, replies within their parent.
 */
import { compareCommentRank, computeCommentRank } from "../ranking/comments";

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

/**
 * Where the next page of threads starts: after the top-level comment `id`, and for
 * "best" after its rank as the previous page saw it. Carrying the rank keeps paging
 * exact when that comment is voted between two pages (a reader votes the last comment
 * shown, then asks for more): the next page starts where the last one stopped, not
 * where the comment has moved to.
 */
export interface CommentCursor {
  id: number;
  rank: number | null;
}

// "ID" (newest; a "best" cursor from before ranks were carried), or "ID_RANK" (best).
const CURSOR_RE = /^([1-9][0-9]{0,9})(?:_([0-9]{1,9}(?:\.[0-9]{1,20})?))?$/;

/** Reads a "more comments" cursor (formatCommentCursor's output); anything else is null (the first page). */
export function parseCommentCursor(value: unknown): CommentCursor | null {
  if (typeof value !== "string") return null;
  const m = CURSOR_RE.exec(value);
  if (!m) return null;
  const id = Number(m[1]);
  if (id > 2_147_483_647) return null;
  return { id, rank: m[2] === undefined ? null : Number(m[2]) };
}

/** The URL form of a cursor: "ID" or "ID_RANK" (a JS number prints the shortest text that reads back as the same double). */
export function formatCommentCursor(cursor: CommentCursor): string {
  return cursor.rank === null ? String(cursor.id) : `${cursor.id}_${cursor.rank}`;
}

export interface CommentRow {
  id: number;
  parentId: number | null;
  createdAt: Date;
  score: number;
  /**
   * comments."bestRank" as stored: when given, "best" sorts by it, so the tree orders a
   * page's threads exactly as the SQL that paged them did (a rank recomputed here could
   * differ from Postgres's in the last bit).
   */
  bestRank?: number | null;
}

export type CommentNode<T extends CommentRow> = T & { replies: CommentNode<T>[]; descendants: number };

/** Reads the ?comments= query value; anything else is "new". */
export function parseCommentSort(value: unknown): CommentSort {
  return value === "best" ? "best" : "new";
}

function rankOf(row: CommentRow): number {
  return row.bestRank ?? computeCommentRank(row.score, row.createdAt);
}

function compare<T extends CommentRow>(sort: CommentSort) {
  return (a: CommentNode<T>, b: CommentNode<T>): number => {
    if (sort === "best") return compareCommentRank({ id: a.id, rank: rankOf(a) }, { id: b.id, rank: rankOf(b) });
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
