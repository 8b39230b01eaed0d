import { ArticleList } from "@/components/articles/article-list";
import { getIngestStatus, listNewestArticles } from "@/lib/articles/queries";

export const dynamic = "force-dynamic";

export default async function FrontPage() {
  const articles = await listNewestArticles(30);
  if (articles.length === 0) {
    const status = await getIngestStatus();
    return (
      <section aria-labelledby="empty-heading" className="py-10 font-mono text-sm">
        <h1 id="empty-heading" className="text-lg font-bold">// no articles yet</h1>
        <p className="mt-3 text-neutral-700 dark:text-neutral-300">
          {status.sources === 0
            ? "There are no sources yet. An operator can add one with `npm run readahead -- sources add URL`."
            : status.fetched === 0 && status.failing > 0
              ? `None of the ${status.sources} sources could be fetched yet (${status.failing} failing: is this machine offline?). The worker keeps retrying with backoff.`
              : `The worker is fetching ${status.sources} sources; articles appear here as they arrive.`}
        </p>
      </section>
    );
  }
  return (
    <>
      <h1 className="sr-only">Front page</h1>
      <ArticleList articles={articles} />
    </>
  );
}
