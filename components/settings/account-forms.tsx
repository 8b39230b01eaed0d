"use client";
import { useActionState } from "react";
import { BUTTON, Errors, INPUT, Message } from "@/components/auth/auth-forms";
import { changePasswordAction, deleteAccountAction, requestResetAction, resetPasswordAction } from "@/lib/users/account-actions";
import type { AccountFormState } from "@/lib/users/account-schemas";

const INITIAL: AccountFormState = { ok: false };
const DANGER = "mt-4 rounded border border-red-700 px-4 py-1 font-mono text-sm text-red-800 hover:bg-red-50 disabled:opacity-50 dark:border-red-400 dark:text-red-300 dark:hover:bg-red-950";

/** The two new-password fields every password form shares. */
function NewPasswordFields({ state, prefix }: { state: AccountFormState; prefix: string }) {
  return (
    <>
      <label className="mt-3 block text-sm">
        New password <span className="text-neutral-500">(at least 8 characters)</span>
        <input name="newPassword" type="password" autoComplete="new-password" required minLength={8} maxLength={256} className={INPUT} aria-describedby={`${prefix}-new-error`} />
      </label>
      <Errors id={`${prefix}-new-error`} errors={state.fieldErrors?.newPassword} />
      <label className="mt-3 block text-sm">
        New password again
        <input name="confirmPassword" type="password" autoComplete="new-password" required minLength={8} maxLength={256} className={INPUT} aria-describedby={`${prefix}-confirm-error`} />
      </label>
      <Errors id={`${prefix}-confirm-error`} errors={state.fieldErrors?.confirmPassword} />
    </>
  );
}

/** Current password, new password twice; the member's other sessions end on success. */
export function ChangePasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, INITIAL);
  return (
    <form action={action} className="mt-3 max-w-sm" data-change-password-form>
      <label className="block text-sm">
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={256} className={INPUT} aria-describedby="change-current-error" />
      </label>
      <Errors id="change-current-error" errors={state.fieldErrors?.currentPassword} />
      <NewPasswordFields state={state} prefix="change" />
      <Message state={state} />
      <button type="submit" disabled={pending} className={BUTTON} data-change-password-submit>
        {pending ? "changing…" : "change password"}
      </button>
    </form>
  );
}

/** Deletes the account once confirmed with the password (or the handle, for an account without one). */
export function DeleteAccountForm({ hasPassword, handle }: { hasPassword: boolean; handle: string }) {
  const [state, action, pending] = useActionState(deleteAccountAction, INITIAL);
  return (
    <form action={action} className="mt-3 max-w-sm" data-delete-account-form>
      <label className="block text-sm">
        {hasPassword ? "Your password, to confirm" : <>Type your handle, <span className="font-mono">{handle}</span>, to confirm</>}
        <input
          name="confirmation"
          type={hasPassword ? "password" : "text"}
          autoComplete={hasPassword ? "current-password" : "off"}
          required
          maxLength={256}
          className={INPUT}
          aria-describedby="delete-confirmation-error"
        />
      </label>
      <Errors id="delete-confirmation-error" errors={state.fieldErrors?.confirmation} />
      <Message state={state} />
      <button type="submit" disabled={pending} className={DANGER} data-delete-account-submit>
        {pending ? "deleting…" : "Delete my account"}
      </button>
    </form>
  );
}

/** The form behind a reset link: new password twice. */
export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(resetPasswordAction, INITIAL);
  return (
    <form action={action} className="mt-4 max-w-sm" data-reset-password-form>
      <input type="hidden" name="token" value={token} />
      <NewPasswordFields state={state} prefix="reset" />
      <Errors id="reset-token-error" errors={state.fieldErrors?.token} />
      <Message state={state} />
      <button type="submit" disabled={pending} className={BUTTON} data-reset-password-submit>
        {pending ? "setting…" : "set password"}
      </button>
    </form>
  );
}

/** "Email me a link": answers alike whether or not the address has an account. */
export function ResetRequestForm() {
  const [state, action, pending] = useActionState(requestResetAction, INITIAL);
  return (
    <form action={action} className="mt-4 max-w-sm" data-reset-request-form>
      <label className="block text-sm">
        Email
        <input name="email" type="email" autoComplete="email" required maxLength={320} defaultValue={state.values?.email} className={INPUT} aria-describedby="reset-email-error" />
      </label>
      <Errors id="reset-email-error" errors={state.fieldErrors?.email} />
      <Message state={state} />
      <button type="submit" disabled={pending} className={BUTTON} data-reset-request-submit>
        {pending ? "sending…" : "email me a link"}
      </button>
    </form>
  );
}
