import Link from "next/link";
import { loginUrl } from "@/lib/security/safe-next";
import { commentVoteAction } from "@/lib/votes/comment-actions";
import { VoteButton } from "./vote-button";

interface Props {
  commentId: number;
  score: number;
  /** "vote": the member's ▲ form; "login": a ▲ that leads to the login page; "none": points only (own comment, agents). */
  mode: "vote" | "login" | "none";
  voted: boolean;
  returnTo: string;
  notice: string | null;
}

/**
 * A comment's points and ▲, at the start of its meta line. A plain form posting to a
 * server action, so it works without JavaScript (redirected back to the comment), and
 * with it the count moves at once (VoteButton's optimistic state).
 */
export function CommentVote({ commentId, score, mode, voted, returnTo, notice }: Props) {
  const label = `${score} ${score === 1 ? "point" : "points"}`;
  if (mode === "vote") {
    return (
      <>
        <form action={commentVoteAction} className="mr-1 inline-flex items-center gap-1" data-comment-vote>
          <input type="hidden" name="commentId" value={commentId} />
          <input type="hidden" name="returnTo" value={returnTo} />
          <VoteButton voted={voted} score={score} kind="comment" />
        </form>
        {notice && (
          <span role="alert" className="mr-1 text-red-700 dark:text-red-400" data-comment-vote-notice>
            {notice}
          </span>
        )}
      </>
    );
  }
  return (
    <span className="mr-1 inline-flex items-center gap-1" data-comment-vote>
      {mode === "login" && (
        <Link href={loginUrl(`${returnTo}#c${commentId}`)} aria-label="upvote (log in first)" className="text-neutral-500 no-underline hover:text-emerald-700" data-comment-vote-button>
          ▲
        </Link>
      )}
      <span data-comment-points aria-label={label}>
        {score}
      </span>
    </span>
  );
}
