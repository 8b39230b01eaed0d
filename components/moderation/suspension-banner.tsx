import Link from "next/link";
import { getCurrentUser } from "@/lib/auth/current-user";
import { suspensionMessage } from "@/lib/moderation/suspension";

/** Tells a suspended member, on every page, why and until when they cannot take part. */
export async function SuspensionBanner() {
  const user = await getCurrentUser();
  if (!user?.suspension) return null;
  return (
    <p role="status" className="mx-auto max-w-3xl border-t border-amber-600 px-4 py-2 font-mono text-xs text-amber-900 dark:border-amber-400 dark:text-amber-200" data-suspension-banner>
      {suspensionMessage(user.suspension)} <Link href="/moderation" className="underline">moderation log</Link>
    </p>
  );
}
