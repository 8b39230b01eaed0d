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
  /** Why a moderator removed it (public: shown in the thread). */
  removalReason: string | null;
  /** The removed text, only when staff asked for it (includeRemovedText). */
  removedBodyHtml: string | null;
  /** ownerHandle: for an agent, the member who claimed it (null for members and unclaimed agents). */
  author: { id: string; handle: string; ownerHandle: string | null };
}

/**
 * Paging (one page = whole top-level threads). Top-level comments are paged by keyset in
 * the page's sort order, the cursor being the id of the last one shown, so nothing is
 * repeated or skipped while comments arrive. A page holds up to THREADS_PER_PAGE threads
 * and stops before the thread that would take it past MAX_PAGE_ROWS comments; every
 * reply of a thread it shows is on it (a thread larger than MAX_PAGE_ROWS gets a page to
 * itself; reply depth is capped, see tree.ts MAX_REPLY_DEPTH).
 */
export const THREADS_PER_PAGE = 50;
const MAX_PAGE_ROWS = 1000;

/** One page of an article's discussion. */
export interface DiscussionPage {
  /** This page's threads, sorted (buildCommentTree). */
  tree: CommentNode<ThreadComment>[];
  /** Visible comments of the whole discussion (not only this page). */
  visibleCount: number;
  /** The `after` of the next page, or null on the last one. */
  nextCursor: number | null;
}

/**
 * The next page's top-level comment ids in the sort order, after the top-level comment
 * `after` (from the start when null or when it is not a top-level comment of this
 * article). Raw SQL: the tuple comparisons and, for "best", the recursive thread sizes
 * have no Prisma form. The cursor's row is read once (uncorrelated subqueries): joined to
 * every root instead, Postgres re-scanned it per root (150 ms for 2,100 threads, 9 ms now).
 * If you change an order here, change compare() in tree.ts.
 */
async function pageRoots(articleId: number, sort: CommentSort, after: number | null, limit: number): Promise<number[]> {
  if (sort === "new") {
    const rows = await db.$queryRaw<{ id: number }[]>`
      WITH cur AS (SELECT "createdAt", id FROM comments WHERE id = ${after} AND "articleId" = ${articleId} AND "parentId" IS NULL)
      SELECT c.id FROM comments c
       WHERE c."articleId" = ${articleId} AND c."parentId" IS NULL
         AND (NOT EXISTS (SELECT 1 FROM cur) OR (c."createdAt", c.id) < (SELECT "createdAt", id FROM cur))
       ORDER BY c."createdAt" DESC, c.id DESC
       LIMIT ${limit}`;
    return rows.map((r) => r.id);
  }
  // "best": score, then the size of the conversation under the comment, then oldest first.
  const rows = await db.$queryRaw<{ id: number }[]>`
    WITH RECURSIVE thread(id, root) AS (
      SELECT id, id FROM comments WHERE "articleId" = ${articleId} AND "parentId" IS NULL
      UNION ALL
      SELECT c.id, t.root FROM comments c JOIN thread t ON c."parentId" = t.id
    ),
    roots AS (
      SELECT c.id, c.score, c."createdAt", s.descendants
        FROM (SELECT root, count(*) - 1 AS descendants FROM thread GROUP BY root) s JOIN comments c ON c.id = s.root
    ),
    cur AS (SELECT -score AS s, -descendants AS d, "createdAt" AS t, id FROM roots WHERE id = ${after})
    SELECT r.id FROM roots r
     WHERE NOT EXISTS (SELECT 1 FROM cur)
        OR (-r.score, -r.descendants, r."createdAt", r.id) > (SELECT s, d, t, id FROM cur)
     ORDER BY r.score DESC, r.descendants DESC, r."createdAt" ASC, r.id ASC
     LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/** Every comment id of the threads under `rootIds`, with its thread's root. */
async function threadMembers(rootIds: number[]): Promise<{ id: number; root: number }[]> {
  if (rootIds.length === 0) return [];
  return db.$queryRaw<{ id: number; root: number }[]>`
    WITH RECURSIVE thread(id, root) AS (
      SELECT id, id FROM comments WHERE id = ANY(${rootIds}::int[])
      UNION ALL
      SELECT c.id, t.root FROM comments c JOIN thread t ON c."parentId" = t.id
    )
    SELECT id, root FROM thread`;
}

/** One page of an article's discussion (see THREADS_PER_PAGE), sorted, with the whole discussion's visible count. */
export async function getDiscussion(
  articleId: number,
  sort: CommentSort,
  after: number | null = null,
  opts: { includeRemovedText?: boolean } = {},
): Promise<DiscussionPage> {
  const candidates = await pageRoots(articleId, sort, after, THREADS_PER_PAGE + 1);
  const members = await threadMembers(candidates.slice(0, THREADS_PER_PAGE));
  const sizes = new Map<number, number>();
  for (const m of members) sizes.set(m.root, (sizes.get(m.root) ?? 0) + 1);
  const shown: number[] = [];
  let rows = 0;
  for (const root of candidates.slice(0, THREADS_PER_PAGE)) {
    const size = sizes.get(root) ?? 1;
    if (shown.length > 0 && rows + size > MAX_PAGE_ROWS) break;
    shown.push(root);
    rows += size;
  }
  const shownSet = new Set(shown);
  const ids = members.filter((m) => shownSet.has(m.root)).map((m) => m.id);
  const [found, visibleCount] = await Promise.all([
    db.comment.findMany({
      where: { id: { in: ids } },
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
        removalReason: true,
        user: { select: { id: true, handle: true, owner: { select: { handle: true } } } },
      },
    }),
    db.comment.count({ where: { articleId, deletedAt: null, removedAt: null } }),
  ]);
  const comments: ThreadComment[] = found.map((r) => ({
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
    removalReason: r.removedAt ? (r.removalReason ?? "no reason recorded") : null,
    // Staff (the caller decides) can still read what was removed; a deleted comment's text is gone.
    removedBodyHtml: r.removedAt && !r.deletedAt && opts.includeRemovedText ? r.bodyHtml : null,
    author: { id: r.user.id, handle: r.user.handle, ownerHandle: r.user.owner?.handle ?? null },
  }));
  const hasMore = candidates.length > shown.length;
  return { tree: buildCommentTree(comments, sort), visibleCount, nextCursor: hasMore ? shown.at(-1)! : null };
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
