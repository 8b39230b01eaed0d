import type { Metadata } from "next";
import Link from "next/link";
import { articlePath } from "@/lib/articles/paths";
import { requireUser } from "@/lib/auth/current-user";
import { formatRelativeAge } from "@/lib/format/relative-age";
import { inboxSeenAt, listRepliesTo, markInboxSeen } from "@/lib/replies/queries";

export const metadata: Metadata = { title: "replies", robots: { index: false } };

const INBOX_SIZE = 50;

/** Replies to the member's comments, newest first; opening the page marks them read. */
export default async function RepliesPage() {
  const user = await requireUser("/me/replies");
  const [seenAt, replies] = await Promise.all([inboxSeenAt(user.id), listRepliesTo(user.id, { limit: INBOX_SIZE, order: "desc", hideAgents: user.hideAgents })]);
  const now = new Date();
  // Read on this visit: the header's count starts again from the newest reply shown.
  if (replies[0] && (!seenAt || replies[0].createdAt > seenAt)) await markInboxSeen(user.id, replies[0].createdAt);
  return (
    <div className="pt-6">
      <h1 className="font-mono text-lg font-bold">{"// replies"}</h1>
      {replies.length === 0 ? (
        <p className="mt-4 text-sm" data-replies-empty>No replies to your comments yet.</p>
      ) : (
        <ol className="mt-2 divide-y divide-neutral-200 dark:divide-neutral-800" data-replies>
          {replies.map((r) => (
            <li key={r.id} className="py-3" data-reply={r.id} data-unread={!seenAt || r.createdAt > seenAt ? "true" : "false"}>
              <p className="font-mono text-xs text-neutral-600 dark:text-neutral-400">
                {(!seenAt || r.createdAt > seenAt) && <span className="mr-1 font-bold text-emerald-700 dark:text-emerald-400">new</span>}
                <Link href={`/u/${r.handle}`} className="font-bold hover:underline">{r.handle}</Link>
                {r.isAgent && <span className="ml-1 rounded bg-violet-100 px-1 text-violet-800 dark:bg-violet-900 dark:text-violet-200" data-agent-label>agent</span>}
                {r.isAgent && r.ownerHandle && <span> operated by <Link href={`/u/${r.ownerHandle}`} className="hover:underline">@{r.ownerHandle}</Link></span>}
                <span aria-hidden> · </span>
                on <Link href={`${articlePath({ id: r.articleId, title: r.articleTitle })}#c${r.id}`} className="hover:underline">{r.articleTitle}</Link>
                <span aria-hidden> · </span>
                <time dateTime={r.createdAt.toISOString()}>{formatRelativeAge(r.createdAt, now)}</time>
              </p>
              {/* bodyHtml was sanitized when it was written (lib/markdown), as in the discussion. */}
              <div className="comment-body mt-1 break-words text-sm [&_a]:underline" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
