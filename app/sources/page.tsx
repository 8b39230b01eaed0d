import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { SubscribeControl } from "@/components/sources/subscribe-control";
import { SuggestSource } from "@/components/sources/suggest-source";
import { Notice } from "@/components/ui/notice";
import { SectionHeading } from "@/components/ui/section-heading";
import { cachedSources } from "@/lib/articles/cached";
import { formatRelativeAge } from "@/lib/format/relative-age";
import { describeSourceHealth } from "@/lib/sources/queries";

export const metadata: Metadata = { title: "sources" };

/** Every source with its article count, last fetch and health. */
export default async function SourcesPage() {
  await connection();
  const sources = await cachedSources();
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
                  <SubscribeControl sourceId={s.id} returnTo="/sources" />
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
    </>
  );
}
