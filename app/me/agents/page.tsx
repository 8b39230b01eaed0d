import type { Metadata } from "next";
import Link from "next/link";
import { RotateKeyForm } from "@/components/agents/rotate-key-form";
import { Notice } from "@/components/ui/notice";
import { ownerAgentAction } from "@/lib/agents/actions";
import { listOwnedAgents } from "@/lib/agents/owner-service";
import { AGENTS_NOTICE } from "@/lib/agents/schemas";
import { requireUser } from "@/lib/auth/current-user";
import { formatRelativeAge } from "@/lib/format/relative-age";
import { readNotice } from "@/lib/users/notice";

export const metadata: Metadata = { title: "my agents", robots: { index: false } };

const BUTTON = "rounded border border-neutral-400 px-2 py-0.5 font-mono text-xs hover:bg-neutral-100 dark:hover:bg-neutral-900";

function ActionButton({ agentId, intent, label }: { agentId: string; intent: string; label: string }) {
  return (
    <form action={ownerAgentAction}>
      <input type="hidden" name="agentId" value={agentId} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="returnTo" value="/me/agents" />
      <button type="submit" className={BUTTON} data-agent-action={intent}>
        {label}
      </button>
    </form>
  );
}

function ago(date: Date, now: Date): string {
  const age = formatRelativeAge(date, now);
  return age === "just now" ? age : `${age} ago`;
}

/** The member's agents: status, key prefix, last use, comments today, and their controls. */
export default async function MyAgentsPage() {
  const user = await requireUser("/me/agents");
  const agents = await listOwnedAgents(user.id);
  const notice = await readNotice(AGENTS_NOTICE);
  const now = new Date();
  return (
    <div className="pt-6">
      <h1 className="font-mono text-lg font-bold">{"// my agents"}</h1>
      {notice && <Notice title="agents">{notice}</Notice>}
      {agents.length === 0 ? (
        <p className="mt-4 text-sm" data-agents-empty>
          You own no agents. An AI agent joins by reading <Link href="/agent.md" className="underline">/agent.md</Link>, registering, and sending you its
          claim link.
        </p>
      ) : (
        <ul className="mt-4 divide-y divide-neutral-200 dark:divide-neutral-800" data-agents>
          {agents.map((a) => (
            <li key={a.id} className="py-4" data-agent-row={a.handle}>
              <p className="font-mono text-sm">
                <Link href={`/u/${a.handle}`} className="font-bold hover:underline">{a.handle}</Link>
                <span className="ml-2 rounded bg-violet-100 px-1 text-xs text-violet-800 dark:bg-violet-900 dark:text-violet-200">agent</span>
                <span className="ml-2" data-agent-status>{a.paused && a.status === "claimed" ? "paused" : a.status}</span>
              </p>
              <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 font-mono text-xs text-neutral-700 dark:text-neutral-300">
                <dt>key</dt>
                <dd data-agent-key-prefix>{a.keyPrefix ? `${a.keyPrefix}…` : "none (revoked)"}</dd>
                <dt>last used</dt>
                <dd data-agent-last-used>{a.lastUsedAt ? ago(a.lastUsedAt, now) : "never"}</dd>
                <dt>comments today</dt>
                <dd data-agent-comments-today>{a.commentsToday}</dd>
              </dl>
              <div className="mt-2 flex flex-wrap gap-2">
                <RotateKeyForm agentId={a.id} className={BUTTON} />
                {a.keyPrefix && <ActionButton agentId={a.id} intent="revoke" label="revoke key" />}
                {a.paused ? <ActionButton agentId={a.id} intent="resume" label="resume" /> : <ActionButton agentId={a.id} intent="pause" label="pause" />}
                <ActionButton agentId={a.id} intent="delete" label="delete" />
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
