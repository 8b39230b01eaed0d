// JSON Feed 1.0/1.1 (jsonfeed.org) -> ParsedFeed. 1.1 renamed author -> authors; both are read.
// content_html is HTML, content_text is plain text (escaped to HTML for storage).
import type { ParsedFeed, ParsedItem } from "./types";
import { parseFeedDate } from "./dates";
import { resolveUrl } from "./xml";
import { escapeHtml, htmlToPlainText, looksLikeHtml, sanitizeFeedHtml } from "./sanitize";
import { finishImages, pushUrl } from "./parse-common";

type Json = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : typeof v === "number" ? String(v) : null);
const obj = (v: unknown): Json | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null);

function authorsOf(o: Json): string | null {
  const list: unknown[] = Array.isArray(o.authors) ? o.authors : o.author ? [o.author] : [];
  const names = list.map((a) => (typeof a === "string" ? str(a) : str(obj(a)?.name) ?? str(obj(a)?.url))).filter((n): n is string => !!n);
  return names.length ? [...new Set(names)].join(", ") : null;
}

function plain(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  return (looksLikeHtml(s) ? htmlToPlainText(s) : s.replace(/\s+/g, " ").trim()) || null;
}

function parseItem(raw: unknown, base: string | null, feedAuthor: string | null): ParsedItem | null {
  const o = obj(raw);
  if (!o) return null;
  const link = str(o.url) ?? str(o.external_url);
  const contentHtml = str(o.content_html);
  const contentText = str(o.content_text);
  const content = contentHtml ? sanitizeFeedHtml(contentHtml, base) : contentText ? `<p>${escapeHtml(contentText)}</p>` : null;
  const summaryRaw = str(o.summary);
  const enclosures: ParsedItem["enclosures"] = [];
  for (const a of Array.isArray(o.attachments) ? o.attachments : []) {
    const att = obj(a);
    const url = att && str(att.url) ? resolveUrl(str(att.url)!, base) : null;
    if (url) enclosures.push({ url, type: str(att!.mime_type), length: typeof att!.size_in_bytes === "number" ? att!.size_in_bytes : null });
  }
  const tags = (Array.isArray(o.tags) ? o.tags : []).map(str).filter((t): t is string => !!t);
  const item: ParsedItem = {
    id: str(o.id),
    title: plain(o.title),
    link: link ? resolveUrl(link, base) : null,
    published: parseFeedDate(str(o.date_published)),
    updated: parseFeedDate(str(o.date_modified)),
    author: authorsOf(o) ?? feedAuthor,
    summary: summaryRaw ? sanitizeFeedHtml(looksLikeHtml(summaryRaw) ? summaryRaw : escapeHtml(summaryRaw), base) : null,
    content: content || null,
    image_url: null,
    enclosures,
    categories: [...new Set(tags)],
  };
  const images: string[] = [];
  pushUrl(images, str(o.image), base);
  pushUrl(images, str(o.banner_image), base);
  finishImages(item, images);
  return item;
}

/** Is this parsed JSON value a JSON Feed? */
export function isJsonFeed(value: unknown): value is Json {
  const o = obj(value);
  if (!o) return false;
  const version = str(o.version) ?? "";
  return /jsonfeed\.org\/version\//i.test(version) || Array.isArray(o.items);
}

/** Map a JSON Feed object to a ParsedFeed. */
export function parseJsonFeed(o: Json, documentUrl: string | null): ParsedFeed {
  const base = documentUrl ?? str(o.feed_url) ?? str(o.home_page_url);
  const author = authorsOf(o);
  const images: string[] = [];
  pushUrl(images, str(o.icon), base);
  pushUrl(images, str(o.favicon), base);
  const home = str(o.home_page_url);
  return {
    format: "json",
    feed: {
      title: plain(o.title),
      link: home ? resolveUrl(home, base) : null,
      description: plain(o.description),
      language: str(o.language),
      image_url: images[0] ?? null,
      image_urls: images,
      author,
      ttl_minutes: null,
      updated: null,
      categories: [],
    },
    items: (Array.isArray(o.items) ? o.items : []).map((i) => parseItem(i, base, author)).filter((i): i is ParsedItem => !!i),
  };
}
