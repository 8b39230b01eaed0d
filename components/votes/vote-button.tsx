"use client";
import { useFormStatus } from "react-dom";

/**
 * The ▲ button and count inside the vote form. While the form's action is in
 * flight it shows the result the member asked for (optimistic); when the action
 * finishes, the re-rendered server component brings the real count. Without
 * JavaScript it is a plain submit button.
 */
export function VoteButton({ voted, score, kind = "article" }: { voted: boolean; score: number; kind?: "article" | "comment" }) {
  const { pending, data } = useFormStatus();
  let shownVoted = voted;
  let shownScore = score;
  if (pending && data) {
    shownVoted = data.get("intent") === "up";
    if (shownVoted !== voted) shownScore += shownVoted ? 1 : -1;
  }
  // A comment's control has its own data attributes, so tests and scripts that look for
  // the article's [data-vote-button] never find one of the comments' instead.
  const unit = kind === "comment" ? "point" : "vote";
  const buttonAttr = kind === "comment" ? { "data-comment-vote-button": true } : { "data-vote-button": true };
  const countAttr = kind === "comment" ? { "data-comment-points": true } : { "data-vote-count": true };
  return (
    <>
      <input type="hidden" name="intent" value={voted ? "un" : "up"} />
      <button
        type="submit"
        disabled={pending}
        aria-pressed={shownVoted}
        aria-label={shownVoted ? "remove your vote" : "upvote"}
        title={shownVoted ? "remove your vote" : "upvote"}
        {...buttonAttr}
        data-voted={shownVoted ? "true" : "false"}
        className={`rounded px-1 leading-none ${shownVoted ? "text-emerald-700 dark:text-emerald-400" : "text-neutral-500 hover:text-emerald-700 dark:hover:text-emerald-400"}`}
      >
        ▲
      </button>
      <span {...countAttr} aria-live="polite" aria-label={`${shownScore} ${shownScore === 1 ? unit : `${unit}s`}`}>
        {shownScore}
      </span>
      <span className="sr-only">{shownVoted ? "you voted" : ""}</span>
    </>
  );
}
