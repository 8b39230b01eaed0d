import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/auth-forms";
import { getCurrentUser } from "@/lib/auth/current-user";
import { safeNextPath } from "@/lib/security/safe-next";

export const metadata: Metadata = { title: "sign up", robots: { index: false } };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

export default async function SignUpPage({ searchParams }: Props) {
  const raw = (await searchParams).next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw);
  if (await getCurrentUser()) redirect(next);
  return (
    <div className="pt-8">
      <h1 className="font-mono text-lg font-bold">{"// sign up"}</h1>
      <p className="mt-2 text-sm text-neutral-600 dark:text-neutral-400">Vote, discuss and follow sources. Your handle is public; your email is not.</p>
      <SignUpForm next={next} />
      <p className="mt-6 text-sm">
        Already a member? <Link href={`/login?next=${encodeURIComponent(next)}`} className="underline">Log in</Link>
      </p>
    </div>
  );
}
