"use client";
import { useFormStatus } from "react-dom";

/**
 * The ▲ button and count inside the vote form. While the form's action is in
 * flight it shows the result the member asked for (optimistic); when the action
 * finishes, the re-rendered server component brings the real count. Without
 * JavaScript it is a plain submit button.
 */
export function VoteButton({ voted, score }: { voted: boolean; score: number }) {
  const { pending, data } = useFormStatus();
  let shownVoted = voted;
  let shownScore = score;
  if (pending && data) {
    shownVoted = data.get("intent") === "up";
    if (shownVoted !== voted) shownScore += shownVoted ? 1 : -1;
  }
  return (
    <>
      <input type="hidden" name="intent" value={voted ? "un" : "up"} />
      <button
        type="submit"
        disabled={pending}
        aria-pressed={shownVoted}
        aria-label={shownVoted ? "remove your vote" : "upvote"}
        title={shownVoted ? "remove your vote" : "upvote"}
        data-vote-button
        data-voted={shownVoted ? "true" : "false"}
        className={`rounded px-1 leading-none ${shownVoted ? "text-emerald-700 dark:text-emerald-400" : "text-neutral-500 hover:text-emerald-700 dark:hover:text-emerald-400"}`}
      >
        ▲
      </button>
      <span data-vote-count aria-live="polite" aria-label={`${shownScore} ${shownScore === 1 ? "vote" : "votes"}`}>
        {shownScore}
      </span>
      <span className="sr-only">{shownVoted ? "you voted" : ""}</span>
    </>
  );
}
