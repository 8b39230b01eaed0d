import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ListView, readAfter } from "@/components/articles/list-view";
import { SubscribeControl } from "@/components/sources/subscribe-control";
import { requireUser } from "@/lib/auth/current-user";
import { listFeedArticles, listSubscribedSources } from "@/lib/subscriptions/queries";

export const metadata: Metadata = { title: "my feed", robots: { index: false } };

/** Articles from the member's subscribed sources, newest first, a page at a time ("more →" carries the cursor). */
export default async function MyFeedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/me/feed");
  const after = readAfter(await searchParams);
  const [sources, page] = await Promise.all([listSubscribedSources(user.id), listFeedArticles(user.id, after)]);
  // A page link that cannot be read is a 404, as on the shared lists.
  if (page.cursorRejected) notFound();
  return (
    <div className="pt-6">
      <h1 className="font-mono text-lg font-bold">{"// my feed"}</h1>
      {sources.length === 0 ? (
        <p className="mt-4 text-sm" data-feed-empty>
          You don&apos;t follow any sources yet. <Link href="/sources" className="underline">Browse the sources</Link> and subscribe to the ones you like.
        </p>
      ) : (
        <>
          <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-2 font-mono text-xs" aria-label="Your sources" data-feed-sources>
            {sources.map((s) => (
              <li key={s.id} className="flex items-center gap-2" data-feed-source={s.slug}>
                <Link href={`/s/${s.slug}`} className="hover:underline">{s.title}</Link>
                <SubscribeControl sourceId={s.id} returnTo="/me/feed" />
              </li>
            ))}
          </ul>
          <ListView
            page={page}
            basePath="/me/feed"
            empty={<p className="mt-4 text-sm">{after ? "There are no more articles." : "Your sources have no articles yet; they appear here as they are fetched."}</p>}
          />
        </>
      )}
    </div>
  );
}
