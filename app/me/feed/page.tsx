import type { Metadata } from "next";
import Link from "next/link";
import { ArticleList } from "@/components/articles/article-list";
import { SubscribeControl } from "@/components/sources/subscribe-control";
import { requireUser } from "@/lib/auth/current-user";
import { listFeedArticles, listSubscribedSources } from "@/lib/subscriptions/queries";

export const metadata: Metadata = { title: "my feed", robots: { index: false } };

/** Articles from the member's subscribed sources, newest first. */
export default async function MyFeedPage() {
  const user = await requireUser("/me/feed");
  const [sources, articles] = await Promise.all([listSubscribedSources(user.id), listFeedArticles(user.id)]);
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
          {articles.length === 0 ? (
            <p className="mt-4 text-sm">Your sources have no articles yet; they appear here as they are fetched.</p>
          ) : (
            <ArticleList articles={articles} />
          )}
        </>
      )}
    </div>
  );
}
