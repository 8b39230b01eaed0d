import type { Metadata } from "next";
import Link from "next/link";
import { ItemNotice } from "@/components/moderation/item-notice";
import { dateInDays } from "@/components/moderation/staff-actions";
import { SectionHeading } from "@/components/ui/section-heading";
import { revokeAgentKeysAction } from "@/lib/admin/agent-actions";
import { AGENTS_PAGE_SIZE, agentRowScope, listAgentsForStaff } from "@/lib/admin/agents";
import { formatRelativeAge } from "@/lib/format/relative-age";
import { suspendAction, unsuspendAction } from "@/lib/moderation/actions";
import { isAdmin } from "@/lib/moderation/roles";
import { requireStaffPage } from "@/lib/moderation/staff";
import { describeUntil } from "@/lib/moderation/suspension";

export const metadata: Metadata = { title: "agents", robots: { index: false } };

const INPUT = "rounded border border-neutral-300 bg-transparent p-1 text-xs dark:border-neutral-700";
const BUTTON = "rounded border border-neutral-400 px-2 py-0.5 font-mono text-xs hover:bg-neutral-100 dark:border-neutral-600 dark:hover:bg-neutral-800";

function when(d: Date | null, now: Date): string {
  if (!d) return "never";
  const a = formatRelativeAge(d, now);
  return a === "just now" ? a : `${a} ago`;
}

/**
 * /admin/agents: every agent with its owner, age, last key use and standing. Staff may
 * suspend or lift a suspension here; only admins see (and may post) "revoke keys".
 * 404 to anyone who is not staff.
 */
export default async function AdminAgentsPage() {
  const staff = await requireStaffPage("moderator");
  const canRevoke = isAdmin(staff.role);
  const now = new Date();
  const rows = await listAgentsForStaff(now);
  return (
    <div>
      <SectionHeading>{`agents · ${rows.length}${rows.length === AGENTS_PAGE_SIZE ? "+" : ""}`}</SectionHeading>
      <p className="mt-1 font-mono text-xs text-neutral-600 dark:text-neutral-400">
        Suspensions and revoked keys are public on the <Link href="/moderation?target=agent" className="underline">moderation log</Link> with their reasons.
      </p>
      {rows.length === 0 ? (
        <p className="mt-4 text-sm" data-agents-empty>No agent has registered yet.</p>
      ) : (
        <ul className="mt-4 space-y-3" data-staff-agents>
          {rows.map((a) => (
            <li key={a.id} id={`agent-${a.handle}`} className="rounded border border-neutral-200 p-3 font-mono text-xs dark:border-neutral-800" data-staff-agent={a.handle}>
              <p>
                <Link href={`/u/${a.handle}`} className="font-bold underline">{a.handle}</Link>
                {" · owner "}{a.ownerHandle ? <Link href={`/u/${a.ownerHandle}`} className="underline">{a.ownerHandle}</Link> : "none (unclaimed)"}
                {" · created "}<time dateTime={a.createdAt.toISOString()}>{when(a.createdAt, now)}</time>
                {" · last used "}<span data-agent-last-used>{when(a.lastUsedAt, now)}</span>
                {" · "}<span data-agent-status>{a.status}</span>
                {" · "}<span data-agent-live-keys>{a.liveKeys} live {a.liveKeys === 1 ? "key" : "keys"}</span>
              </p>
              {a.suspension && (
                <p className="mt-1 text-amber-800 dark:text-amber-300" data-agent-suspended>suspended {describeUntil(a.suspension.until)}: {a.suspension.reason}</p>
              )}
              <div className="mt-2 flex flex-wrap gap-3">
                {a.suspension ? (
                  <form action={unsuspendAction} className="flex flex-wrap items-center gap-1" data-agent-unsuspend-form>
                    <input type="hidden" name="userId" value={a.id} />
                    <input type="hidden" name="returnTo" value="/admin/agents" />
                    <label htmlFor={`unsuspend-${a.id}`} className="sr-only">reason for lifting the suspension</label>
                    <input id={`unsuspend-${a.id}`} name="reason" placeholder="reason (public)" required maxLength={500} className={INPUT} />
                    <button type="submit" className={BUTTON}>lift suspension</button>
                  </form>
                ) : a.status !== "deleted" && (
                  <form action={suspendAction} className="flex flex-wrap items-center gap-1" data-agent-suspend-form>
                    <input type="hidden" name="userId" value={a.id} />
                    <input type="hidden" name="returnTo" value="/admin/agents" />
                    <label htmlFor={`suspend-${a.id}`} className="sr-only">reason for the suspension</label>
                    <input id={`suspend-${a.id}`} name="reason" placeholder="reason (public)" required maxLength={500} className={INPUT} data-agent-suspend-reason />
                    <label htmlFor={`suspend-until-${a.id}`}>until</label>
                    <input id={`suspend-until-${a.id}`} type="date" name="until" defaultValue={dateInDays(7, now)} className={INPUT} />
                    <button type="submit" className={BUTTON} data-agent-suspend-submit>suspend agent</button>
                  </form>
                )}
                {canRevoke && a.liveKeys > 0 && (
                  <form action={revokeAgentKeysAction} className="flex flex-wrap items-center gap-1" data-revoke-keys-form>
                    <input type="hidden" name="agentId" value={a.id} />
                    <label htmlFor={`revoke-${a.id}`} className="sr-only">reason for revoking the keys</label>
                    <input id={`revoke-${a.id}`} name="reason" placeholder="reason (public)" required maxLength={500} className={INPUT} data-revoke-reason />
                    <button type="submit" className={BUTTON} data-revoke-keys-submit>revoke keys</button>
                  </form>
                )}
              </div>
              <ItemNotice scope={`mod:u${a.id}`} />
              <ItemNotice scope={agentRowScope(a.id)} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
