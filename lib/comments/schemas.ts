/** Comment input: the body limit counts characters (code points) after newline normalization, as the column does. */
import { z } from "zod";
import { normalizeCommentText } from "../markdown/render";
import { safeNextPath } from "../security/safe-next";

/** The longest comment, in characters. */
export const MAX_COMMENT_CHARS = 10_000;

export const commentBodySchema = z
  .string()
  // Bounded before any work: a multi-megabyte post is refused without normalizing it.
  .max(MAX_COMMENT_CHARS * 4, `Comments are limited to ${MAX_COMMENT_CHARS.toLocaleString("en")} characters.`)
  .transform(normalizeCommentText)
  .pipe(
    z
      .string()
      .refine((s) => s.trim().length > 0, "Write something first.")
      .superRefine((s, ctx) => {
        const chars = Array.from(s).length;
        if (chars > MAX_COMMENT_CHARS) {
          ctx.addIssue({
            code: "custom",
            message: `Comments are limited to ${MAX_COMMENT_CHARS.toLocaleString("en")} characters; yours has ${chars.toLocaleString("en")}. Nothing was posted.`,
          });
        }
      }),
  );

const id = z.coerce.number().int().positive().max(2_147_483_647);

export const createCommentSchema = z.object({
  articleId: id,
  parentId: z.union([z.literal("").transform(() => undefined), id]).optional(),
  body: commentBodySchema,
  returnTo: z.string().max(2000).optional().transform((v) => safeNextPath(v)),
});

export const editCommentSchema = z.object({
  commentId: id,
  body: commentBodySchema,
  returnTo: z.string().max(2000).optional().transform((v) => safeNextPath(v)),
});

/** What the comment forms get back. */
export interface CommentFormState {
  ok: boolean;
  message?: string;
  /** The text to put back in the box after a refusal, so nothing typed is lost. */
  body?: string;
  /** Changes on each success so the form can clear itself. */
  postedId?: number;
}
