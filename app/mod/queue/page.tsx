import type { Metadata } from "next";
import Link from "next/link";
import { ItemNotice } from "@/components/moderation/item-notice";
import { StaffItemActions } from "@/components/moderation/staff-actions";
import { SectionHeading } from "@/components/ui/section-heading";
import { formatRelativeAge } from "@/lib/format/relative-age";
import { flagReasonLabel } from "@/lib/moderation/flag-reasons";
import { listReviewQueue } from "@/lib/moderation/queue";
import { requireStaffPage } from "@/lib/moderation/staff";

/** "just now" or "5m ago". */
function age(date: Date, now: Date): string {
  const a = formatRelativeAge(date, now);
  return a === "just now" ? a : `${a} ago`;
}

export const metadata: Metadata = { title: "review queue", robots: { index: false } };

/** /mod/queue: flagged comments and articles, oldest first flag first, with the actions. 404 unless staff. */
export default async function ReviewQueuePage() {
  const staff = await requireStaffPage("moderator");
  const { items, openFlags } = await listReviewQueue();
  const now = new Date();
  return (
    <div>
      <SectionHeading>{`review queue · ${openFlags} open ${openFlags === 1 ? "flag" : "flags"}`}</SectionHeading>
      <p className="mt-1 font-mono text-xs text-neutral-600 dark:text-neutral-400">
        Every action here is public on the <Link href="/moderation" className="underline">moderation log</Link> with its reason (flaggers and notes are not).
      </p>
      {items.length === 0 ? (
        <p className="mt-4 text-sm" data-queue-empty>Nothing is waiting for review.</p>
      ) : (
        <ol className="mt-4 space-y-4" data-queue>
          {items.map((item) => (
            <li key={item.key} className="rounded border border-neutral-200 p-3 dark:border-neutral-800" data-queue-item={`${item.target}-${item.id}`}>
              <p className="font-mono text-xs text-neutral-600 dark:text-neutral-400">
                {item.target} · first flagged <time dateTime={item.firstFlaggedAt.toISOString()}>{age(item.firstFlaggedAt, now)}</time> ·{" "}
                <span data-flag-total>{item.total} {item.total === 1 ? "flag" : "flags"}</span>:{" "}
                <span data-flag-counts>{item.counts.map((c) => `${flagReasonLabel(c.reason)} ${c.count}`).join(", ")}</span>
              </p>
              <p className="mt-1 text-sm">
                <Link href={item.path} className="font-bold underline">{item.target === "article" ? item.title : `on ${item.context}`}</Link>
                {item.target === "article" && <span className="text-neutral-600 dark:text-neutral-400"> · {item.context}</span>}
              </p>
              {item.bodyHtml !== null && (
                // Sanitized when written (lib/markdown).
                <div className="comment-body mt-1 border-l-2 border-neutral-300 pl-2 text-sm dark:border-neutral-700" data-queue-body dangerouslySetInnerHTML={{ __html: item.bodyHtml }} />
              )}
              {item.author && (
                <p className="mt-1 font-mono text-xs" data-queue-author>
                  by <Link href={`/u/${item.author.handle}`} className="underline">{item.author.handle}</Link>
                  {" · account age "}{formatRelativeAge(item.author.createdAt, now).replace("just now", "<1m")}
                  {item.author.isAgent && <> · <Link href={`/admin/agents#agent-${item.author.handle}`} className="underline" data-queue-agent>agent</Link>{item.author.ownerHandle && <> owned by <Link href={`/u/${item.author.ownerHandle}`} className="underline">{item.author.ownerHandle}</Link></>}</>}
                  {item.author.isSuspended && <> · suspended</>}
                </p>
              )}
              {item.notes.length > 0 && (
                <ul className="mt-1 list-inside list-disc text-xs text-neutral-700 dark:text-neutral-300" data-queue-notes>
                  {item.notes.map((n, i) => <li key={i}>{n}</li>)}
                </ul>
              )}
              <div className="mt-2">
                <StaffItemActions target={item.target} id={item.id} returnTo="/mod/queue" hasFlags canSuspendAuthor={!!item.author && item.author.id !== staff.id} />
                <ItemNotice scope={`mod:${item.target === "article" ? "a" : "c"}${item.id}`} />
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
