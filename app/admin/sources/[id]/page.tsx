import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BarChart } from "@/components/admin/bar-chart";
import { ItemNotice } from "@/components/moderation/item-notice";
import { DataRow, DataTable } from "@/components/ui/data-table";
import { SectionHeading } from "@/components/ui/section-heading";
import { editSourceAction, pollSourceNowAction } from "@/lib/admin/source-page-actions";
import { MAX_INTERVAL_S, MIN_INTERVAL_S, SOURCE_PAGE_DAYS, SOURCE_PAGE_HOURS, getSourcePage, sourceNoticeScope } from "@/lib/admin/source-page";
import { formatRelativeAge } from "@/lib/format/relative-age";
import { requireStaffPage } from "@/lib/moderation/staff";

export const metadata: Metadata = { title: "source", robots: { index: false } };

type Props = { params: Promise<{ id: string }> };

const BUTTON = "rounded border border-neutral-400 px-2 py-0.5 font-mono text-xs hover:bg-neutral-100 dark:border-neutral-600 dark:hover:bg-neutral-800";
const INPUT = "rounded border border-neutral-300 bg-transparent p-1 dark:border-neutral-700";

function when(d: Date | null, now: Date): string {
  if (!d) return "never";
  const a = formatRelativeAge(d, now);
  return a === "just now" ? a : `${a} ago`;
}

const stamp = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");

/**
 * /admin/sources/<id>: one source's health (full last error, validators, its last 50
 * fetches, articles per day and fetch outcomes per hour), the edit form and poll now.
 * Admins only (404 for anyone else, and for an id that is not a source).
 */
