import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ListView, readAfter } from "@/components/articles/list-view";
import { Notice } from "@/components/ui/notice";
import { cachedHotArticles, cachedIngestStatus } from "@/lib/articles/cached";

/** Front page: primaries ranked hot (lib/ranking/hot.ts). */
export default async function FrontPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const after = readAfter(await searchParams);
  const page = await cachedHotArticles(after);
  if (!page) notFound();
  return (
    <>
      <h1 className="sr-only">Front page: hot articles</h1>
      <ListView page={page} basePath="/" empty={<EmptyFront />} />
    </>
  );
}

async function EmptyFront() {
  const status = await cachedIngestStatus();
  return (
    <Notice title="// no articles yet">
      {status.sources === 0
        ? "There are no sources yet. An operator can add one with `npm run readahead -- sources add URL`."
        : status.fetched === 0 && status.failing > 0
          ? `None of the ${status.sources} sources could be fetched yet (${status.failing} failing: is this machine offline?). The worker keeps retrying with backoff.`
          : `The worker is fetching ${status.sources} sources; articles appear here as they arrive.`}
    </Notice>
  );
}
