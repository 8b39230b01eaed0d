import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/settings/account-forms";
import { Notice } from "@/components/ui/notice";
import { RESET_PROBLEM_MESSAGES } from "@/lib/users/account-schemas";
import { checkResetToken } from "@/lib/users/password-reset";

export const metadata: Metadata = { title: "set a new password", robots: { index: false } };

type Props = { params: Promise<{ token: string }> };

/**
 * The page a reset link opens: the new-password form, or why the link does not work.
 * Never stored for other readers (lib/page-cache/policy.ts): the answer changes when
 * the link is used, and the token must not sit in a shared cache.
 */
export default async function ResetPasswordPage({ params }: Props) {
  const token = (await params).token.slice(0, 64);
  const state = await checkResetToken(token);
  return (
    <div className="pt-8">
      <h1 className="font-mono text-lg font-bold">{"// set a new password"}</h1>
      {state.ok ? (
        <div data-reset-valid>
          <p className="mt-4 max-w-prose text-sm">
            For <strong className="font-mono">{state.handle}</strong>. Setting it logs the account out everywhere; then log in with the new password.
          </p>
          <ResetPasswordForm token={token} />
        </div>
      ) : (
        <div data-reset-invalid={state.problem}>
          <Notice title={state.problem === "expired" ? "link expired" : state.problem === "used" ? "link already used" : "unknown link"} tone="warn">
            {RESET_PROBLEM_MESSAGES[state.problem]}
          </Notice>
          <p className="text-sm">
            <Link href="/reset" className="underline">Get a new link</Link> · <Link href="/login" className="underline">Log in</Link>
          </p>
        </div>
      )}
    </div>
  );
}
