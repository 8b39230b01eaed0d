import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/auth-forms";
import { Notice } from "@/components/ui/notice";
import { getCurrentUser } from "@/lib/auth/current-user";
import { isGitHubEnabled } from "@/lib/auth/providers";
import { safeNextPath } from "@/lib/security/safe-next";
import { LOGIN_NOTICE } from "@/lib/users/account-schemas";
import { readNotice } from "@/lib/users/notice";

export const metadata: Metadata = { title: "log in", robots: { index: false } };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

export default async function LoginPage({ searchParams }: Props) {
  const raw = (await searchParams).next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw);
  if (await getCurrentUser()) redirect(next);
  // Set by a password reset (lib/users/account-actions.ts); the cookie makes this render per request.
  const notice = await readNotice(LOGIN_NOTICE);
  return (
    <div className="pt-8">
      <h1 className="font-mono text-lg font-bold">{"// log in"}</h1>
      {notice && (
        <div data-login-notice>
          <Notice title="password set">{notice}</Notice>
        </div>
      )}
      <LoginForm next={next} />
      <p className="mt-3 text-sm">
        <Link href="/reset" className="underline" data-forgot-password>Forgot password?</Link>
      </p>
      {isGitHubEnabled() && (
        <p className="mt-4 text-sm">
          <a href={`/api/auth/signin?callbackUrl=${encodeURIComponent(next)}`} className="underline">Log in with GitHub</a>
        </p>
      )}
      <p className="mt-6 text-sm">
        New here? <Link href={`/signup?next=${encodeURIComponent(next)}`} className="underline">Sign up</Link>
      </p>
    </div>
  );
}
