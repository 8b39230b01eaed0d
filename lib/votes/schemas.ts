/** Form input for votes and saves. */
import { z } from "zod";
import { safeNextPath } from "../security/safe-next";

export const articleIdSchema = z.coerce.number().int().positive().max(2_147_483_647);

export const returnToSchema = z
  .string()
  .max(2000)
  .optional()
  .transform((v) => safeNextPath(v));

export const commentVoteFormSchema = z.object({
  commentId: articleIdSchema,
  intent: z.enum(["up", "un"]),
  returnTo: returnToSchema,
});

export const voteFormSchema = z.object({
  articleId: articleIdSchema,
  intent: z.enum(["up", "un"]),
  returnTo: returnToSchema,
});
