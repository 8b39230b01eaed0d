import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ListView, readAfter } from "@/components/articles/list-view";
import { Notice } from "@/components/ui/notice";
import { cachedHotArticles, cachedIngestStatus } from "@/lib/articles/cached";
import { hasMutes, listMemberFrontArticles } from "@/lib/articles/front";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getFrontMutes } from "@/lib/mutes/queries";

/**
 * Front page: primaries ranked hot (lib/ranking/hot.ts) with no source flooding it
 * (lib/articles/front.ts). Everyone shares one cached page; a member who muted sources
 * or tags gets their own, rendered for them.
 */
export default async function FrontPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const after = readAfter(await searchParams);
  const user = await getCurrentUser();
  const mutes = user ? await getFrontMutes(user.id) : null;
  const own = mutes !== null && hasMutes(mutes);
  // A member's cursor that cannot be read (one from before they muted, or mangled) shows their first page.
  const page = own ? await listMemberFrontArticles(mutes, after) : await cachedHotArticles(after);
  if (!page) notFound();
  return (
    <>
      <h1 className="sr-only">Front page: hot articles</h1>
      {own && (
        <p className="mb-2 font-mono text-xs text-neutral-600 dark:text-neutral-400" data-front-muted>
          your front page leaves out {describeMutes(mutes.sourceIds.length, mutes.tags.length)} ·{" "}
          <Link href="/me/settings#muted" className="underline">change</Link>
        </p>
      )}
      <ListView page={page} basePath="/" empty={<EmptyFront />} />
    </>
  );
}

function describeMutes(sources: number, tags: number): string {
  const parts = [];
  if (sources > 0) parts.push(`${sources} muted ${sources === 1 ? "source" : "sources"}`);
  if (tags > 0) parts.push(`${tags} muted ${tags === 1 ? "tag" : "tags"}`);
  return parts.join(" and ");
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
