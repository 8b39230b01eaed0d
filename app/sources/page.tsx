import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { SubscribeControl } from "@/components/sources/subscribe-control";
import { SuggestSource } from "@/components/sources/suggest-source";
import { Notice } from "@/components/ui/notice";
import { SectionHeading } from "@/components/ui/section-heading";
import { cachedSources } from "@/lib/articles/cached";
import { formatRelativeAge } from "@/lib/format/relative-age";
import { describeSourceHealth } from "@/lib/sources/queries";

export const metadata: Metadata = { title: "sources" };

/**
 * Sources a page: with 2,000 sources one page was 4.6 MB, and a member's page asks
 * for each row whether they subscribe.
 */
const SOURCES_PER_PAGE = 100;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Every source with its article count, last fetch and health, alphabetically, 100 a page (?page=N). */
export default async function SourcesPage({ searchParams }: Props) {
  await connection();
  const raw = (await searchParams).page;
  const wanted = raw === undefined ? 1 : typeof raw === "string" && /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : null;
  const all = await cachedSources();
  const pages = Math.max(1, Math.ceil(all.length / SOURCES_PER_PAGE));
  if (wanted === null || wanted > pages) notFound();
  const sources = all.slice((wanted - 1) * SOURCES_PER_PAGE, wanted * SOURCES_PER_PAGE);
  const returnTo = wanted === 1 ? "/sources" : `/sources?page=${wanted}`;
  const now = new Date();
  return (
    <>
      <SectionHeading>sources</SectionHeading>
      <SuggestSource />
      {sources.length === 0 ? (
        <Notice title="no sources yet">An operator can add one with `npm run readahead -- sources add URL`.</Notice>
      ) : (
        <ul className="mt-4 divide-y divide-neutral-200 dark:divide-neutral-800" data-source-list>
          {sources.map((s) => {
            const health = describeSourceHealth(s);
            return (
              <li key={s.id} className="py-3" data-source-slug={s.slug}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <Link href={`/s/${s.slug}`} className="font-semibold hover:underline">{s.title}</Link>
                  <SubscribeControl sourceId={s.id} returnTo={returnTo} />
                </div>
                <p className="mt-1 font-mono text-xs text-neutral-600 dark:text-neutral-400">
                  {s.articleCount} {s.articleCount === 1 ? "article" : "articles"}
                  <span aria-hidden> · </span>
                  {s.lastFetchedAt ? `fetched ${formatRelativeAge(s.lastFetchedAt, now)} ago` : "never fetched"}
                  {health.tone !== "ok" && (
                    <>
                      <span aria-hidden> · </span>
                      <span className={health.tone === "bad" ? "text-red-700 dark:text-red-300" : "text-amber-800 dark:text-amber-300"}>{health.text}</span>
                    </>
                  )}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      {pages > 1 && (
        <nav aria-label="pages of sources" className="mt-4 flex gap-3 font-mono text-xs" data-sources-pages>
          {wanted > 1 && <Link href={wanted === 2 ? "/sources" : `/sources?page=${wanted - 1}`} className="underline" rel="prev">← previous</Link>}
          <span>page {wanted} of {pages} · {all.length} sources</span>
          {wanted < pages && <Link href={`/sources?page=${wanted + 1}`} className="underline" rel="next" data-next-page>next →</Link>}
        </nav>
      )}
    </>
  );
}
