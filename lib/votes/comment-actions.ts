"use server";
/**
 * The comment vote form's server action, the twin of ./actions.ts for articles: a
 * plain HTML post (no JavaScript) gets a redirect back to the comment; with
 * JavaScript the page re-renders in place and the button has already shown the
 * optimistic count. A cross-site post is refused by beginMemberAction before
 * anything is read or written.
 *
 * Caches are invalidated only when the vote changed a row: a refused, rate-limited,
 * malformed, repeated or agent's vote must not empty what every reader is served
 * from. Comment points show only on the article page, so the shared lists' data
 * cache is left alone.
 */
import { refresh, revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { beginMemberAction } from "../auth/member-action";
import { log } from "../log";
import { SuspendedError } from "../moderation/suspension";
import { forgetSharedPages } from "../page-cache/cluster-bus";
import { RateLimitedError, describeWait, enforceRateLimit } from "../rate-limit/buckets";
import { votePolicyFor } from "../rate-limit/policies";
import { isPlainFormPost } from "../security/request";
import { clearNotice, setNotice } from "../users/notice";
import { CommentVoteError, castCommentVote, retractCommentVote } from "./comment-service";
import { commentVoteFormSchema } from "./schemas";

/** The notice scope of one comment's vote control. */
function scopeOf(commentId: number): string {
  return `cvote:${commentId}`;
}

/** Votes or unvotes (field `intent`: "up" | "un") for comment `commentId`, then returns to `returnTo`. */
export async function commentVoteAction(formData: FormData): Promise<void> {
  const begun = await beginMemberAction(formData);
  if (!begun) return;
  const { user, returnTo } = begun;
  const parsed = commentVoteFormSchema.safeParse({
    commentId: formData.get("commentId"),
    intent: formData.get("intent"),
    returnTo,
  });
  let changed = false;
  let back = returnTo;
  if (!parsed.success) {
    await setNotice("vote:invalid", "That vote could not be read; reload the page and try again.");
  } else {
    const { commentId, intent } = parsed.data;
    back = `${returnTo.split("#")[0]}#c${commentId}`;
    try {
      // One budget for article and comment votes: a vote ring is the same abuse either way.
      await enforceRateLimit(votePolicyFor(user), user.id);
      const result = intent === "up" ? await castCommentVote(user, commentId) : await retractCommentVote(user, commentId);
      changed = result.changed;
      await clearNotice();
    } catch (err) {
      if (err instanceof RateLimitedError) {
        await setNotice(scopeOf(commentId), `You're voting too fast. Try again in ${describeWait(err.retryAfterSec)}.`);
      } else if (err instanceof SuspendedError || err instanceof CommentVoteError) {
        const gone = err instanceof CommentVoteError && err.code === "not_found";
        await setNotice(scopeOf(commentId), gone ? "That comment no longer exists." : err.message);
      } else {
        log.error({ err, commentId, userId: user.id }, "comment vote failed");
        throw err;
      }
    }
  }
  if (changed) {
    revalidatePath(returnTo.split(/[?#]/)[0]!);
    // Logged-out readers are served stored pages (proxy.ts): show them the new points and order.
    forgetSharedPages();
  } else {
    // Re-renders this member's page (its notice, the real count under an optimistic one) without touching any cache.
    refresh();
  }
  if (await isPlainFormPost()) redirect(back);
}
