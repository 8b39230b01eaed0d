import Link from "next/link";
import { headers } from "next/headers";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getDiscussion } from "@/lib/comments/queries";
import { parseCommentSort, type CommentSort } from "@/lib/comments/tree";
import { loginUrl } from "@/lib/security/safe-next";
import { hideAgentsAction } from "@/lib/users/actions";
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

/**
 * The `// discussion N` section of the article page: the thread (newest or best
 * first, `?comments=best`), the comment form for members, a login link otherwise.
 * The count is live (commentCount from the page may be up to 30 s old).
 */
export async function Discussion({ articleId, commentCount, returnTo }: { articleId: number; commentCount: number; returnTo: string }) {
  const basePath = returnTo.split(/[?#]/)[0]!;
  const [viewer, params] = await Promise.all([getCurrentUser(), currentSearchParams()]);
  const sort = parseCommentSort(params.get("comments"));
  const { tree, visibleCount } = await getDiscussion(articleId, sort);
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
            <CommentItem key={node.id} node={node} depth={0} articleId={articleId} returnTo={basePath} viewer={viewer} now={now} />
          ))}
        </ol>
      )}
    </section>
  );
}
