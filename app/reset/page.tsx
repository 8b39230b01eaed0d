import type { Metadata } from "next";
import Link from "next/link";
import { ResetRequestForm } from "@/components/settings/account-forms";
import { isMailConfigured } from "@/lib/env";

export const metadata: Metadata = { title: "reset password", robots: { index: false } };

/** "Forgot password?": a form that mails a reset link when SMTP_URL is set; otherwise who to ask. */
export default function ResetRequestPage() {
  const canMail = isMailConfigured();
  return (
    <div className="pt-8" data-reset-request>
      <h1 className="font-mono text-lg font-bold">{"// reset password"}</h1>
      {canMail ? (
        <>
          <p className="mt-4 max-w-prose text-sm">Enter the email of your account, and we&apos;ll mail it a link to set a new password. The link works once, within an hour.</p>
          <ResetRequestForm />
        </>
      ) : (
        <p className="mt-4 max-w-prose text-sm" data-reset-no-mail>
          This site sends no mail. Ask its operator for a reset link: they can make one for your email or handle, and it works once, within an hour.
        </p>
      )}
      <p className="mt-6 text-sm">
        Remembered it? <Link href="/login" className="underline">Log in</Link>
      </p>
    </div>
  );
}
