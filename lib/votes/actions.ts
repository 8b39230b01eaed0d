"use server";
/**
 * The vote form's server action. A plain HTML post (no JavaScript) gets a redirect
 * back to the page; with JavaScript the page re-renders in place after
 * revalidation, and the button has already shown the optimistic count.
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { beginMemberAction } from "../auth/member-action";
import { log } from "../log";
import { RateLimitedError, describeWait, enforceRateLimit } from "../rate-limit/buckets";
import { votePolicyFor } from "../rate-limit/policies";
import { forgetSharedPages } from "../page-cache/store";
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
  if (!parsed.success) {
    await setNotice("vote:invalid", "That vote could not be read; reload the page and try again.");
  } else {
    const { articleId, intent } = parsed.data;
    try {
      await enforceRateLimit(votePolicyFor(user), user.id);
      if (intent === "up") await castVote(user, articleId);
      else await retractVote(user, articleId);
      await clearNotice();
    } catch (err) {
      if (err instanceof RateLimitedError) {
        await setNotice(`vote:${articleId}`, `You're voting too fast. Try again in ${describeWait(err.retryAfterSec)}.`);
      } else if (err instanceof ArticleNotFoundError) {
        await setNotice(`vote:${articleId}`, "That article no longer exists.");
      } else {
        log.error({ err, articleId, userId: user.id }, "vote failed");
        throw err;
      }
    }
  }
  revalidatePath(returnTo);
  // Logged-out readers are served stored pages (proxy.ts): show them the new score.
  forgetSharedPages();
  if (await isPlainFormPost()) redirect(returnTo);
}