export default async function AdminSourcePage({ params }: Props) {
  await requireStaffPage("admin");
  const { id: raw } = await params;
  if (!/^\d{1,9}$/.test(raw)) notFound();
  const now = new Date();
  const data = await getSourcePage(Number(raw), now);
  if (!data) notFound();
  const { source: s, log, days, hours } = data;
  const scope = sourceNoticeScope(s.id);
  return (
    <div className="space-y-5" data-source-page={s.id}>
      <div>
        <p className="font-mono text-xs"><Link href="/admin/sources" className="underline">← sources console</Link></p>
        <SectionHeading>{s.title}</SectionHeading>
        <p className="mt-1 break-all font-mono text-xs text-neutral-600 dark:text-neutral-400">
          feed {s.feedUrl} · <Link href={`/s/${s.slug}`} className="underline">public page</Link>
        </p>
        <ItemNotice scope={scope} />
      </div>

      <section aria-labelledby="health-heading">
        <h2 id="health-heading" className="font-mono text-sm font-bold">{"// health"}</h2>
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs" data-source-health>
          <dt className="font-mono text-neutral-500">status</dt>
          <dd data-source-status>{s.status === "disabled" ? "paused" : s.status}</dd>
          <dt className="font-mono text-neutral-500">articles</dt>
          <dd>{s.articleCount}</dd>
          <dt className="font-mono text-neutral-500">last fetch</dt>
          <dd>{when(s.lastFetchedAt, now)}{s.lastHttpStatus !== null && <> · HTTP <span data-source-http-status>{s.lastHttpStatus}</span></>}</dd>
          <dt className="font-mono text-neutral-500">last success</dt>
          <dd>{when(s.lastSuccessAt, now)}</dd>
          <dt className="font-mono text-neutral-500">next check</dt>
          <dd>{s.status === "active" ? stamp(s.nextCheckAt) + " UTC" : "—"}</dd>
          <dt className="font-mono text-neutral-500">errors in a row</dt>
          <dd>{s.errorCount}</dd>
          <dt className="font-mono text-neutral-500">last error</dt>
          <dd className="whitespace-pre-wrap break-all text-red-700 dark:text-red-400" data-source-full-error>{s.lastError ?? "none"}</dd>
          <dt className="font-mono text-neutral-500">ETag</dt>
          <dd className="break-all font-mono" data-source-etag>{s.etag ?? "none"}</dd>
          <dt className="font-mono text-neutral-500">Last-Modified</dt>
          <dd className="font-mono" data-source-last-modified>{s.lastModified ?? "none"}</dd>
          <dt className="font-mono text-neutral-500">server minimum</dt>
          <dd>{s.minIntervalSec ? `${Math.round(s.minIntervalSec / 60)} min` : "none"}</dd>
        </dl>
        <form action={pollSourceNowAction} className="mt-3" data-poll-now-form>
          <input type="hidden" name="id" value={s.id} />
          <button type="submit" className={BUTTON} data-poll-now>poll now (ignores the HTTP cache; once a minute)</button>
        </form>
      </section>

      <section aria-labelledby="charts-heading" className="flex flex-wrap gap-6">
        <h2 id="charts-heading" className="sr-only">charts</h2>
        <div>
          <h3 className="font-mono text-xs">articles per day, {SOURCE_PAGE_DAYS} days</h3>
          <BarChart id="source-days" title={`${s.title}: new articles per day over ${SOURCE_PAGE_DAYS} days`} labels={days.labels} series={[{ name: "articles", values: days.articles, tone: "ok" }]} width={270} height={60} />
        </div>
        <div>
          <h3 className="font-mono text-xs">fetches per hour, {SOURCE_PAGE_HOURS} hours (red: failed)</h3>
          <BarChart
            id="source-hours"
            title={`${s.title}: fetch outcomes per hour over ${SOURCE_PAGE_HOURS} hours (UTC)`}
            labels={hours.labels.map((h) => `${h}:00`)}
            series={[{ name: "succeeded", values: hours.ok, tone: "ok" }, { name: "failed", values: hours.failed, tone: "bad" }]}
            width={270}
            height={60}
          />
        </div>
      </section>

      <section aria-labelledby="edit-heading">
        <h2 id="edit-heading" className="font-mono text-sm font-bold">{"// edit"}</h2>
        <form action={editSourceAction} className="mt-2 grid max-w-xl grid-cols-[max-content_1fr] items-center gap-2 text-xs" data-edit-source-form>
          <input type="hidden" name="id" value={s.id} />
          <label htmlFor="source-title">title</label>
          <input id="source-title" name="title" defaultValue={s.title} required maxLength={300} className={INPUT} />
          <label htmlFor="source-site">site URL</label>
          <input id="source-site" name="siteUrl" type="url" defaultValue={s.siteUrl ?? ""} maxLength={2048} className={INPUT} />
          <label htmlFor="source-interval">refresh every (minutes)</label>
          <span>
            <input id="source-interval" name="intervalMinutes" inputMode="numeric" defaultValue={s.refreshIntervalSec ? String(Math.round(s.refreshIntervalSec / 60)) : ""} maxLength={10} placeholder="automatic" className={`${INPUT} w-28`} aria-describedby="source-interval-help" />
            <span id="source-interval-help" className="ml-2 text-neutral-500">empty: follow the feed; kept within {MIN_INTERVAL_S / 60}–{MAX_INTERVAL_S / 60} min</span>
          </span>
          <label htmlFor="source-paused">paused</label>
          <span><input id="source-paused" name="paused" type="checkbox" defaultChecked={s.status === "disabled"} disabled={s.status === "gone"} /></span>
          <span />
          <span><button type="submit" className={BUTTON} data-edit-source-submit>save</button></span>
        </form>
      </section>

      <section aria-labelledby="log-heading">
        <h2 id="log-heading" className="font-mono text-sm font-bold">{`// last ${log.length} fetches`}</h2>
        {log.length === 0 ? (
          <p className="mt-2 text-xs">Never fetched yet.</p>
        ) : (
          <DataTable className="mt-2" headCell="p-1" heads={["time (UTC)", "outcome", "ms", "bytes", "new", "error"]} data-fetch-log>
            {log.map((f) => (
              <DataRow key={f.id} data-fetch-row={f.outcome}>
                <td className="whitespace-nowrap p-1 font-mono">{stamp(f.startedAt)}</td>
                <td className="p-1 font-mono">{f.outcome}{f.httpStatus !== null ? ` ${f.httpStatus}` : ""}</td>
                <td className="p-1 font-mono">{f.durationMs}</td>
                <td className="p-1 font-mono">{f.bytes ?? "—"}</td>
                <td className="p-1 font-mono">{f.newItems}</td>
                <td className="break-all p-1 text-red-700 dark:text-red-400">{f.error ?? ""}</td>
              </DataRow>
            ))}
          </DataTable>
        )}
      </section>
    </div>
  );
}
