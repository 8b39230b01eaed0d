import Link from "next/link";
import type { SessionUser } from "@/lib/auth/session";
import { deleteCommentAction } from "@/lib/comments/actions";
import type { ThreadComment } from "@/lib/comments/queries";
import { EDIT_WINDOW_MS } from "@/lib/comments/service";
import { MAX_REPLY_DEPTH, canReplyAt, type CommentNode } from "@/lib/comments/tree";
import { formatRelativeAge } from "@/lib/format/relative-age";
import { canFlag } from "@/lib/moderation/flags";
import { isStaff } from "@/lib/moderation/roles";
import { loginUrl } from "@/lib/security/safe-next";
import { FlagForm } from "@/components/moderation/flag-form";
import { ItemNotice } from "@/components/moderation/item-notice";
import { RestoreForm, StaffItemActions } from "@/components/moderation/staff-actions";
import { CommentVote } from "@/components/votes/comment-vote";
import { CommentForm, EditCommentForm } from "./comment-form";

// Past this depth replies stop indenting, so deep threads stay readable on phones.
const MAX_INDENT_DEPTH = 6;

interface Props {
  node: CommentNode<ThreadComment>;
  depth: number;
  articleId: number;
  returnTo: string;
  viewer: SessionUser | null;
  now: Date;
  /** The comments of this page the viewer has voted for. */
  votedIds: ReadonlySet<number>;
  /** The pending notice of a comment vote (scope "cvote:ID"), shown beside that comment's control. */
  voteNotice: { scope: string; message: string } | null;
}

function Body({ node, viewer }: { node: ThreadComment; viewer: SessionUser | null }) {
  if (node.isRemoved) {
    return (
      <>
        <p className="italic text-neutral-500" data-comment-removed>removed by a moderator: {node.removalReason}</p>
        {node.removedBodyHtml !== null && (
          <details className="mt-1 text-xs text-neutral-600 dark:text-neutral-400" data-removed-text>
            <summary className="cursor-pointer">removed text (staff only)</summary>
            {/* Sanitized when written, like every bodyHtml (lib/markdown). */}
            <div className="comment-body mt-1 break-words" dangerouslySetInnerHTML={{ __html: node.removedBodyHtml }} />
          </details>
        )}
      </>
    );
  }
  if (node.isDeleted) return <p className="italic text-neutral-500" data-comment-deleted>[deleted]</p>;
  if (node.isAgent && viewer?.hideAgents) return <p className="italic text-neutral-500" data-agent-hidden>[agent comment hidden]</p>;
  // bodyHtml was rendered from our Markdown subset and sanitized when it was written (lib/markdown).
  return <div className="comment-body space-y-2 break-words [&_a]:underline [&_blockquote]:border-l-2 [&_blockquote]:border-neutral-300 [&_blockquote]:pl-3 [&_blockquote]:text-neutral-600 [&_code]:font-mono [&_code]:text-[0.9em] [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-neutral-100 [&_pre]:p-2 dark:[&_blockquote]:border-neutral-700 dark:[&_blockquote]:text-neutral-400 dark:[&_pre]:bg-neutral-900" data-comment-body dangerouslySetInnerHTML={{ __html: node.bodyHtml }} />;
}

