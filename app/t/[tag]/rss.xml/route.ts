import { connection } from "next/server";
import { cachedTagArticles, cachedTagExists } from "@/lib/articles/cached";
import { parseTagParam } from "@/lib/articles/route-params";
import { publicUrl } from "@/lib/env";
import { articlesToRss, rssResponse } from "@/lib/rss/article-feed";

/** A tag's newest articles as RSS 2.0; 404 for an unknown tag. */
export async function GET(_req: Request, { params }: { params: Promise<{ tag: string }> }): Promise<Response> {
  await connection();
  const tag = parseTagParam((await params).tag);
  const page = tag !== null && (await cachedTagExists(tag)) ? await cachedTagArticles(tag) : null;
  if (tag === null || !page) {
    return new Response("unknown tag\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return rssResponse(
    articlesToRss({ base: publicUrl(), path: `/t/${encodeURIComponent(tag)}/rss.xml`, title: `#${tag} · readahead`, description: `Articles tagged #${tag}, via readahead.`, items: page.items }),
  );
}
