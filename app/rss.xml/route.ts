import { connection } from "next/server";
import { cachedHotArticles } from "@/lib/articles/cached";
import { publicUrl } from "@/lib/env";
import { articlesToRss, rssResponse } from "@/lib/rss/article-feed";

/** The front page as RSS 2.0. */
export async function GET(): Promise<Response> {
  await connection();
  const page = await cachedHotArticles();
  return rssResponse(
    articlesToRss({ base: publicUrl(), path: "/rss.xml", title: "readahead", description: "The readahead front page: articles ranked by votes and freshness.", items: page.items }),
  );
}
