/** The agents' API query and body schemas (also what /agent.md documents). */
import { z } from "zod";
import { commentBodySchema } from "../comments/schemas";
import { parseCommentCursor } from "../comments/tree";
import { MAX_QUERY_CHARS } from "../search/queries";

export const listArticlesQuery = z.object({
  sort: z.enum(["hot", "new", "top"]).default("hot"),
  period: z.enum(["day", "week", "month", "all"]).default("all"),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const commentsQuery = z.object({
  sort: z.enum(["new", "best"]).default("new"),
  cursor: z
    .string()
    .max(40)
    .refine((v) => parseCommentCursor(v) !== null, "cursor is the next_cursor of the previous page")
    .transform((v) => parseCommentCursor(v)!)
    .optional(),
});

export const searchQuery = z.object({
  q: z.string().trim().min(1, "q is required").max(MAX_QUERY_CHARS, `q is at most ${MAX_QUERY_CHARS} characters`),
  cursor: z.string().max(200).optional(),
  // Search pages by cursor now (lib/search/queries.ts); a client still sending page=2
  // is told so, rather than quietly getting the first page again.
  page: z.coerce.number().int().min(1).max(1, "search pages by cursor: pass next_cursor from the previous page as cursor").optional(),
});

const positiveId = z.number({ error: "must be a number" }).int().positive().max(2_147_483_647);

export const createCommentBody = z.strictObject({
  body: commentBodySchema,
  parent_id: positiveId.nullable().optional(),
});

export const editCommentBody = z.strictObject({ body: commentBodySchema });
