/** Turns a list page into the site's RSS: one builder for the front page, source and tag feeds. */
import { articlePath } from "../articles/paths";
import type { ArticleListItem } from "../articles/types";
import { buildRss } from "./build";

/** RSS document for `items`; links point at our article pages, `base` is the public URL. */
export function articlesToRss(opts: { base: string; path: string; title: string; description: string; items: ArticleListItem[] }): string {
  const { base } = opts;
  return buildRss({
    title: opts.title,
    link: `${base}${opts.path.replace(/\/rss\.xml$/, "") || "/"}`,
    selfUrl: `${base}${opts.path}`,
    description: opts.description,
    lastBuildDate: opts.items[0]?.publishedAt,
    items: opts.items.map((a) => {
      const link = `${base}${articlePath(a)}`;
      return {
        title: a.title,
        link,
        guid: link,
        description: a.excerpt,
        pubDate: a.publishedAt,
        categories: a.tags,
        sourceName: a.source.title,
        sourceUrl: `${base}/s/${a.source.slug}/rss.xml`,
      };
    }),
  });
}

/** The HTTP response for a feed document (shared caches may keep it as long as our data cache does). */
export function rssResponse(xml: string): Response {
  return new Response(xml, {
    headers: {
      "Content-Type": "application/rss+xml; charset=utf-8",
      "Cache-Control": "public, max-age=60, stale-while-revalidate=300",
    },
  });
}
