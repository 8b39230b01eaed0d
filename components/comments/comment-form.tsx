"use client";
import { useActionState } from "react";
import { createCommentAction, editCommentAction } from "@/lib/comments/actions";
import type { CommentFormState } from "@/lib/comments/schemas";

const INITIAL: CommentFormState = { ok: false };

const TEXTAREA =
  "mt-1 block w-full rounded border border-neutral-300 bg-transparent p-2 font-sans text-sm dark:border-neutral-700";
const BUTTON =
  "mt-2 rounded border border-neutral-400 px-3 py-1 font-mono text-xs hover:bg-neutral-100 disabled:opacity-50 dark:border-neutral-600 dark:hover:bg-neutral-800";

function FormMessage({ state }: { state: CommentFormState }) {
  if (!state.message) return null;
  return (
    <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400" data-comment-error>
      {state.message}
    </p>
  );
}

/**
 * A new comment or a reply (with `parentId`). Works as a plain form before
 * hydration; on refusal the typed text comes back with the message.
 */
export function CommentForm({ articleId, parentId, returnTo, label }: { articleId: number; parentId?: number; returnTo: string; label: string }) {
  const [state, formAction, pending] = useActionState(createCommentAction, INITIAL);
  const id = `comment-body-${parentId ?? "top"}`;
  return (
    <form action={formAction} className="mt-2" data-comment-form data-parent-id={parentId ?? ""}>
      <input type="hidden" name="articleId" value={articleId} />
      <input type="hidden" name="parentId" value={parentId ?? ""} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <label htmlFor={id} className="sr-only">{label}</label>
      {/* A new key after each post clears the box; a refusal keeps what was typed. */}
      <textarea key={state.postedId ?? 0} id={id} name="body" rows={parentId ? 3 : 4} required defaultValue={state.body ?? ""} className={TEXTAREA} />
      <FormMessage state={state} />
      <p className="mt-1 text-xs text-neutral-500">*emphasis*, **strong**, `code`, [links](https://…), &gt; quotes</p>
      <button type="submit" disabled={pending} className={BUTTON} data-comment-submit>
        {pending ? "posting…" : label}
      </button>
    </form>
  );
}

/** Edits the member's own comment (shown only within the edit window). */
export function EditCommentForm({ commentId, body, returnTo }: { commentId: number; body: string; returnTo: string }) {
  const [state, formAction, pending] = useActionState(editCommentAction, INITIAL);
  const id = `comment-edit-${commentId}`;
  return (
    <form action={formAction} className="mt-2" data-edit-form>
      <input type="hidden" name="commentId" value={commentId} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <label htmlFor={id} className="sr-only">Edit your comment</label>
      <textarea id={id} name="body" rows={4} required defaultValue={state.body ?? body} className={TEXTAREA} />
      <FormMessage state={state} />
      {state.ok && <p className="mt-1 text-xs text-emerald-700" role="status">saved</p>}
      <button type="submit" disabled={pending} className={BUTTON} data-edit-submit>
        {pending ? "saving…" : "save edit"}
      </button>
    </form>
  );
}
