/** Input shapes for the account forms (/me/settings, /reset); every string bounded. */
import { z } from "zod";
import { emailSchema, passwordSchema } from "../auth/schemas";

/** A reset token as issued: 32 random bytes in base64url. */
export const RESET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Why a link does not work, in the words its page uses. */
export type ResetTokenProblem = "unknown" | "used" | "expired";

const confirmSchema = z.string().max(256, "Use at most 256 characters.");
const SAME = { path: ["confirmPassword"], message: "The two new passwords differ: type the same one twice." };

export const changePasswordSchema = z
  .object({
    // No rule beyond "present": this is the old password, whatever rules it was set under.
    currentPassword: z.string().min(1, "Enter your current password.").max(256, "That is not your current password."),
    newPassword: passwordSchema,
    confirmPassword: confirmSchema,
  })
  .refine((v) => v.newPassword === v.confirmPassword, SAME);

export const resetPasswordSchema = z
  .object({
    token: z.string().max(64).regex(RESET_TOKEN_PATTERN, "This reset link is not one we issued."),
    newPassword: passwordSchema,
    confirmPassword: confirmSchema,
  })
  .refine((v) => v.newPassword === v.confirmPassword, SAME);

export const deleteAccountSchema = z.object({
  confirmation: z.string().min(1, "Confirm with your password (or your handle, if you have no password).").max(256, "That is not your current password."),
});

export const resetRequestSchema = z.object({ email: emailSchema });

type Field = "currentPassword" | "newPassword" | "confirmPassword" | "confirmation" | "email" | "token";

/** What the account forms get back from their actions. */
export interface AccountFormState {
  ok: boolean;
  message?: string;
  fieldErrors?: Partial<Record<Field, string[]>>;
  values?: { email?: string };
}

/** The notice scope the login page shows (lib/users/notice.ts). */
export const LOGIN_NOTICE = "login";

/** What every "email me a link" request is told, account or not. */
export const RESET_REQUESTED =
  "If an account uses that email, a reset link is on its way to it. The link works once, within an hour. Nothing arrived? Check the spam folder, or ask this site's operator.";

/** Why a reset link does not work, in the words its page and its form use. */
export const RESET_PROBLEM_MESSAGES: Record<ResetTokenProblem, string> = {
  unknown: "This reset link is not one we issued. Check that it was copied whole, or ask for a new one.",
  used: "This reset link was already used, and works only once. Ask for a new one.",
  expired: "This reset link has expired (links work for an hour). Ask for a new one.",
};
