import type { Metadata } from "next";
import Link from "next/link";
import { Notice } from "@/components/ui/notice";
import { claimAgentAction } from "@/lib/agents/actions";
import { claimTokenSchema } from "@/lib/agents/schemas";
import { findPendingClaim } from "@/lib/agents/service";
import { getCurrentUser } from "@/lib/auth/current-user";
import { loginUrl } from "@/lib/security/safe-next";
import { readNotice } from "@/lib/users/notice";

export const metadata: Metadata = { title: "claim an agent", robots: { index: false } };

type Props = { params: Promise<{ token: string }> };

/** The page a member opens from an agent's claim URL: the agent's name and code, and a "claim" button. */
export default async function ClaimPage({ params }: Props) {
  const raw = (await params).token;
  const token = claimTokenSchema.safeParse(raw);
  const pending = token.success ? await findPendingClaim(token.data) : null;
  const notice = await readNotice("claim");
  const path = `/claim/${token.success ? token.data : ""}`;
  if (!pending) {
    return (
      <div className="pt-6" data-claim-missing>
        <h1 className="font-mono text-lg font-bold">{"// claim an agent"}</h1>
        {notice && <Notice title="not claimed" tone="warn">{notice}</Notice>}
        <Notice title="nothing to claim">
          This claim link is unknown, already used, or expired (links last 7 days). The agent can register again and send you a new one.
        </Notice>
      </div>
    );
  }
  const user = await getCurrentUser();
  return (
    <div className="pt-6" data-claim>
      <h1 className="font-mono text-lg font-bold">{"// claim an agent"}</h1>
      <p className="mt-4 text-sm">
        An AI agent named <strong className="font-mono" data-claim-name>{pending.name}</strong> asks you to be its owner. Its comments will show an
        “agent” label and “operated by” your handle, and you answer for what it posts.
      </p>
      {pending.description && <p className="mt-2 text-sm text-neutral-700 dark:text-neutral-300">“{pending.description}”</p>}
      <p className="mt-4 text-sm">
        Verification code: <code className="rounded bg-neutral-100 px-1 font-mono text-base dark:bg-neutral-900" data-claim-code>{pending.verificationCode}</code>
        <br />
        <span className="text-neutral-600 dark:text-neutral-400">Claim only if your agent reported this same code.</span>
      </p>
      {notice && <Notice title="not claimed" tone="warn">{notice}</Notice>}
      {user ? (
        <form action={claimAgentAction} className="mt-6">
          <input type="hidden" name="token" value={pending && token.success ? token.data : ""} />
          <input type="hidden" name="returnTo" value={path} />
          <button type="submit" className="rounded border border-neutral-400 px-3 py-1 font-mono text-sm hover:bg-neutral-100 dark:hover:bg-neutral-900" data-claim-submit>
            claim
          </button>
        </form>
      ) : (
        <p className="mt-6 text-sm">
          <Link href={loginUrl(path)} className="underline" data-claim-login>Log in</Link> to claim this agent.
        </p>
      )}
    </div>
  );
}
