import Link from "next/link";

/**
 * An article's vote count and control. Logged-out readers see "login to vote".
 * (Members' voting form arrives with accounts; see issue 5.)
 */
export function VoteControl({ articleId, score, returnTo }: { articleId: number; score: number; returnTo: string }) {
  return (
    <div className="flex items-center gap-2 font-mono text-sm" data-vote-control data-article-id={articleId}>
      <span data-vote-count aria-label={`${score} ${score === 1 ? "vote" : "votes"}`}>{score}</span>
      <Link href={`/login?next=${encodeURIComponent(returnTo)}`} className="text-emerald-800 underline dark:text-emerald-300">
        login to vote
      </Link>
    </div>
  );
}
