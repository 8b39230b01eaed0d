// Plain mappings of candidate parsers' output onto the corpus's neutral shape, for
// tests/bench/parsers.ts. "Plain" = each library's own parse call and field names, no fixes
// of ours; the bytes are decoded to text by our charset module for every candidate, so the
// comparison is about parsing and mapping, not charset sniffing.
import RssParser from "rss-parser";
import { parseFeed as feedsmithParse } from "feedsmith";
import type { Neutral } from "../unit/feeds/corpus-check";

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- foreign, untyped output

const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);
const iso = (v: unknown): string | null => {
  const s = str(v);
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
};
const list = (...vals: unknown[]): string[] => vals.flat().map(str).filter((s): s is string => !!s);

const rssParser = new RssParser({ defaultRSS: 2.0 });

/** rss-parser 3.13 (xml2js/sax underneath), parseString. */
export async function rssParserAdapter(text: string): Promise<Neutral> {
  let f: Any;
  try {
    f = (await rssParser.parseString(text)) as Any;
  } catch (err) {
    return { error: String(err) };
  }
  return {
    feed: {
      title: str(f.title), link: str(f.link), description: str(f.description), language: str(f.language),
      image_urls: list(f.image?.url, f.itunes?.image), author: list(f.itunes?.author, f.managingEditor, f.creator),
      updated: iso(f.lastBuildDate), categories: list(f.categories),
    },
    items: (f.items ?? []).map((i: Any) => ({
      title: str(i.title), link: str(i.link), id: str(i.guid) ?? str(i.id),
      summary: str(i.summary) ?? str(i.description) ?? (i["content:encoded"] ? str(i.content) : null),
      content: str(i["content:encoded"]) ?? str(i.content),
      published: iso(i.isoDate ?? i.pubDate), updated: null,
      author: list(i.creator, i.author, i["dc:creator"], i.itunes?.author),
      enclosure_urls: list(i.enclosure?.url), image_urls: list(i.itunes?.image),
      categories: (i.categories ?? []).map((c: unknown) => (typeof c === "string" ? c : str((c as Any)?._) ?? "")),
    })),
  };
}

function fsText(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (v && typeof v === "object") return str((v as Any).value) ?? str((v as Any).encoded);
  return null;
}
const fsNames = (arr: unknown): string[] => (Array.isArray(arr) ? arr.map((a) => (typeof a === "string" ? a : str((a as Any)?.name) ?? "")) : []);
const fsLink = (links: unknown): string | null => {
  if (!Array.isArray(links)) return null;
  const alt = links.find((l: Any) => !l.rel || l.rel === "alternate") as Any | undefined;
  return str(alt?.href);
};

/** feedsmith 3.0.1 (fast-xml-parser underneath), parseFeed. */
export function feedsmithAdapter(text: string): Neutral {
  let r: Any;
  try {
    r = feedsmithParse(text) as Any;
  } catch (err) {
    return { error: String(err) };
  }
  const f = r.feed as Any;
  if (r.format === "atom") {
    return {
      feed: { title: fsText(f.title), link: fsLink(f.links), description: fsText(f.subtitle), language: null, image_urls: list(f.logo, f.icon), author: fsNames(f.authors), updated: iso(f.updated), categories: (f.categories ?? []).map((c: Any) => str(c.term) ?? "") },
      items: (f.entries ?? []).map((e: Any) => ({
        title: fsText(e.title), link: fsLink(e.links), id: str(e.id), summary: fsText(e.summary), content: fsText(e.content),
        published: iso(e.published ?? e.updated), updated: iso(e.updated), author: fsNames(e.authors),
        enclosure_urls: (e.links ?? []).filter((l: Any) => l.rel === "enclosure").map((l: Any) => l.href),
        image_urls: list(e.media?.thumbnails?.[0]?.url), categories: (e.categories ?? []).map((c: Any) => str(c.term) ?? ""),
      })),
    };
  }
  if (r.format === "json") {
    return {
      feed: { title: str(f.title), link: str(f.home_page_url), description: str(f.description), language: str(f.language), image_urls: list(f.icon, f.favicon), author: fsNames(f.authors ?? (f.author ? [f.author] : [])) },
      items: (f.items ?? []).map((i: Any) => ({
        title: str(i.title), link: str(i.url), id: str(i.id), summary: str(i.summary), content: str(i.content_html) ?? str(i.content_text),
        content_is_html: !!i.content_html, published: iso(i.date_published), updated: iso(i.date_modified),
        author: fsNames(i.authors ?? (i.author ? [i.author] : [])), enclosure_urls: (i.attachments ?? []).map((a: Any) => a.url),
        image_urls: list(i.image, i.banner_image), categories: list(i.tags),
      })),
    };
  }
  // rss and rdf share field names
  return {
    feed: { title: str(f.title), link: str(f.link), description: str(f.description), language: str(f.language), image_urls: list(f.image?.url, f.itunes?.image), author: list(f.managingEditor, f.dc?.creator, f.itunes?.author), updated: iso(f.lastBuildDate ?? f.dc?.date), categories: (f.categories ?? []).map((c: Any) => str(c.name) ?? "") },
    items: (f.items ?? []).map((i: Any) => ({
      title: str(i.title) ?? str(i.dc?.title), link: str(i.link), id: str(i.guid?.value) ?? str(i.guid) ?? str(i.rdf?.about),
      summary: str(i.description), content: str(i.content?.encoded), published: iso(i.pubDate ?? i.dc?.date), updated: null,
      author: list(...fsNames(i.authors), i.dc?.creator, ...(i.dc?.creators ?? []), i.itunes?.author),
      enclosure_urls: (i.enclosures ?? []).map((e: Any) => e.url), image_urls: list(i.itunes?.image, i.media?.thumbnails?.[0]?.url),
      categories: (i.categories ?? []).map((c: Any) => str(c.name) ?? ""),
    })),
  };
}
