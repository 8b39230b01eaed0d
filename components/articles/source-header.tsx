import { MuteControl } from "@/components/mutes/mute-control";
import { SubscribeControl } from "@/components/sources/subscribe-control";
import { SectionHeading } from "@/components/ui/section-heading";
import { formatRelativeAge } from "@/lib/format/relative-age";
import { describeSourceHealth, type SourceSummary } from "@/lib/sources/queries";

const TONE = {
  ok: "text-emerald-800 dark:text-emerald-300",
  warn: "text-amber-800 dark:text-amber-300",
  bad: "text-red-700 dark:text-red-300",
} as const;

/** The top of a source's page: name, site link, last fetch and health, subscribe. */
export function SourceHeader({ source, returnTo, now = new Date() }: { source: SourceSummary; returnTo: string; now?: Date }) {
  const health = describeSourceHealth(source);
  return (
    <header className="border-b border-neutral-200 pb-4 dark:border-neutral-800">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <SectionHeading>{source.title}</SectionHeading>
        <div className="flex flex-wrap items-baseline gap-2">
          <SubscribeControl sourceId={source.id} returnTo={returnTo} />
          <MuteControl target={{ kind: "source", sourceId: source.id }} returnTo={returnTo} />
        </div>
      </div>
      {source.description && <p className="mt-2 text-sm text-neutral-700 dark:text-neutral-300">{source.description}</p>}
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 font-mono text-xs text-neutral-600 dark:text-neutral-400">
        {source.siteUrl && (
          <>
            <dt>site</dt>
            <dd className="min-w-0 break-all">
              <a href={source.siteUrl} rel="noopener" className="underline" data-site-link>{source.siteUrl}</a>
            </dd>
          </>
        )}
        <dt>last fetched</dt>
        <dd data-last-fetched>
          {source.lastFetchedAt ? (
            <time dateTime={source.lastFetchedAt.toISOString()}>{formatRelativeAge(source.lastFetchedAt, now)} ago</time>
          ) : (
            "never"
          )}
        </dd>
        <dt>status</dt>
        <dd className={TONE[health.tone]} data-health={health.tone}>{health.text}</dd>
        <dt>articles</dt>
        <dd>{source.articleCount}</dd>
        <dt>feed</dt>
        <dd><a href={`/s/${source.slug}/rss.xml`} className="underline">rss</a></dd>
      </dl>
    </header>
  );
}
