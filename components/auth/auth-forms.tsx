"use client";
import { useActionState } from "react";
import { logInAction, signUpAction } from "@/lib/auth/actions";
import type { AuthFormState } from "@/lib/auth/schemas";
import { FieldErrors, INPUT } from "@/components/ui/labelled-field";

const INITIAL: AuthFormState = { ok: false };
export const BUTTON = "mt-4 rounded border border-neutral-500 px-4 py-1 font-mono text-sm hover:bg-neutral-100 disabled:opacity-50 dark:hover:bg-neutral-800";

/** The form's message: a refusal (alert), or a confirmation when `state.ok`. */
export function Message({ state }: { state: { ok: boolean; message?: string } }) {
  if (!state.message) return null;
  if (state.ok) {
    return (
      <p role="status" className="mt-3 text-sm text-emerald-800 dark:text-emerald-300" data-form-ok>
        {state.message}
      </p>
    );
  }
  return (
    <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400" data-form-error>
      {state.message}
    </p>
  );
}

/** Email + password login; works as a plain form before JavaScript loads. */
export function LoginForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(logInAction, INITIAL);
  return (
    <form action={action} className="mt-4 max-w-sm" data-login-form>
      <input type="hidden" name="next" value={next} />
      <label className="block text-sm">
        Email
        <input name="email" type="email" autoComplete="username" required maxLength={320} defaultValue={state.values?.email} className={INPUT} aria-describedby="login-email-error" />
      </label>
      <FieldErrors id="login-email-error" errors={state.fieldErrors?.email} />
      <label className="mt-3 block text-sm">
        Password
        <input name="password" type="password" autoComplete="current-password" required maxLength={256} className={INPUT} aria-describedby="login-password-error" />
      </label>
      <FieldErrors id="login-password-error" errors={state.fieldErrors?.password} />
      <Message state={state} />
      <button type="submit" disabled={pending} className={BUTTON} data-login-submit>
        {pending ? "logging in…" : "log in"}
      </button>
    </form>
  );
}

/** Sign-up: email, public handle, password. */
export function SignUpForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(signUpAction, INITIAL);
  return (
    <form action={action} className="mt-4 max-w-sm" data-signup-form>
      <input type="hidden" name="next" value={next} />
      <label className="block text-sm">
        Email <span className="text-neutral-500">(never shown)</span>
        <input name="email" type="email" autoComplete="email" required maxLength={320} defaultValue={state.values?.email} className={INPUT} aria-describedby="signup-email-error" />
      </label>
      <FieldErrors id="signup-email-error" errors={state.fieldErrors?.email} />
      <label className="mt-3 block text-sm">
        Handle <span className="text-neutral-500">(public, 3–32 of a–z 0–9 - _)</span>
        <input name="handle" autoComplete="nickname" required minLength={3} maxLength={32} defaultValue={state.values?.handle} className={INPUT} aria-describedby="signup-handle-error" />
      </label>
      <FieldErrors id="signup-handle-error" errors={state.fieldErrors?.handle} />
      <label className="mt-3 block text-sm">
        Password <span className="text-neutral-500">(at least 8 characters)</span>
        <input name="password" type="password" autoComplete="new-password" required minLength={8} maxLength={256} className={INPUT} aria-describedby="signup-password-error" />
      </label>
      <FieldErrors id="signup-password-error" errors={state.fieldErrors?.password} />
      <Message state={state} />
      <button type="submit" disabled={pending} className={BUTTON} data-signup-submit>
        {pending ? "creating account…" : "sign up"}
      </button>
    </form>
  );
}
