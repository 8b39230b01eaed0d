import { connection } from "next/server";
import { cachedSource, cachedSourceArticles } from "@/lib/articles/cached";
import { publicUrl } from "@/lib/env";
import { articlesToRss, rssResponse } from "@/lib/rss/article-feed";

/** A source's newest articles as RSS 2.0; 404 for an unknown source. */
export async function GET(_req: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  await connection();
  const { slug } = await params;
  const source = await cachedSource(slug);
  if (!source) return new Response("unknown source\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const page = await cachedSourceArticles(source.id);
  return rssResponse(
    articlesToRss({ base: publicUrl(), path: `/s/${source.slug}/rss.xml`, title: `${source.title} · readahead`, description: `Articles from ${source.title}, via readahead.`, items: page.items }),
  );
}
