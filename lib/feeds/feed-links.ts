/**
 * Pure helpers for feed discovery: telling a feed from an HTML page by its first
 * bytes, and pulling <link rel="alternate"> feed links out of HTML. No I/O.
 * A regex scan rather than a DOM parser: we need a handful of attributes from
 * <head>, and the candidates are confirmed by fetching them anyway.
 */

export type SniffedKind = "rss" | "rdf" | "atom" | "json" | "html" | "unknown";

export interface FeedLink {
  url: string;
  /** The declared MIME type, lowercased, without parameters. */
  type: string;
  title: string | null;
}

/** Feed MIME types in <link rel="alternate">, taken in document order. */
const FEED_TYPES = new Set(["application/rss+xml", "application/atom+xml", "application/feed+json", "application/x-rss+xml", "application/x-atom+xml"]);
/**
 * Types that are sometimes feeds but often not (WordPress links its REST API as
 * application/json; RDF may be FOAF), tried only after every FEED_TYPES link.
 */
const MAYBE_FEED_TYPES = new Set(["application/json", "application/rdf+xml", "text/xml", "application/xml"]);

const SNIFF_BYTES = 64 * 1024;

/** Decodes the start of a body for sniffing, honouring a UTF-16/UTF-8 BOM. */
function headText(body: Buffer): string {
  const head = body.subarray(0, SNIFF_BYTES);
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder("utf-16le").decode(head.subarray(2));
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder("utf-16be").decode(head.subarray(2));
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return head.subarray(3).toString("latin1");
  // latin1 maps bytes 1:1, enough to read ASCII markup whatever the real charset.
  return head.toString("latin1");
}

/** Says whether a body is an RSS/RDF/Atom/JSON feed, an HTML page, or neither (content-type is a tie-breaker only). */
export function sniffFeedKind(body: Buffer, contentType: string | null = null): SniffedKind {
  const text = headText(body);
  const start = text.trimStart();
  if (start.startsWith("{")) return isJsonFeed(body) ? "json" : "unknown";
  // Skip the prolog: XML declaration, processing instructions, comments, DOCTYPE (with internal subset).
  const prolog = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>)*/i;
  const rest = start.replace(prolog, "");
  const root = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(rest);
  if (root) {
    const local = root[2]!.toLowerCase();
    if (local === "rss") return "rss";
    if (local === "rdf") return "rdf";
    if (local === "feed") return "atom";
    if (local === "html") return "html";
  }
  if (/^<!doctype\s+html/i.test(start) || /<html[\s>]/i.test(text.slice(0, 4096))) return "html";
  if (contentType && /text\/html|application\/xhtml/i.test(contentType)) return "html";
  return "unknown";
}

function isJsonFeed(body: Buffer): boolean {
  try {
    const doc: unknown = JSON.parse(body.toString("utf8").replace(/^\uFEFF/, ""));
    const version = (doc as { version?: unknown } | null)?.version;
    return typeof version === "string" && /^https?:\/\/jsonfeed\.org\/version\//.test(version);
  } catch {
    return false;
  }
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const cp = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function parseAttributes(tagBody: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const re = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;
  for (let m = re.exec(tagBody); m; m = re.exec(tagBody)) {
    const name = m[1]!.toLowerCase();
    if (!attrs.has(name)) attrs.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ""));
  }
  return attrs;
}

/** Removes comments, scripts and styles, whose text may contain markup-looking strings. */
function stripInert(html: string): string {
  return html.replace(/<!--[\s\S]*?-->|<script\b[\s\S]*?<\/script\s*>|<style\b[\s\S]*?<\/style\s*>/gi, " ");
}

/** The page's <title>, whitespace collapsed, or null. */
export function extractHtmlTitle(html: string): string | null {
  const m = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(stripInert(html));
  const title = m ? decodeEntities(m[1]!).replace(/\s+/g, " ").trim() : "";
  return title || null;
}

/**
 * Feed links declared by an HTML page, absolute (resolved against <base href> and
 * the page URL), deduplicated: feed types in document order (publishers list the
 * main feed first, e.g. WordPress puts posts before comments), then ambiguous types.
 */
export function extractFeedLinks(html: string, pageUrl: string): FeedLink[] {
  const doc = stripInert(html);
  let base = pageUrl;
  const baseTag = /<base\b([^>]*)>/i.exec(doc);
  const baseHref = baseTag ? parseAttributes(baseTag[1]!).get("href") : undefined;
  if (baseHref) {
    try {
      base = new URL(baseHref.trim(), pageUrl).href;
    } catch {
      /* an unusable <base> is ignored, as browsers do */
    }
  }
  const sure: FeedLink[] = [];
  const maybe: FeedLink[] = [];
  const seen = new Set<string>();
  for (const m of doc.matchAll(/<link\b([^>]*)>/gi)) {
    const attrs = parseAttributes(m[1]!);
    const rel = (attrs.get("rel") ?? "").toLowerCase().split(/\s+/);
    if (!rel.includes("alternate") && !rel.includes("feed")) continue;
    const type = (attrs.get("type") ?? "").split(";")[0]!.trim().toLowerCase();
    const isSure = FEED_TYPES.has(type);
    if (!isSure && !MAYBE_FEED_TYPES.has(type)) continue;
    const href = attrs.get("href")?.trim();
    if (!href) continue;
    let url: URL;
    try {
      url = new URL(href, base);
    } catch {
      continue;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") continue;
    url.hash = "";
    if (seen.has(url.href)) continue;
    seen.add(url.href);
    const title = attrs.get("title")?.replace(/\s+/g, " ").trim() || null;
    (isSure ? sure : maybe).push({ url: url.href, type, title });
  }
  return [...sure, ...maybe];
}
