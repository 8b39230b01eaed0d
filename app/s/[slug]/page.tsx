import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ListView, readAfter } from "@/components/articles/list-view";
import { SourceHeader } from "@/components/articles/source-header";
import { Notice } from "@/components/ui/notice";
import { cachedSource, cachedSourceArticles } from "@/lib/articles/cached";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const source = await cachedSource(slug);
  if (!source) return { title: "unknown source" };
  return {
    title: source.title,
    alternates: { canonical: `/s/${source.slug}`, types: { "application/rss+xml": `/s/${source.slug}/rss.xml` } },
  };
}

/** A source's page: its site, fetch health, subscribe control and its articles. */
export default async function SourcePage({ params, searchParams }: Props) {
  await connection();
  const { slug } = await params;
  const source = await cachedSource(slug);
  if (!source) notFound();
  const page = await cachedSourceArticles(source.id, readAfter(await searchParams));
  if (!page) notFound();
  return (
    <>
      <SourceHeader source={source} returnTo={`/s/${source.slug}`} />
      <ListView page={page} basePath={`/s/${source.slug}`}
        empty={<Notice title="no articles from this source yet">{source.lastSuccessAt ? "The feed was fetched but had no entries." : "It has not been fetched successfully yet; articles appear after the first fetch."}</Notice>} />
    </>
  );
}
