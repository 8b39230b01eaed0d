/** Input shapes for sign-up and login; every string bounded. */
import { z } from "zod";
import { safeNextPath } from "../security/safe-next";

export const HANDLE_PATTERN = /^[a-z0-9][a-z0-9_-]{1,30}[a-z0-9]$/;

export const emailSchema = z
  .string()
  .trim()
  .max(320, "Email is too long.")
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address." }));

// NIST SP 800-63B: at least 8 characters, allow long passphrases; the cap bounds hashing work.
export const passwordSchema = z
  .string()
  .min(8, "Use at least 8 characters.")
  .max(256, "Use at most 256 characters.");

export const handleSchema = z
  .string()
  .trim()
  .max(32, "Handles are at most 32 characters.")
  .toLowerCase()
  .regex(HANDLE_PATTERN, "3–32 characters: letters, digits, - and _, starting and ending with a letter or digit.");

const nextSchema = z
  .string()
  .max(2000)
  .optional()
  .transform((v) => safeNextPath(v));

export const signUpSchema = z.object({
  email: emailSchema,
  handle: handleSchema,
  password: passwordSchema,
  next: nextSchema,
});

export const logInSchema = z.object({
  email: z.string().trim().max(320, "Email is too long.").toLowerCase().min(1, "Enter your email."),
  // No minimum beyond "present": a login form must not hint at the password rules.
  password: z.string().min(1, "Enter your password.").max(256, "Wrong email or password."),
  next: nextSchema,
});

/** What the login and sign-up forms get back from their actions. */
export interface AuthFormState {
  ok: boolean;
  message?: string;
  fieldErrors?: Partial<Record<"email" | "handle" | "password", string[]>>;
  values?: { email?: string; handle?: string };
}
