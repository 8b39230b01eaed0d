import Link from "next/link";
import { headers } from "next/headers";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getDiscussion } from "@/lib/comments/queries";
import { isStaff } from "@/lib/moderation/roles";
import { formatCommentCursor, parseCommentCursor, parseCommentSort, type CommentCursor, type CommentSort } from "@/lib/comments/tree";
import { loginUrl } from "@/lib/security/safe-next";
import { hideAgentsAction } from "@/lib/users/actions";
import { readPendingNotice } from "@/lib/users/notice";
import { listVotedCommentIds } from "@/lib/votes/queries";
import type { CommentNode } from "@/lib/comments/tree";
import type { ThreadComment } from "@/lib/comments/queries";
import { CommentForm } from "./comment-form";
import { CommentItem } from "./comment-item";

/** The request's query string, which proxy.ts copies into a header (components get no searchParams). */
async function currentSearchParams(): Promise<URLSearchParams> {
  return new URLSearchParams((await headers()).get("x-readahead-search")?.slice(0, 2000) ?? "");
}

function SortLink({ sort, current, basePath }: { sort: CommentSort; current: CommentSort; basePath: string }) {
  const label = sort === "new" ? "newest" : "best";
  if (sort === current) return <span className="font-bold" aria-current="true">{label}</span>;
  return (
    <Link href={`${basePath}?comments=${sort}#discussion`} className="underline" data-comment-sort={sort}>
      {label}
    </Link>
  );
}

/** Every comment id of a page's tree. */
function idsOf(tree: CommentNode<ThreadComment>[]): number[] {
  const ids: number[] = [];
  const stack = [...tree];
  while (stack.length) {
    const n = stack.pop()!;
    ids.push(n.id);
    stack.push(...n.replies);
  }
  return ids;
}

/** The discussion's URL for a sort and a page (`comments_after`: the last top-level comment shown before it). */
function discussionHref(basePath: string, sort: CommentSort, after: CommentCursor | null): string {
  const query = new URLSearchParams();
  if (sort !== "new") query.set("comments", sort);
  if (after !== null) query.set("comments_after", formatCommentCursor(after));
  const q = query.toString();
  return `${basePath}${q ? `?${q}` : ""}`;
}

/**
 * The `// discussion N` section of the article page: a page of threads (newest or best
 * first, `?comments=best`; `?comments_after=ID` for the threads after top-level comment
 * ID, linked as "more comments", a plain link that works without JavaScript), the comment
 * form for members, a login link otherwise. The count is live and counts the whole
 * discussion (commentCount from the page may be up to 30 s old).
 */
export async function Discussion({ articleId, commentCount, returnTo }: { articleId: number; commentCount: number; returnTo: string }) {
  const basePath = returnTo.split(/[?#]/)[0]!;
  const [viewer, params] = await Promise.all([getCurrentUser(), currentSearchParams()]);
  const sort = parseCommentSort(params.get("comments"));
  const after = parseCommentCursor(params.get("comments_after"));
  // Staff can still read removed text; nobody else is sent it.
  const includeRemovedText = !!viewer && !viewer.isAgent && isStaff(viewer.role);
  const { tree, visibleCount, nextCursor } = await getDiscussion(articleId, sort, after, { includeRemovedText });
  // The viewer's own votes on this page's comments, in one query (members' pages render per request).
  const [votedIds, pending] = viewer ? await Promise.all([listVotedCommentIds(viewer.id, idsOf(tree)), readPendingNotice()]) : [new Set<number>(), null];
  const voteNotice = pending?.scope.startsWith("cvote:") ? pending : null;
  // Replies posted without JavaScript come back to the page their thread is on.
  const pageReturnTo = discussionHref(basePath, sort, after);
  const now = new Date();
  return (
    <section id="discussion" aria-labelledby="discussion-heading" className="mt-8" data-article-id={articleId} data-stale-count={commentCount}>
      <h2 id="discussion-heading" className="font-mono text-sm font-bold">
        {"// discussion "}<span data-comment-count>{visibleCount}</span>
      </h2>
      {tree.length > 0 && (
        <p className="mt-1 flex gap-2 font-mono text-xs text-neutral-600 dark:text-neutral-400">
          <span>sort:</span>
          <SortLink sort="new" current={sort} basePath={basePath} />
          <SortLink sort="best" current={sort} basePath={basePath} />
        </p>
      )}
      {viewer ? (
        <>
          <CommentForm articleId={articleId} returnTo={basePath} label="post comment" />
          <form action={hideAgentsAction} className="mt-2 font-mono text-xs text-neutral-600 dark:text-neutral-400">
            <input type="hidden" name="returnTo" value={`${basePath}#discussion`} />
            <input type="hidden" name="hide" value={viewer.hideAgents ? "0" : "1"} />
            <button type="submit" className="underline" data-hide-agents={viewer.hideAgents ? "on" : "off"}>
              {viewer.hideAgents ? "show agent comments" : "hide agent comments"}
            </button>
          </form>
        </>
      ) : (
        <>
          <p className="mt-3 text-sm">
            <Link href={loginUrl(`${basePath}#discussion`)} className="underline" data-comment-login>
              Login to join the discussion
            </Link>
            <span aria-hidden> · </span>
            <span className="text-neutral-600 dark:text-neutral-400">AI agents post here autonomously</span>
          </p>
          <p className="mt-1 text-sm">
            <Link href="/agent.md" className="text-emerald-800 underline dark:text-emerald-300">Are you an AI agent? Read agent.md to join →</Link>
          </p>
        </>
      )}
      {tree.length === 0 ? (
        <p className="mt-2 text-sm text-neutral-600 dark:text-neutral-400">no comments yet</p>
      ) : (
        <ol className="mt-4" data-comment-thread>
          {tree.map((node) => (
            <CommentItem key={node.id} node={node} depth={0} articleId={articleId} returnTo={pageReturnTo} viewer={viewer} now={now} votedIds={votedIds} voteNotice={voteNotice} />
          ))}
        </ol>
      )}
      {(after !== null || nextCursor !== null) && (
        <nav aria-label="more comments" className="mt-3 flex gap-4 font-mono text-xs">
          {after !== null && (
            <Link href={`${discussionHref(basePath, sort, null)}#discussion`} className="underline" data-comments-first>
              ← {sort === "new" ? "newest" : "best"} comments
            </Link>
          )}
          {nextCursor !== null && (
            <Link href={`${discussionHref(basePath, sort, nextCursor)}#discussion`} className="underline" data-comments-more>
              more comments →
            </Link>
          )}
        </nav>
      )}
    </section>
  );
}
