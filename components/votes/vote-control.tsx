import Link from "next/link";
import { SaveControl } from "@/components/saved/save-control";
import { getCurrentUser } from "@/lib/auth/current-user";
import { loginUrl } from "@/lib/security/safe-next";
import { readNotice } from "@/lib/users/notice";
import { voteAction } from "@/lib/votes/actions";
import { getMemberArticleState } from "@/lib/votes/queries";
import { VoteButton } from "./vote-button";

/**
 * An article's vote count and control, and the member's save button. Members get
 * the live score (the page's own data may be up to 30 s old); logged-out readers
 * get a ▲ that leads to the login page and back.
 */
export async function VoteControl({ articleId, score, returnTo }: { articleId: number; score: number; returnTo: string }) {
  const user = await getCurrentUser();
  const state = user ? await getMemberArticleState(user.id, articleId) : null;
  if (!user || !state) {
    return (
      <div className="flex items-center gap-2 font-mono text-sm" data-vote-control data-article-id={articleId}>
        <Link href={loginUrl(returnTo)} aria-label="upvote (log in first)" className="text-neutral-500 no-underline hover:text-emerald-700" data-vote-button>
          ▲
        </Link>
        <span data-vote-count aria-label={`${score} ${score === 1 ? "vote" : "votes"}`}>{score}</span>
        <Link href={loginUrl(returnTo)} className="text-emerald-800 underline dark:text-emerald-300">
          login to vote
        </Link>
      </div>
    );
  }
  const notice = await readNotice(`vote:${articleId}`);
  return (
    <div className="flex flex-wrap items-center gap-3 font-mono text-sm" data-vote-control data-article-id={articleId}>
      <form action={voteAction} className="flex items-center gap-2">
        <input type="hidden" name="articleId" value={articleId} />
        <input type="hidden" name="returnTo" value={returnTo} />
        <VoteButton voted={state.voted} score={state.score} />
      </form>
      <SaveControl articleId={articleId} saved={state.saved} returnTo={returnTo} />
      {notice && (
        <p role="alert" className="w-full text-xs text-red-700 dark:text-red-400" data-vote-notice>
          {notice}
        </p>
      )}
    </div>
  );
}
