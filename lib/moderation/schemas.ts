/** Input schemas for flags and staff actions; shared by forms and any future API. */
import { z } from "zod";
import { ARTICLE_FLAG_REASONS, COMMENT_FLAG_REASONS } from "./flag-reasons";

const id = z.coerce.number({ error: "That item could not be read." }).int().positive().max(2_147_483_647);
export const MAX_REASON_LENGTH = 500;

const note = z
  .string()
  .trim()
  .max(MAX_REASON_LENGTH, `Notes are limited to ${MAX_REASON_LENGTH} characters.`)
  .optional()
  .transform((v) => (v ? v : undefined));

/** A member's flag: a comment with a comment reason, or an article with an article reason; "other" needs a note. */
export const flagSchema = z
  .discriminatedUnion("target", [
    z.object({ target: z.literal("comment"), id, reason: z.enum(COMMENT_FLAG_REASONS, { error: "Choose a reason for the flag." }), note }),
    z.object({ target: z.literal("article"), id, reason: z.enum(ARTICLE_FLAG_REASONS, { error: "Choose a reason for the flag." }), note }),
  ], { error: "That flag could not be read." })
  .refine((f) => f.reason !== "other" || !!f.note, { message: "Say what is wrong in the note when the reason is other.", path: ["note"] });
/** A parsed flag (note optional: the schema turns a blank note into undefined). */
export type FlagInput = Omit<z.infer<typeof flagSchema>, "note"> & { note?: string };

/** The reason a staff action must give (shown on the public log). */
export const reasonSchema = z
  .string({ error: "A reason is required." })
  .trim()
  .min(1, "A reason is required: it is shown on the public moderation log.")
  .max(MAX_REASON_LENGTH, `Reasons are limited to ${MAX_REASON_LENGTH} characters.`);

export const targetSchema = z.object({ target: z.enum(["comment", "article"], { error: "That item could not be read." }), id });

export const removeSchema = targetSchema.extend({ reason: reasonSchema });

export const dismissSchema = targetSchema.extend({
  reason: z.string().trim().max(MAX_REASON_LENGTH).optional().transform((v) => v || "flags reviewed: no action needed"),
});

/** Suspension end: a calendar date (UTC) after today, at most ten years ahead. */
export const untilSchema = z
  .string({ error: "Choose the date the suspension ends." })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Choose the date the suspension ends (YYYY-MM-DD).")
  .transform((v) => new Date(`${v}T00:00:00.000Z`))
  .refine((d) => !Number.isNaN(d.getTime()), "That date does not exist.")
  .refine((d) => d.getTime() > Date.now(), "The suspension must end after today.")
  .refine((d) => d.getTime() < Date.now() + 10 * 366 * 86_400_000, "Suspensions end within ten years.");

export const suspendSchema = z.object({ userId: z.string().min(1).max(40), until: untilSchema, reason: reasonSchema });

export const unsuspendSchema = z.object({ userId: z.string().min(1).max(40), reason: reasonSchema });

/** The state a staff or flag form shows after a post. */
export interface ModerationFormState {
  ok: boolean;
  message?: string;
}
