import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/auth-forms";
import { getCurrentUser } from "@/lib/auth/current-user";
import { isGitHubEnabled } from "@/lib/auth/providers";
import { safeNextPath } from "@/lib/security/safe-next";

export const metadata: Metadata = { title: "log in", robots: { index: false } };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

export default async function LoginPage({ searchParams }: Props) {
  const raw = (await searchParams).next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw);
  if (await getCurrentUser()) redirect(next);
  return (
    <div className="pt-8">
      <h1 className="font-mono text-lg font-bold">{"// log in"}</h1>
      <LoginForm next={next} />
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
