import type { Metadata } from "next";
import Link from "next/link";
import { SectionHeading } from "@/components/ui/section-heading";
import { ItemNotice } from "@/components/moderation/item-notice";
import { Sparkline } from "@/components/admin/sparkline";
import { addSourceAction, approveSuggestionAction, bulkSourcesAction, rejectSuggestionAction } from "@/lib/admin/actions";
import { listPendingSuggestions } from "@/lib/sources/suggestions";
import { SOURCE_TABS, type SourceTab } from "@/lib/admin/source-health";
import { SPARK_DAYS, listSourceHealth } from "@/lib/admin/sources";
import { formatRelativeAge } from "@/lib/format/relative-age";
import { requireStaffPage } from "@/lib/moderation/staff";

export const metadata: Metadata = { title: "sources console", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const MARK: Record<string, { sign: string; label: string; className: string }> = {
  failing: { sign: "✕", label: "failing", className: "text-red-700 dark:text-red-400" },
  gone: { sign: "⊘", label: "gone", className: "text-red-700 dark:text-red-400" },
  paused: { sign: "‖", label: "paused", className: "text-amber-700 dark:text-amber-300" },
  idle: { sign: "○", label: "idle", className: "text-neutral-500" },
  ok: { sign: "●", label: "ok", className: "text-emerald-700 dark:text-emerald-400" },
};

function when(d: Date | null, now: Date): string {
  if (!d) return "never";
  const a = formatRelativeAge(d, now);
  return a === "just now" ? a : `${a} ago`;
}

function until(d: Date, now: Date): string {
  if (d.getTime() <= now.getTime()) return "due";
  return `in ${formatRelativeAge(now, d)}`;
}

const BUTTON = "rounded border border-neutral-400 px-2 py-0.5 font-mono text-xs hover:bg-neutral-100 dark:border-neutral-600 dark:hover:bg-neutral-800";

/**
 * /admin/sources: every source's health, failing first, 100 a page; tabs all / failing / idle /
 * paused / gone; bulk actions on checked rows; add by site or feed URL. Admins only (404).
 */
export default async function AdminSourcesPage({ searchParams }: Props) {
  await requireStaffPage("admin");
  const q = await searchParams;
  const tab: SourceTab = SOURCE_TABS.includes(q.tab as SourceTab) ? (q.tab as SourceTab) : "all";
  const now = new Date();
  const wanted = typeof q.page === "string" && /^\d{1,6}$/.test(q.page) ? Number(q.page) : 1;
  const [{ rows: shown, counts, page, pages }, suggestions] = await Promise.all([listSourceHealth(now, { tab, page: wanted }), listPendingSuggestions()]);
  const returnTo = tab === "all" ? "/admin/sources" : `/admin/sources?tab=${tab}`;
  const pageHref = (n: number) => `/admin/sources?${tab === "all" ? "" : `tab=${tab}&`}page=${n}`;
  return (
    <div>
      <SectionHeading>sources console</SectionHeading>
      <form action={addSourceAction} className="mt-3 flex flex-wrap items-center gap-2 font-mono text-xs" data-add-source-form>
        <label htmlFor="add-source-url">add a site or feed URL</label>
        <input id="add-source-url" name="url" type="url" required maxLength={2048} placeholder="https://example.org/" className="min-w-64 flex-1 rounded border border-neutral-300 bg-transparent p-1 dark:border-neutral-700" />
        <button type="submit" className={BUTTON} data-add-source-submit>add source</button>
      </form>
      <p className="mt-1 font-mono text-xs"><Link href="/admin/sources/opml" className="underline" data-opml-link>OPML import and export</Link></p>
      <ItemNotice scope="admin:sources" />
      {suggestions.length > 0 && (
        <section aria-labelledby="suggestions-heading" className="mt-4" data-suggestions>
          <h2 id="suggestions-heading" className="font-mono text-sm font-bold">{`// suggested by members · ${suggestions.length}`}</h2>
          <ul className="mt-2 space-y-2 font-mono text-xs">
            {suggestions.map((g) => (
              <li key={g.id} className="flex flex-wrap items-center gap-2" data-suggestion={g.id}>
                <span><span className="font-bold">{g.title}</span> <span className="text-neutral-500">{g.feedUrl}</span> · by {g.user.handle} · {when(g.createdAt, now)}</span>
                <form action={approveSuggestionAction}>
                  <input type="hidden" name="id" value={g.id} />
                  <button type="submit" className={BUTTON} data-approve-suggestion={g.id}>approve</button>
                </form>
                <form action={rejectSuggestionAction} className="flex items-center gap-1">
                  <input type="hidden" name="id" value={g.id} />
                  <label htmlFor={`reject-${g.id}`} className="sr-only">reason for turning it down</label>
                  <input id={`reject-${g.id}`} name="reason" placeholder="reason (public)" maxLength={500} className="rounded border border-neutral-300 bg-transparent p-1 dark:border-neutral-700" />
                  <button type="submit" className={BUTTON} data-reject-suggestion={g.id}>turn down</button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      )}
      <nav aria-label="filter sources" className="mt-4 flex flex-wrap gap-3 font-mono text-xs" data-source-tabs>
        {SOURCE_TABS.map((t) => (
          <Link key={t} href={t === "all" ? "/admin/sources" : `/admin/sources?tab=${t}`} className={t === tab ? "font-bold" : "underline"} aria-current={t === tab ? "page" : undefined} data-tab={t}>
            {t} <span data-tab-count={t}>{counts[t]}</span>
          </Link>
        ))}
      </nav>
      <form action={bulkSourcesAction} className="mt-3" data-bulk-form>
        <input type="hidden" name="returnTo" value={returnTo} />
        <div className="flex flex-wrap items-center gap-2 font-mono text-xs">
          <span>checked rows:</span>
          <button type="submit" name="op" value="poll" className={BUTTON} data-op="poll">poll now</button>
          <button type="submit" name="op" value="pause" className={BUTTON} data-op="pause">pause</button>
          <button type="submit" name="op" value="resume" className={BUTTON} data-op="resume">resume</button>
          <button type="submit" name="op" value="reset" className={BUTTON} data-op="reset">reset errors</button>
          <label className="ml-2 inline-flex items-center gap-1"><input type="checkbox" name="confirm" value="yes" data-confirm-remove /> yes, remove</label>
          <button type="submit" name="op" value="remove" className={`${BUTTON} text-red-700 dark:text-red-400`} data-op="remove">remove</button>
        </div>
        {shown.length === 0 ? (
          <p className="mt-4 text-sm" data-sources-empty>No sources {tab === "all" ? "yet" : `under “${tab}”`}.</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-xs [&_td]:p-1 [&_th]:p-1" data-source-table>
              <thead className="font-mono text-neutral-600 dark:text-neutral-400">
                <tr>
                  <th scope="col"><span className="sr-only">select</span></th>
                  <th scope="col">status</th>
                  <th scope="col">source</th>
                  <th scope="col">articles</th>
                  <th scope="col">last fetch</th>
                  <th scope="col">last new</th>
                  <th scope="col">next check</th>
                  <th scope="col">errors</th>
                  <th scope="col">{SPARK_DAYS} days</th>
                </tr>
              </thead>
              <tbody className="[&>tr]:border-t [&>tr]:border-neutral-200 [&>tr]:align-top dark:[&>tr]:border-neutral-800">
                {shown.map((s) => {
                  const key = s.tabs.includes("gone") ? "gone" : s.tabs.includes("paused") ? "paused" : s.tabs.includes("failing") ? "failing" : s.tabs.includes("idle") ? "idle" : "ok";
                  const mark = MARK[key]!;
                  return (
                    <tr key={s.id} data-source-row={s.id} data-source-state={key}>
                      <td><input type="checkbox" name="ids" value={s.id} aria-label={`select ${s.title}`} data-select-source={s.id} /></td>
                      <td className={`font-mono ${mark.className}`}><span aria-hidden>{mark.sign}</span> {mark.label}</td>
                      <td>
                        <Link href={`/admin/sources/${s.id}`} className="font-bold underline" data-source-title data-source-link={s.id}>{s.title}</Link>
                        <br />
                        <span className="text-neutral-500">{s.host}</span>
                      </td>
                      <td className="font-mono" data-source-articles>{s.articleCount}</td>
                      <td>{when(s.lastFetchedAt, now)}{s.lastOutcome && <><br /><span className="text-neutral-500" data-source-outcome>{s.lastOutcome}{s.lastHttpStatus ? ` ${s.lastHttpStatus}` : ""}</span></>}</td>
                      <td>{when(s.lastNewAt, now)}</td>
                      <td>{s.status === "active" ? until(s.nextCheckAt, now) : "—"}</td>
                      <td data-source-errors>
                        {s.errorCount}
                        {s.lastError && <><br /><span className="text-red-700 dark:text-red-400" data-source-last-error>{s.lastError.slice(0, 200)}</span></>}
                      </td>
                      <td><Sparkline values={s.perDay} label={`${s.title}: articles per day over ${SPARK_DAYS} days`} /></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </form>
      {pages > 1 && (
        <nav aria-label="pages of sources" className="mt-3 flex gap-3 font-mono text-xs" data-source-pages>
          {page > 1 && <Link href={pageHref(page - 1)} className="underline" rel="prev">← previous</Link>}
          <span>page {page} of {pages}</span>
          {page < pages && <Link href={pageHref(page + 1)} className="underline" rel="next" data-next-page>next →</Link>}
        </nav>
      )}
    </div>
  );
}
