// The JSON shape `readahead parse` prints (and the conformance test reads): the fields of a
// ParsedFeed an operator cares about, in a fixed order.
import type { ParsedFeed } from "./types";

export interface ParseOutput {
  file: string;
  ok: boolean;
  error?: string;
  feed: Pick<ParsedFeed["feed"], "title" | "link" | "description" | "language" | "image_url" | "author"> | null;
  items: Array<Omit<ParsedFeed["items"][number], "image_urls">>;
}

/** Project a ParsedFeed onto the printed shape. */
export function toParseOutput(parsed: ParsedFeed): Pick<ParseOutput, "feed" | "items"> {
  const f = parsed.feed;
  return {
    feed: { title: f.title, link: f.link, description: f.description, language: f.language, image_url: f.image_url, author: f.author },
    items: parsed.items.map((i) => ({
      id: i.id, title: i.title, link: i.link, published: i.published, updated: i.updated, author: i.author,
      summary: i.summary, content: i.content, image_url: i.image_url, enclosures: i.enclosures, categories: i.categories,
    })),
  };
}
