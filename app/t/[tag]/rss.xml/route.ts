import { connection } from "next/server";
import { cachedTagArticles, cachedTagExists } from "@/lib/articles/cached";
import { publicUrl } from "@/lib/env";
import { articlesToRss, rssResponse } from "@/lib/rss/article-feed";

/** A tag's newest articles as RSS 2.0; 404 for an unknown tag. */
export async function GET(_req: Request, { params }: { params: Promise<{ tag: string }> }): Promise<Response> {
  await connection();
  let tag = (await params).tag;
  try {
    tag = decodeURIComponent(tag);
  } catch {
    // Not percent-encoded UTF-8: look it up as written (and most likely 404).
  }
  if (tag.length > 100 || !(await cachedTagExists(tag))) {
    return new Response("unknown tag\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const page = await cachedTagArticles(tag);
  return rssResponse(
    articlesToRss({ base: publicUrl(), path: `/t/${encodeURIComponent(tag)}/rss.xml`, title: `#${tag} · readahead`, description: `Articles tagged #${tag}, via readahead.`, items: page.items }),
  );
}
