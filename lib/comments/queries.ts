/** Reads for the discussion and member pages. */
import type { CursorKind } from "../articles/cursor";
import { pageOf, readCursor, type KeysetPage } from "../articles/list-page";
import { db, Prisma } from "../db";
import { buildCommentTree, type CommentCursor, type CommentNode, type CommentSort } from "./tree";

/** One comment as the discussion shows it (body only for the author's edit box). */
export interface ThreadComment {
  id: number;
  parentId: number | null;
  createdAt: Date;
  editedAt: Date | null;
  score: number;
  /** comments."bestRank" (lib/ranking/comments.ts), when read with the thread. */
  bestRank?: number | null;
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
 * the page's sort order, the cursor being the last one shown (its id, and for "best" its
 * rank as that page saw it: tree.ts CommentCursor), so nothing is repeated or skipped
 * while comments arrive or the comments already shown are voted. A page holds up to THREADS_PER_PAGE threads
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
  nextCursor: CommentCursor | null;
}

/**
 * The next page's top-level comments in the sort order (id, and the rank "best" sorted
 * them by), after the cursor (from the start when null; for "new", or a "best" cursor
 * without a rank, also when its id is not a top-level comment of this article). Raw SQL:
 * tuple comparisons have no Prisma form. A cursor row is read once (an uncorrelated
 * subquery): joined to every root instead, Postgres re-scanned it per root.
 * "best" is a keyset on the stored, clock-independent comments."bestRank"
 * (comments_best_roots_idx), so the order cannot drift between two pages.
 * If you change an order here, change compare() in tree.ts.
 */
async function pageRoots(articleId: number, sort: CommentSort, after: CommentCursor | null, limit: number): Promise<{ id: number; rank: number | null }[]> {
  if (sort === "new") {
    const rows = await db.$queryRaw<{ id: number }[]>`
      WITH cur AS (SELECT "createdAt", id FROM comments WHERE id = ${after?.id ?? null}::int AND "articleId" = ${articleId} AND "parentId" IS NULL)
      SELECT c.id FROM comments c
       WHERE c."articleId" = ${articleId} AND c."parentId" IS NULL
         AND (NOT EXISTS (SELECT 1 FROM cur) OR (c."createdAt", c.id) < (SELECT "createdAt", id FROM cur))
       ORDER BY c."createdAt" DESC, c.id DESC
       LIMIT ${limit}`;
    return rows.map((r) => ({ id: r.id, rank: null }));
  }
  // "best": the cursor's own rank when it carries one, else the cursor row's current rank.
  // The rank goes in as text: a JS number bound as a parameter reached Postgres rounded
  // to 16 digits, and the cursor row then compared greater than itself (repeated).
  const rank = after?.rank === null || after?.rank === undefined ? null : String(after.rank);
  return db.$queryRaw<{ id: number; rank: number }[]>`
    WITH cur AS (
      SELECT ${rank}::float8 AS r, ${after?.id ?? null}::int AS id WHERE ${rank}::float8 IS NOT NULL
      UNION ALL
      SELECT "bestRank", id FROM comments
       WHERE ${rank}::float8 IS NULL AND id = ${after?.id ?? null}::int AND "articleId" = ${articleId} AND "parentId" IS NULL
    )
    SELECT c.id, c."bestRank" AS rank FROM comments c
     WHERE c."articleId" = ${articleId} AND c."parentId" IS NULL
       AND (NOT EXISTS (SELECT 1 FROM cur) OR (c."bestRank", c.id) < (SELECT r, id FROM cur))
     ORDER BY c."bestRank" DESC, c.id DESC
     LIMIT ${limit}`;
}

