import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { readAfter } from "@/components/articles/list-view";
import { Pager } from "@/components/articles/pager";
import { SearchResults } from "@/components/articles/search-results";
import { Notice } from "@/components/ui/notice";
import { SectionHeading } from "@/components/ui/section-heading";
import { describeWait } from "@/lib/rate-limit/buckets";
import { searchLimitedFor } from "@/lib/search/limit";
import { MAX_QUERY_CHARS, searchArticles } from "@/lib/search/queries";

export const metadata: Metadata = { title: "search" };

type SP = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Full-text search with websearch syntax and highlighted matches; a plain GET form
 * that works without JavaScript. Searches run per request, never from Next's data
 * cache (each distinct query would be an entry on disk); proxy.ts has already
 * charged this one to the reader's address, and says here when it refused it.
 * Pages by keyset cursor (`after`, as every list); a link from before that, with
 * `page=N`, goes to the query's first page, and an unreadable cursor is a 404.
 */
export default async function SearchPage({ searchParams }: { searchParams: Promise<SP> }) {
  const limitedForSec = searchLimitedFor(await headers());
  const sp = await searchParams;
  const q = (first(sp.q) ?? "").trim();
  const after = readAfter(sp);
  const tooLong = q.length > MAX_QUERY_CHARS;
  const oldPage = first(sp.page);
  if (oldPage !== undefined && oldPage !== "1") redirect(q && !tooLong ? `/search?${new URLSearchParams({ q })}` : "/search");
  const result = q && !tooLong && limitedForSec === null ? await searchArticles(q, after) : null;
  if (result?.cursorRejected) notFound();
  return (
    <>
      <SectionHeading>search</SectionHeading>
      <form action="/search" method="get" role="search" className="mt-3 flex gap-2">
        <label htmlFor="search-q" className="sr-only">Search articles</label>
        <input id="search-q" name="q" type="search" defaultValue={q.slice(0, MAX_QUERY_CHARS * 2)} maxLength={MAX_QUERY_CHARS * 2}
          placeholder='e.g. "machine learning" -crypto'
          className="min-w-0 flex-1 rounded border border-neutral-400 bg-white px-2 py-1 font-mono text-sm dark:border-neutral-600 dark:bg-neutral-900" />
        <button type="submit" className="rounded border border-neutral-400 px-3 py-1 font-mono text-sm hover:bg-neutral-100 dark:border-neutral-600 dark:hover:bg-neutral-800">search</button>
      </form>
      <p className="mt-1 font-mono text-xs text-neutral-600 dark:text-neutral-400">&quot;exact phrase&quot;, -exclude, a OR b</p>
      {tooLong && <Notice title="query too long" tone="warn">Searches are limited to {MAX_QUERY_CHARS} characters; yours has {q.length}.</Notice>}
      {limitedForSec !== null && (
        <Notice title="too many searches" tone="warn">
          This address has searched a lot in the last minute. Try again in {describeWait(limitedForSec)}.
        </Notice>
      )}
      {result?.unanswered === "needs-a-word" && (
        <Notice title="add a word to search for" tone="warn">
          A search needs at least one word to find; -word only leaves words out. Try e.g. <code>rust -crypto</code>.
        </Notice>
      )}
      {result?.unanswered === "took-too-long" && (
        <Notice title="the search took too long" tone="warn">
          It was stopped before it finished. Try more specific words, or fewer alternatives joined by OR.
        </Notice>
      )}
      {result && !result.unanswered && result.hits.length === 0 && (
        <Notice title={`no results for "${q}"`}>
          {after ? "There are no more results." : "Try fewer or different words; very common words are ignored."}
        </Notice>
      )}
      {result && result.hits.length > 0 && (
        <>
          <SearchResults hits={result.hits} />
          {/* No prefetch: a prefetched page is a search the reader may never look at, charged to their limit. */}
          <Pager basePath="/search" params={{ q }} nextCursor={result.nextCursor} prefetch={false} />
        </>
      )}
    </>
  );
}
