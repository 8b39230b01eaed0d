import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ListView, readAfter } from "@/components/articles/list-view";
import { Notice } from "@/components/ui/notice";
import { SectionHeading } from "@/components/ui/section-heading";
import { cachedNewestArticles } from "@/lib/articles/cached";

export const metadata: Metadata = { title: "new" };

/** Newest primaries first. */
export default async function NewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const page = await cachedNewestArticles(readAfter(await searchParams));
  if (!page) notFound();
  return (
    <>
      <SectionHeading>new</SectionHeading>
      <ListView page={page} basePath="/new" empty={<Notice title="no articles yet">Sources are still being fetched; new articles appear here first.</Notice>} />
    </>
  );
}