/** Every comment id of the threads under `rootIds`, with its thread's root and its "best" rank. */
async function threadMembers(rootIds: number[]): Promise<{ id: number; root: number; rank: number }[]> {
  if (rootIds.length === 0) return [];
  return db.$queryRaw<{ id: number; root: number; rank: number }[]>`
    WITH RECURSIVE thread(id, root, rank) AS (
      SELECT id, id, "bestRank" FROM comments WHERE id = ANY(${rootIds}::int[])
      UNION ALL
      SELECT c.id, t.root, c."bestRank" FROM comments c JOIN thread t ON c."parentId" = t.id
    )
    SELECT id, root, rank FROM thread`;
}

/** One page of an article's discussion (see THREADS_PER_PAGE), sorted, with the whole discussion's visible count. */
export async function getDiscussion(
  articleId: number,
  sort: CommentSort,
  after: CommentCursor | null = null,
  opts: { includeRemovedText?: boolean } = {},
): Promise<DiscussionPage> {
  const candidates = await pageRoots(articleId, sort, after, THREADS_PER_PAGE + 1);
  const members = await threadMembers(candidates.slice(0, THREADS_PER_PAGE).map((c) => c.id));
  const sizes = new Map<number, number>();
  for (const m of members) sizes.set(m.root, (sizes.get(m.root) ?? 0) + 1);
  const shown: number[] = [];
  let rows = 0;
  for (const root of candidates.slice(0, THREADS_PER_PAGE)) {
    const size = sizes.get(root.id) ?? 1;
    if (shown.length > 0 && rows + size > MAX_PAGE_ROWS) break;
    shown.push(root.id);
    rows += size;
  }
  // Threads sort by the ranks the paging query saw (a vote since then must not reorder
  // this page against its cursor); replies by their rank as read with the thread.
  const ranks = new Map<number, number | null>(members.map((m) => [m.id, m.rank]));
  for (const c of candidates) ranks.set(c.id, c.rank);
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
    bestRank: ranks.get(r.id) ?? null,
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
  const last = candidates[shown.length - 1];
  return { tree: buildCommentTree(comments, sort), visibleCount, nextCursor: hasMore && last ? { id: last.id, rank: last.rank } : null };
}

/** One of a member's comments as their page lists it. */
export interface MemberComment {
  id: number;
  createdAt: Date;
  editedAt: Date | null;
  bodyHtml: string;
  isAgent: boolean;
  article: { id: number; title: string };
}

/** Comments per page of a member's page. */
export const MEMBER_COMMENTS_PAGE_SIZE = 30;
/** listMemberComments: (createdAt, id). */
export const MEMBER_COMMENTS_CURSOR: CursorKind[] = ["date", "int"];

/**
 * A member's visible comments with their articles, newest first, one page by keyset
 * cursor (createdAt, id) along comments_userId_createdAt_id_idx, paged as the
 * article lists are (lib/articles/list-page.ts: readCursor, pageOf). Raw SQL: the
 * tuple comparison has no Prisma form.
 */
export async function listMemberComments(userId: string, cursor?: string, limit = MEMBER_COMMENTS_PAGE_SIZE): Promise<KeysetPage<MemberComment>> {
  const { parts, rejected } = readCursor(cursor, MEMBER_COMMENTS_CURSOR);
  const after = parts ? Prisma.sql`AND (c."createdAt", c.id) < (${parts[0]}::timestamp, ${parts[1]}::int)` : Prisma.empty;
  const rows = await db.$queryRaw<(Omit<MemberComment, "article"> & { articleId: number; articleTitle: string })[]>(Prisma.sql`
    SELECT c.id, c."createdAt", c."editedAt", c."bodyHtml", c."isAgent", a.id AS "articleId", a.title AS "articleTitle"
      FROM comments c JOIN articles a ON a.id = c."articleId"
     WHERE c."userId" = ${userId} AND c."deletedAt" IS NULL AND c."removedAt" IS NULL ${after}
     ORDER BY c."createdAt" DESC, c.id DESC
     LIMIT ${limit + 1}`);
  return pageOf(
    rows,
    limit,
    (r) => [r.createdAt, r.id],
    ({ articleId, articleTitle, ...c }) => ({ ...c, article: { id: articleId, title: articleTitle } }),
    rejected,
  );
}
