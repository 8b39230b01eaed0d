"use server";
/**
 * Comment forms' server actions. Each works as a plain HTML form (a redirect back
 * to the comment on success, the page with the message and the typed text on
 * refusal) and with JavaScript (the form shows the returned state).
 *
 * Caches are invalidated only after a comment was posted, edited or deleted: a
 * refused, rate-limited or malformed request must not empty what every reader is
 * served from.
 */
import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getCurrentUser } from "../auth/current-user";
import { log } from "../log";
import { RateLimitedError, describeWait, enforceRateLimit } from "../rate-limit/buckets";
import { COMMENT_DELETES_PER_MEMBER, COMMENT_EDITS_PER_MEMBER, commentPolicyFor } from "../rate-limit/policies";
import { CrossSiteRequestError } from "../security/origin";
import { isPlainFormPost, requireSameSiteAction } from "../security/request";
import { loginUrl, safeNextPath } from "../security/safe-next";
import { SuspendedError } from "../moderation/suspension";
import { createCommentSchema, editCommentSchema, type CommentFormState } from "./schemas";
import { revalidateDiscussion } from "./revalidate";
import { CommentError, createComment, deleteComment, editComment } from "./service";

const CROSS_SITE: CommentFormState = { ok: false, message: "This form was submitted from another site, so nothing was done." };

function text(formData: FormData, name: string): string | undefined {
  const v = formData.get(name);
  return typeof v === "string" ? v : undefined;
}

function withoutHash(path: string): string {
  const i = path.indexOf("#");
  return i === -1 ? path : path.slice(0, i);
}


async function sameSiteOr<T>(refusal: T): Promise<T | null> {
  try {
    await requireSameSiteAction();
    return null;
  } catch (err) {
    if (err instanceof CrossSiteRequestError) return refusal;
    throw err;
  }
}

/** Posts a comment or a reply (`parentId`). */
export async function createCommentAction(_prev: CommentFormState, formData: FormData): Promise<CommentFormState> {
  const refused = await sameSiteOr(CROSS_SITE);
  if (refused) return refused;
  const returnTo = safeNextPath(text(formData, "returnTo"));
  const user = await getCurrentUser();
  if (!user) redirect(loginUrl(returnTo));
  const rawBody = text(formData, "body") ?? "";
  const parsed = createCommentSchema.safeParse({
    articleId: text(formData, "articleId"),
    parentId: text(formData, "parentId"),
    body: rawBody,
    returnTo,
  });
  // The typed text goes back into the box (capped, so a huge post is not echoed whole).
  const keep = rawBody.slice(0, 40_000);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "That comment could not be read.", body: keep };
  let id: number;
  try {
    await enforceRateLimit(commentPolicyFor(user), user.id);
    id = await createComment(user, parsed.data);
  } catch (err) {
    if (err instanceof RateLimitedError) {
      return { ok: false, message: `You're commenting too fast. Try again in ${describeWait(err.retryAfterSec)}.`, body: keep };
    }
    if (err instanceof CommentError || err instanceof SuspendedError) return { ok: false, message: err.message, body: keep };
    log.error({ err, articleId: parsed.data.articleId, userId: user.id }, "comment failed");
    throw err;
  }
  revalidateDiscussion(withoutHash(returnTo));
  if (await isPlainFormPost()) redirect(`${withoutHash(returnTo)}#c${id}`);
  return { ok: true, postedId: id, body: "" };
}

/** Replaces the text of the member's own comment within the edit window. */
export async function editCommentAction(_prev: CommentFormState, formData: FormData): Promise<CommentFormState> {
  const refused = await sameSiteOr(CROSS_SITE);
  if (refused) return refused;
  const returnTo = safeNextPath(text(formData, "returnTo"));
  const user = await getCurrentUser();
  if (!user) redirect(loginUrl(returnTo));
  const rawBody = text(formData, "body") ?? "";
  const keep = rawBody.slice(0, 40_000);
  const parsed = editCommentSchema.safeParse({ commentId: text(formData, "commentId"), body: rawBody, returnTo });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "That edit could not be read.", body: keep };
  try {
    // Counted before the comment is looked up, so unknown or refused edits count too.
    await enforceRateLimit(COMMENT_EDITS_PER_MEMBER, user.id);
    await editComment(user, parsed.data.commentId, parsed.data.body);
  } catch (err) {
    if (err instanceof RateLimitedError) {
      return { ok: false, message: `You're editing too fast. Try again in ${describeWait(err.retryAfterSec)}.`, body: keep };
    }
    if (err instanceof CommentError || err instanceof SuspendedError) return { ok: false, message: err.message, body: keep };
    log.error({ err, commentId: parsed.data.commentId, userId: user.id }, "comment edit failed");
    throw err;
  }
  revalidateDiscussion(withoutHash(returnTo));
  if (await isPlainFormPost()) redirect(`${withoutHash(returnTo)}#c${parsed.data.commentId}`);
  return { ok: true, postedId: parsed.data.commentId, body: parsed.data.body };
}

const deleteSchema = z.object({ commentId: z.coerce.number().int().positive().max(2_147_483_647) });

/** Deletes the member's own comment, keeping its place in the thread. */
export async function deleteCommentAction(formData: FormData): Promise<void> {
  if (await sameSiteOr(true)) return;
  const returnTo = safeNextPath(text(formData, "returnTo"));
  const user = await getCurrentUser();
  if (!user) redirect(loginUrl(returnTo));
  const parsed = deleteSchema.safeParse({ commentId: text(formData, "commentId") });
  let deleted = false;
  if (parsed.success) {
    try {
      await enforceRateLimit(COMMENT_DELETES_PER_MEMBER, user.id);
      // A repeat of a delete changes nothing and empties no cache.
      deleted = await deleteComment(user, parsed.data.commentId);
    } catch (err) {
      if (err instanceof RateLimitedError) {
        log.warn({ commentId: parsed.data.commentId, userId: user.id, retryAfterSec: err.retryAfterSec }, "comment delete rate-limited");
      } else if (err instanceof CommentError) {
        log.warn({ code: err.code, commentId: parsed.data.commentId, userId: user.id }, "comment delete refused");
      } else {
        log.error({ err, commentId: parsed.data.commentId, userId: user.id }, "comment delete failed");
        throw err;
      }
    }
  }
  // Nothing deleted: re-render this member's page as it is, touching no cache.
  if (deleted) revalidateDiscussion(withoutHash(returnTo));
  else refresh();
  if (await isPlainFormPost()) redirect(parsed.success ? `${withoutHash(returnTo)}#c${parsed.data.commentId}` : returnTo);
}
