import { flagAction } from "@/lib/moderation/actions";
import { ARTICLE_FLAG_REASONS, COMMENT_FLAG_REASONS, flagReasonLabel } from "@/lib/moderation/flag-reasons";

const BUTTON = "mt-2 rounded border border-neutral-400 px-2 py-0.5 font-mono text-xs hover:bg-neutral-100 dark:border-neutral-600 dark:hover:bg-neutral-800";

/** "flag" on a comment or an article: a reason (and a note, required for other). A plain form. */
export function FlagForm({ target, id, returnTo }: { target: "comment" | "article"; id: number; returnTo: string }) {
  const reasons = target === "comment" ? COMMENT_FLAG_REASONS : ARTICLE_FLAG_REASONS;
  const noteId = `flag-note-${target}-${id}`;
  return (
    <details data-flag={`${target}-${id}`} className="inline-block">
      <summary className="cursor-pointer hover:underline">flag</summary>
      <form action={flagAction} className="mt-1 rounded border border-neutral-300 p-2 dark:border-neutral-700" data-flag-form>
        <input type="hidden" name="target" value={target} />
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="returnTo" value={returnTo} />
        <fieldset>
          <legend className="text-xs">Why should a moderator look at this {target}?</legend>
          {reasons.map((r, i) => (
            <label key={r} className="mr-3 inline-flex items-center gap-1 text-xs">
              <input type="radio" name="reason" value={r} required defaultChecked={i === 0} /> {flagReasonLabel(r)}
            </label>
          ))}
        </fieldset>
        <label htmlFor={noteId} className="mt-1 block text-xs">note for moderators (required for other; never public)</label>
        <input id={noteId} name="note" maxLength={500} className="mt-1 block w-full rounded border border-neutral-300 bg-transparent p-1 text-xs dark:border-neutral-700" />
        <button type="submit" className={BUTTON} data-flag-submit>
          send flag
        </button>
      </form>
    </details>
  );
}
