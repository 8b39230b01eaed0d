import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { DataRow, DataTable } from "@/components/ui/data-table";
import { SectionHeading } from "@/components/ui/section-heading";
import { LOG_PAGE_SIZE, MODERATION_ACTIONS, TARGET_TYPES, listModerationLog, type ModerationAction, type TargetType } from "@/lib/moderation/log";

export const metadata: Metadata = { title: "moderation log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function one(v: string | string[] | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function pick<T extends string>(list: readonly T[], v: string | undefined): T | undefined {
  return list.includes(v as T) ? (v as T) : undefined;
}

function href(q: { action?: string; target?: string; before?: string }): string {
  const p = new URLSearchParams();
  if (q.action) p.set("action", q.action);
  if (q.target) p.set("target", q.target);
  if (q.before) p.set("before", q.before);
  const s = p.toString();
  return `/moderation${s ? `?${s}` : ""}`;
}

const ACTION_WORDS: Record<string, string> = {
  remove: "removed",
  restore: "restored",
  suspend: "suspended",
  unsuspend: "lifted suspension of",
  dismiss: "dismissed flags on",
  add: "added",
  poll: "polled",
  pause: "paused",
  resume: "resumed",
  reset: "reset errors of",
  reject: "turned down",
};

/**
 * /moderation: the public, append-only log of every staff action, newest first,
 * LOG_PAGE_SIZE a page (`?before=ID`), filtered by `?action=` and `?target=`.
 * Flaggers and their notes are never shown.
 */
export default async function ModerationLogPage({ searchParams }: Props) {
  await connection();
  const q = await searchParams;
  const action = pick<ModerationAction>(MODERATION_ACTIONS, one(q.action));
  const target = pick<TargetType>(TARGET_TYPES, one(q.target));
  const rawBefore = one(q.before);
  const before = rawBefore && /^\d{1,18}$/.test(rawBefore) ? BigInt(rawBefore) : null;
  const { rows, nextBefore } = await listModerationLog({ action, targetType: target, before });
  return (
    <div>
      <SectionHeading>moderation log</SectionHeading>
      <p className="mt-1 text-sm text-neutral-600 dark:text-neutral-400">
        Every removal, restoration, suspension and dismissal by a moderator or admin, with its reason, {LOG_PAGE_SIZE} a page. Rows are never edited: a correction is a new row.
      </p>
      <nav aria-label="filter the log" className="mt-3 flex flex-wrap gap-x-4 gap-y-1 font-mono text-xs">
        <span>
          action:{" "}
          {[undefined, ...MODERATION_ACTIONS].map((a) => (
            <Link key={a ?? "all"} href={href({ action: a, target })} className={a === action ? "font-bold" : "underline"} aria-current={a === action ? "true" : undefined}>
              {a ?? "all"}
            </Link>
          )).flatMap((el, i) => (i === 0 ? [el] : [" ", el]))}
        </span>
        <span>
          target:{" "}
          {[undefined, ...TARGET_TYPES].map((t) => (
            <Link key={t ?? "all"} href={href({ action, target: t })} className={t === target ? "font-bold" : "underline"} aria-current={t === target ? "true" : undefined}>
              {t ?? "all"}
            </Link>
          )).flatMap((el, i) => (i === 0 ? [el] : [" ", el]))}
        </span>
      </nav>
      {rows.length === 0 ? (
        <p className="mt-4 text-sm" data-log-empty>No moderation actions{action || target ? " match this filter" : " yet"}.</p>
      ) : (
        <DataTable className="mt-4" text="sm" headCell="py-1 pr-3 last:pr-0" heads={["time (UTC)", "moderator", "action", "target", "reason"]} data-moderation-log>
          {rows.map((r) => (
            <DataRow key={r.id} data-log-row={r.id} data-log-action={r.action} data-log-target={r.targetType}>
              <td className="whitespace-nowrap py-1 pr-3 font-mono text-xs"><time dateTime={r.createdAt.toISOString()}>{r.createdAt.toISOString().slice(0, 16).replace("T", " ")}</time></td>
              <td className="py-1 pr-3">{r.moderatorHandle} <span className="text-xs text-neutral-500">({r.moderatorRole})</span></td>
              <td className="py-1 pr-3">{ACTION_WORDS[r.action] ?? r.action}</td>
              <td className="py-1 pr-3">{r.targetPath ? <Link href={r.targetPath} className="underline">{r.targetLabel}</Link> : r.targetLabel}</td>
              <td className="py-1" data-log-reason>{r.reason}</td>
            </DataRow>
          ))}
        </DataTable>
      )}
      {(nextBefore || before) && (
        <nav aria-label="more of the log" className="mt-3 flex gap-4 font-mono text-xs">
          {before && <Link href={href({ action, target })} className="underline">← newest</Link>}
          {nextBefore && <Link href={href({ action, target, before: nextBefore })} className="underline" data-log-older>older →</Link>}
        </nav>
      )}
    </div>
  );
}
