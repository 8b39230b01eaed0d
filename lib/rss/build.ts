/**
 * Writes RSS 2.0 for the site's own feeds. Pure string building with strict
 * escaping: feed text is untrusted (titles carry "&", "<", stray control
 * characters), and one bad byte makes a whole feed unreadable to strict parsers.
 */

export interface RssItem {
  title: string;
  link: string;
  guid: string;
  description: string;
  pubDate: Date;
  author?: string | null;
  categories?: string[];
  sourceName?: string;
  sourceUrl?: string;
}

export interface RssChannel {
  title: string;
  link: string;
  /** The feed's own URL, for atom:link rel="self". */
  selfUrl: string;
  description: string;
  items: RssItem[];
  lastBuildDate?: Date;
}

// XML 1.0 allows tab, LF, CR and U+0020 upward, minus surrogates and U+FFFE/U+FFFF.
const INVALID_XML_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for an XML element or attribute and drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function element(name: string, text: string, attrs = ""): string {
  return `<${name}${attrs}>${escapeXml(text)}</${name}>`;
}

/** The whole RSS 2.0 document for a channel. */
export function buildRss(channel: RssChannel): string {
  const items = channel.items.map((it) => {
    const parts = [
      element("title", it.title),
      element("link", it.link),
      element("guid", it.guid, ` isPermaLink="${it.guid === it.link ? "true" : "false"}"`),
      element("description", it.description),
      element("pubDate", it.pubDate.toUTCString()),
      ...(it.author ? [element("dc:creator", it.author)] : []),
      ...(it.categories ?? []).map((c) => element("category", c)),
      ...(it.sourceName && it.sourceUrl ? [element("source", it.sourceName, ` url="${escapeXml(it.sourceUrl)}"`)] : []),
    ];
    return `<item>${parts.join("")}</item>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">`,
    `<channel>`,
    element("title", channel.title),
    element("link", channel.link),
    element("description", channel.description),
    `<atom:link href="${escapeXml(channel.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    element("lastBuildDate", (channel.lastBuildDate ?? new Date()).toUTCString()),
    element("generator", "readahead"),
    ...items,
    `</channel>`,
    `</rss>`,
    ``,
  ].join("\n");
}