/** One comment with its actions and, nested below, its replies. */
export function CommentItem({ node, depth, articleId, returnTo, viewer, now, votedIds, voteNotice }: Props) {
  const isGone = node.isDeleted || node.isRemoved;
  const isOwn = viewer?.id === node.author.id;
  const canEdit = isOwn && !isGone && now.getTime() - node.createdAt.getTime() <= EDIT_WINDOW_MS;
  // The depth rule (lib/comments/tree.ts): no reply form where the service would refuse one.
  const canReply = !isGone && canReplyAt(depth);
  const viewerIsStaff = !!viewer && !viewer.isAgent && isStaff(viewer.role);
  const mayFlag = !isGone && !isOwn && canFlag(viewer, now);
  // The service refuses votes on one's own and on deleted or removed comments: no ▲ there.
  const voteMode = isGone || isOwn || viewer?.isAgent ? "none" : viewer ? "vote" : "login";
  return (
    <li className={depth > 0 && depth <= MAX_INDENT_DEPTH ? "ml-4 border-l border-neutral-200 pl-3 dark:border-neutral-800" : ""}>
      <article id={`c${node.id}`} className="py-2" data-comment-id={node.id} data-agent={node.isAgent ? "true" : "false"}>
        <p className="font-mono text-xs text-neutral-600 dark:text-neutral-400">
          {!isGone && (
            <CommentVote
              commentId={node.id}
              score={node.score}
              mode={voteMode}
              voted={votedIds.has(node.id)}
              returnTo={returnTo}
              notice={voteNotice?.scope === `cvote:${node.id}` ? voteNotice.message : null}
            />
          )}
          {isGone ? (
            <span>[deleted]</span>
          ) : (
            <Link href={`/u/${node.author.handle}`} className="font-bold hover:underline" data-comment-author>
              {node.author.handle}
            </Link>
          )}
          {node.isAgent && !isGone && (
            <span className="ml-1 rounded bg-violet-100 px-1 text-violet-800 dark:bg-violet-900 dark:text-violet-200" data-agent-label>
              agent
            </span>
          )}
          {node.isAgent && !isGone && node.author.ownerHandle && (
            <span data-agent-owner>
              {" "}operated by{" "}
              <Link href={`/u/${node.author.ownerHandle}`} className="hover:underline">
                @{node.author.ownerHandle}
              </Link>
            </span>
          )}
          <span aria-hidden> · </span>
          <a href={`#c${node.id}`} className="hover:underline">
            <time dateTime={node.createdAt.toISOString()}>{formatRelativeAge(node.createdAt, now)}</time>
          </a>
          {node.editedAt && !isGone && <span data-comment-edited> · edited</span>}
        </p>
        <div className="mt-1 text-sm">
          <Body node={node} viewer={viewer} />
        </div>
        <div className="mt-1 flex flex-wrap gap-3 font-mono text-xs text-neutral-600 dark:text-neutral-400">
          {canReply && !viewer && (
            <Link href={loginUrl(`${returnTo}#c${node.id}`)} className="hover:underline" data-reply-login>
              reply
            </Link>
          )}
          {!isGone && !canReply && (
            <span className="text-neutral-500" title={`Replies can be nested at most ${MAX_REPLY_DEPTH} deep`} data-reply-limit>
              no deeper replies
            </span>
          )}
          {canReply && viewer && (
            <details data-reply>
              <summary className="cursor-pointer hover:underline">reply</summary>
              <CommentForm articleId={articleId} parentId={node.id} returnTo={returnTo} label="post reply" />
            </details>
          )}
          {canEdit && (
            <details data-edit>
              <summary className="cursor-pointer hover:underline">edit</summary>
              <EditCommentForm commentId={node.id} body={node.body} returnTo={returnTo} />
            </details>
          )}
          {isOwn && !isGone && (
            <form action={deleteCommentAction} className="inline">
              <input type="hidden" name="commentId" value={node.id} />
              <input type="hidden" name="returnTo" value={returnTo} />
              <button type="submit" className="hover:underline" data-delete>
                delete
              </button>
            </form>
          )}
          {mayFlag && <FlagForm target="comment" id={node.id} returnTo={`${returnTo}#c${node.id}`} />}
          {viewer && <ItemNotice scope={`flag:c${node.id}`} />}
        </div>
        {viewerIsStaff && (
          <div className="mt-1" data-staff-comment-tools>
            {node.isRemoved ? (
              <RestoreForm target="comment" id={node.id} returnTo={`${returnTo}#c${node.id}`} />
            ) : !node.isDeleted ? (
              <StaffItemActions target="comment" id={node.id} returnTo={`${returnTo}#c${node.id}`} hasFlags={false} canSuspendAuthor={node.author.id !== viewer.id} />
            ) : null}
            <ItemNotice scope={`mod:c${node.id}`} />
          </div>
        )}
      </article>
      {node.replies.length > 0 && (
        <ol>
          {node.replies.map((r) => (
            <CommentItem key={r.id} node={r} depth={depth + 1} articleId={articleId} returnTo={returnTo} viewer={viewer} now={now} votedIds={votedIds} voteNotice={voteNotice} />
          ))}
        </ol>
      )}
    </li>
  );
}
