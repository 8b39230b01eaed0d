"use client";
import { useActionState } from "react";
import { BUTTON, Message } from "@/components/auth/auth-forms";
import { FieldErrors, LabelledField } from "@/components/ui/labelled-field";
import { changePasswordAction, deleteAccountAction, requestResetAction, resetPasswordAction } from "@/lib/users/account-actions";
import type { AccountFormState } from "@/lib/users/account-schemas";

const INITIAL: AccountFormState = { ok: false };
const DANGER = "mt-4 rounded border border-red-700 px-4 py-1 font-mono text-sm text-red-800 hover:bg-red-50 disabled:opacity-50 dark:border-red-400 dark:text-red-300 dark:hover:bg-red-950";

/** The two new-password fields every password form shares. */
function NewPasswordFields({ state, prefix }: { state: AccountFormState; prefix: string }) {
  return (
    <>
      <LabelledField
        spaced
        label={<>New password <span className="text-neutral-500">(at least 8 characters)</span></>}
        errorId={`${prefix}-new-error`}
        errors={state.fieldErrors?.newPassword}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={256}
      />
      <LabelledField spaced label="New password again" errorId={`${prefix}-confirm-error`} errors={state.fieldErrors?.confirmPassword} name="confirmPassword" type="password" autoComplete="new-password" required minLength={8} maxLength={256} />
    </>
  );
}

/** Current password, new password twice; the member's other sessions end on success. */
export function ChangePasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, INITIAL);
  return (
    <form action={action} className="mt-3 max-w-sm" data-change-password-form>
      <LabelledField label="Current password" errorId="change-current-error" errors={state.fieldErrors?.currentPassword} name="currentPassword" type="password" autoComplete="current-password" required maxLength={256} />
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
      <LabelledField
        label={hasPassword ? "Your password, to confirm" : <>Type your handle, <span className="font-mono">{handle}</span>, to confirm</>}
        errorId="delete-confirmation-error"
        errors={state.fieldErrors?.confirmation}
        name="confirmation"
        type={hasPassword ? "password" : "text"}
        autoComplete={hasPassword ? "current-password" : "off"}
        required
        maxLength={256}
      />
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
      <FieldErrors id="reset-token-error" errors={state.fieldErrors?.token} />
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
      <LabelledField label="Email" errorId="reset-email-error" errors={state.fieldErrors?.email} name="email" type="email" autoComplete="email" required maxLength={320} defaultValue={state.values?.email} />
      <Message state={state} />
      <button type="submit" disabled={pending} className={BUTTON} data-reset-request-submit>
        {pending ? "sending…" : "email me a link"}
      </button>
    </form>
  );
}
