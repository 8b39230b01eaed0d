import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ListView, readAfter } from "@/components/articles/list-view";
import { MuteControl } from "@/components/mutes/mute-control";
import { Notice } from "@/components/ui/notice";
import { SectionHeading } from "@/components/ui/section-heading";
import { cachedTagArticles, cachedTagExists } from "@/lib/articles/cached";
import { parseTagParam } from "@/lib/articles/route-params";

type Props = { params: Promise<{ tag: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const tag = parseTagParam((await params).tag);
  if (tag === null) return { title: "unknown tag" };
  return { title: `#${tag}`, alternates: { types: { "application/rss+xml": `/t/${encodeURIComponent(tag)}/rss.xml` } } };
}

/** A tag's articles, most recently arrived first. */
export default async function TagPage({ params, searchParams }: Props) {
  await connection();
  const tag = parseTagParam((await params).tag);
  if (tag === null || !(await cachedTagExists(tag))) notFound();
  const page = await cachedTagArticles(tag, readAfter(await searchParams));
  if (!page) notFound();
  return (
    <>
      <SectionHeading>#{tag}</SectionHeading>
      <p className="mt-1 flex flex-wrap items-baseline gap-2 font-mono text-xs">
        <a href={`/t/${encodeURIComponent(tag)}/rss.xml`} className="underline">rss</a>
        <MuteControl target={{ kind: "tag", tag }} returnTo={`/t/${encodeURIComponent(tag)}`} />
      </p>
      <ListView page={page} basePath={`/t/${encodeURIComponent(tag)}`} empty={<Notice title="no articles with this tag">Articles tagged #{tag} were removed or merged.</Notice>} />
    </>
  );
}
