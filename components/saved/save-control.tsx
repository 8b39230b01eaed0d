import { saveAction } from "@/lib/saved/actions";

/** Save / unsave an article for later (/me/saved); a plain form, so it works without JavaScript. */
export function SaveControl({ articleId, saved, returnTo }: { articleId: number; saved: boolean; returnTo: string }) {
  return (
    <form action={saveAction}>
      <input type="hidden" name="articleId" value={articleId} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <input type="hidden" name="intent" value={saved ? "unsave" : "save"} />
      <button type="submit" data-save-button data-saved={saved ? "true" : "false"} className="text-xs text-neutral-600 underline dark:text-neutral-400">
        {saved ? "saved ✓" : "save"}
      </button>
    </form>
  );
}
