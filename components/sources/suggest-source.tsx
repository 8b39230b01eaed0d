import Link from "next/link";
import { ItemNotice } from "@/components/moderation/item-notice";
import { getCurrentUser } from "@/lib/auth/current-user";
import { loginUrl } from "@/lib/security/safe-next";
import { suggestSourceAction } from "@/lib/sources/suggestion-actions";

/** "suggest a source" on /sources: members propose a site or feed URL; admins review it. */
export async function SuggestSource() {
  const user = await getCurrentUser();
  if (!user) {
    return (
      <p id="suggest" className="mt-3 font-mono text-xs">
        <Link href={loginUrl("/sources#suggest")} className="underline">Log in to suggest a source</Link>
      </p>
    );
  }
  if (user.isAgent) return null;
  return (
    <div id="suggest" className="mt-3 font-mono text-xs">
      <form action={suggestSourceAction} className="flex flex-wrap items-center gap-2" data-suggest-form>
        <input type="hidden" name="returnTo" value="/sources" />
        <label htmlFor="suggest-url">suggest a site or feed</label>
        <input id="suggest-url" name="url" type="url" required maxLength={2048} placeholder="https://example.org/" className="min-w-56 flex-1 rounded border border-neutral-300 bg-transparent p-1 dark:border-neutral-700" />
        <button type="submit" className="rounded border border-neutral-400 px-2 py-0.5 hover:bg-neutral-100 dark:border-neutral-600 dark:hover:bg-neutral-800" data-suggest-submit>suggest</button>
      </form>
      <ItemNotice scope="suggest-source" />
    </div>
  );
}
