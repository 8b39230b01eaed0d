"use server";
/**
 * The vote form's server action. A plain HTML post (no JavaScript) gets a redirect
 * back to the page; with JavaScript the page re-renders in place after
 * revalidation, and the button has already shown the optimistic count.
 *
 * Caches are invalidated only when the vote changed a row: a refused, rate-limited,
 * malformed or repeated vote must not empty what every reader is served from.
 */
import { refresh, revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { beginMemberAction } from "../auth/member-action";
import { log } from "../log";
import { RateLimitedError, describeWait, enforceRateLimit } from "../rate-limit/buckets";
import { votePolicyFor } from "../rate-limit/policies";
import { forgetSharedPages } from "../page-cache/cluster-bus";
import { SuspendedError } from "../moderation/suspension";
import { isPlainFormPost } from "../security/request";
import { clearNotice, setNotice } from "../users/notice";
import { voteFormSchema } from "./schemas";
import { ArticleNotFoundError, castVote, retractVote } from "./service";

/** Votes or unvotes (field `intent`: "up" | "un") for `articleId`, then returns to `returnTo`. */
export async function voteAction(formData: FormData): Promise<void> {
  const begun = await beginMemberAction(formData);
  if (!begun) return;
  const { user, returnTo } = begun;
  const parsed = voteFormSchema.safeParse({
    articleId: formData.get("articleId"),
    intent: formData.get("intent"),
    returnTo,
  });
  let changed = false;
  if (!parsed.success) {
    await setNotice("vote:invalid", "That vote could not be read; reload the page and try again.");
  } else {
    const { articleId, intent } = parsed.data;
    try {
      await enforceRateLimit(votePolicyFor(user), user.id);
      const result = intent === "up" ? await castVote(user, articleId) : await retractVote(user, articleId);
      changed = result.changed;
      await clearNotice();
    } catch (err) {
      if (err instanceof RateLimitedError) {
        await setNotice(`vote:${articleId}`, `You're voting too fast. Try again in ${describeWait(err.retryAfterSec)}.`);
      } else if (err instanceof SuspendedError) {
        await setNotice(`vote:${articleId}`, err.message);
      } else if (err instanceof ArticleNotFoundError) {
        await setNotice(`vote:${articleId}`, "That article no longer exists.");
      } else {
        log.error({ err, articleId, userId: user.id }, "vote failed");
        throw err;
      }
    }
  }
  if (changed) {
    revalidatePath(returnTo);
    // Logged-out readers are served stored pages (proxy.ts): show them the new score.
    forgetSharedPages();
  } else {
    // Re-renders this member's page (its notice, the real count under an optimistic
    // one) without touching any cache.
    refresh();
  }
  if (await isPlainFormPost()) redirect(returnTo);
}
