// Helpers shared by the RSS and Atom mappers: namespace families, element lookup, text
// constructs, media images. If you add a namespace here, check both mappers.
import type { ParsedItem } from "./types";
import { childElements, hasChildElements, innerMarkup, resolveUrl, textOf, type XmlElement } from "./xml";
import { escapeHtml, htmlToPlainText, looksLikeHtml, sanitizeFeedHtml } from "./sanitize";

const nsKeyCache = new Map<string, string>();

/** Namespace family of a URI; feeds spell the same namespace many ways (case, slash, #). */
export function nsKey(uri: string): string {
  if (!uri) return "";
  let key = nsKeyCache.get(uri);
  if (key === undefined) {
    key = computeNsKey(uri);
    if (nsKeyCache.size < 1000) nsKeyCache.set(uri, key);
  }
  return key;
}

function computeNsKey(uri: string): string {
  const u = uri.trim().toLowerCase().replace(/[#/]+$/, "");
  if (u === "http://www.w3.org/2005/atom") return "atom";
  if (u === "http://purl.org/atom/ns") return "atom03";
  if (u === "http://purl.org/rss/1.0") return "rss1";
  if (u === "http://my.netscape.com/rdf/simple/0.9") return "rss1";
  if (u === "http://backend.userland.com/rss2" || u === "http://backend.userland.com/rss" || u === "http://blogs.law.harvard.edu/tech/rss") return "";
  if (u === "http://purl.org/dc/elements/1.1" || u === "http://purl.org/dc/elements/1.0") return "dc";
  if (u === "http://purl.org/dc/terms") return "dcterms";
  if (u === "http://purl.org/rss/1.0/modules/content") return "content";
  if (u === "http://search.yahoo.com/mrss" || u === "http://tools.search.yahoo.com/mrss") return "media";
  if (u.startsWith("http://www.itunes.com/dtds/podcast-1.0.dtd") || u === "https://www.itunes.com/dtds/podcast-1.0.dtd") return "itunes";
  if (u === "http://www.itunes.com/dtds/podcast-1.0.dtd") return "itunes";
  if (u === "http://www.w3.org/1999/02/22-rdf-syntax-ns") return "rdf";
  if (u === "http://www.w3.org/1999/xhtml") return "xhtml";
  if (u === "http://www.google.com/schemas/play-podcasts/1.0") return "googleplay";
  if (u.startsWith("http://rssnamespace.org/feedburner")) return "feedburner";
  return u;
}

export interface Picker {
  /** First child with one of the given "family:local" keys (family "" = no namespace / core). */
  first(el: XmlElement, ...keys: string[]): XmlElement | null;
  all(el: XmlElement, ...keys: string[]): XmlElement[];
}

const parsedKeys = new Map<string, [fam: string, lname: string]>();

function parseKey(key: string): [string, string] {
  let parsed = parsedKeys.get(key);
  if (!parsed) {
    const i = key.indexOf(":");
    parsed = [key.slice(0, i), key.slice(i + 1).toLowerCase()];
    parsedKeys.set(key, parsed);
  }
  return parsed;
}

/**
 * Element lookup where the given namespace families count as the core (unprefixed)
 * vocabulary. Keys are "family:local" ("" family = core); local names compare
 * case-insensitively. This is the parser's hottest path, hence the cached family per element.
 */
export function makePicker(coreFamilies: ReadonlySet<string>): Picker {
  const matches = (c: XmlElement, fam: string, lname: string): boolean => {
    if (c.lname !== lname) return false;
    const f = (c.fam ??= nsKey(c.ns));
    return fam === "" ? coreFamilies.has(f) : f === fam && !coreFamilies.has(f);
  };
  return {
    first(el, ...keys) {
      for (const key of keys) {
        const [fam, lname] = parseKey(key);
        for (const c of el.children) if (typeof c !== "string" && matches(c, fam, lname)) return c;
      }
      return null;
    },
    all(el, ...keys) {
      const ks = keys.map(parseKey);
      const out: XmlElement[] = [];
      for (const c of el.children) if (typeof c !== "string" && ks.some(([fam, lname]) => matches(c, fam, lname))) out.push(c);
      return out;
    },
  };
}

/** Trimmed text of an element, or null when empty/absent. */
export function textOrNull(el: XmlElement | null): string | null {
  if (!el) return null;
  const t = textOf(el).trim();
  return t || null;
}

/** Plain-text rendering of an untyped (RSS-style) text element that may carry escaped HTML. */
export function plainText(el: XmlElement | null): string | null {
  if (!el) return null;
  const raw = hasChildElements(el) ? innerMarkup(el) : textOf(el);
  const t = looksLikeHtml(raw) ? htmlToPlainText(raw) : raw.replace(/\s+/g, " ").trim();
  return t || null;
}

/** HTML of an untyped body element (RSS description, content:encoded): escaped or naked markup. */
export function bodyHtml(el: XmlElement | null): string | null {
  if (!el) return null;
  const raw = hasChildElements(el) ? innerMarkup(el) : textOf(el);
  if (!raw.trim()) return null;
  const html = sanitizeFeedHtml(raw, el.base);
  return html || null;
}

export interface TextConstruct {
  html: string;
  text: string;
}

/** Atom (1.0 and 0.3) text construct: type text|html|xhtml or a MIME type, 0.3 mode escaped|xml|base64. */
export function atomText(el: XmlElement | null): TextConstruct | null {
  if (!el) return null;
  const type = (el.attrs.type ?? "").trim().toLowerCase() || "text";
  const mode = (el.attrs.mode ?? "").trim().toLowerCase();
  let html: string;
  const decoded = mode === "base64" || isBase64Type(type) ? decodeBase64Text(textOf(el)) : null;
  if (decoded !== null) {
    html = type.includes("html") ? decoded : escapeHtml(decoded);
  } else if (type === "xhtml" || type === "application/xhtml+xml" || mode === "xml" || (hasChildElements(el) && type !== "text" && type !== "html" && type !== "text/html")) {
    // xhtml content is wrapped in one <div>; its children are the content.
    const divs = childElements(el);
    const only = divs.length === 1 ? divs[0] : undefined;
    const inner = only && only.local === "div" && !textOf(el).replace(textOf(only), "").trim() ? only : el;
    html = innerMarkup(inner);
  } else if (type === "html" || type === "text/html" || mode === "escaped") {
    // Escaped markup, or naked markup despite the type. TypePad wraps escaped markup in one
    // XHTML <div>: then the div's text is the HTML.
    const kids = childElements(el);
    const only = kids.length === 1 ? kids[0] : undefined;
    if (!kids.length) html = textOf(el);
    else if (only && only.local === "div" && !hasChildElements(only) && /[<&]/.test(textOf(only))) html = textOf(only);
    else html = innerMarkup(el);
  } else if (type === "text" || type.startsWith("text/") || !type.includes("/")) {
    html = escapeHtml(hasChildElements(el) ? htmlToPlainText(innerMarkup(el)) : textOf(el));
  } else {
    return null; // binary or foreign content (video/mp4, application/octet-stream): nothing to show
  }
  const clean = sanitizeFeedHtml(html, el.base);
  if (!clean) return null;
  // The text rendering is only needed for titles and subtitles: computed on demand.
  return {
    html: clean,
    get text() {
      return htmlToPlainText(clean);
    },
  };
}

/**
 * Base64 text content, or null when the value is not base64 of readable UTF-8 (then it is
 * plain text under a mislabelled type, e.g. type="application/x-custom">test<).
 */
function decodeBase64Text(raw: string): string | null {
  const b64 = raw.replace(/\s+/g, "");
  if (!b64 || b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(b64, "base64"));
    return /[\x00-\x08\x0b\x0c\x0e-\x1f]/.test(text) ? null : text;
  } catch {
    return null;
  }
}

/** Atom 1.0: content of any other MIME type that is neither text nor XML is base64 (RFC 4287 4.1.3.3). */
function isBase64Type(type: string): boolean {
  if (!type.includes("/")) return false;
  if (type.startsWith("text/") || type.endsWith("+xml") || type.endsWith("/xml") || type === "application/xhtml+xml") return false;
  return true;
}

/** Atom title as plain text (HTML-typed titles rendered to text). */
export function atomTitle(el: XmlElement | null): string | null {
  if (!el) return null;
  const type = (el.attrs.type ?? "").trim().toLowerCase() || "text";
  const mode = (el.attrs.mode ?? "").trim().toLowerCase();
  if ((type === "text" || type === "text/plain") && mode !== "base64") {
    const t = textOf(el).replace(/\s+/g, " ").trim();
    return t || null;
  }
  // A title is always meant to be read: under an unknown type, take it as text.
  const t = atomText(el)?.text ?? textOf(el).replace(/\s+/g, " ").trim();
  return t || null;
}

/** media:description of the entry or its media:group (YouTube's only body), as HTML. */
export function mediaDescription(el: XmlElement, pick: Picker): string | null {
  const d = pick.first(el, "media:description") ?? pick.first(pick.first(el, "media:group") ?? el, "media:description");
  if (!d) return null;
  if ((d.attrs.type ?? "").trim().toLowerCase() === "html") return bodyHtml(d);
  const text = textOf(d).trim();
  return text ? `<p>${escapeHtml(text).replace(/\r?\n/g, "<br>")}</p>` : null;
}

/** media:thumbnail / media:content (images) / media:group, in document order. */
export function mediaImages(el: XmlElement, pick: Picker): string[] {
  const out: string[] = [];
  const visit = (node: XmlElement) => {
    for (const c of childElements(node)) {
      if (nsKey(c.ns) !== "media") continue;
      if (c.local === "thumbnail" && c.attrs.url) pushUrl(out, c.attrs.url, c.base);
      else if (c.local === "content") {
        const url = c.attrs.url ?? "";
        const medium = (c.attrs.medium ?? "").toLowerCase();
        const type = (c.attrs.type ?? "").toLowerCase();
        if (url && (medium === "image" || type.startsWith("image/") || (!medium && !type && /\.(jpe?g|png|gif|webp|avif)(\?|$)/i.test(url))))
          pushUrl(out, url, c.base);
        visit(c); // a video's thumbnail nests inside its media:content
      } else if (c.local === "group") visit(c);
    }
  };
  visit(el);
  for (const img of pick.all(el, "itunes:image")) pushUrl(out, img.attrs.href ?? img.attrs.url ?? textOf(img), img.base);
  for (const l of pick.all(el, "itunes:link")) if ((l.attrs.rel ?? "").trim() === "image") pushUrl(out, l.attrs.href, l.base);
  return out;
}

/** Resolve `raw` against `base` and append it to `out` unless empty or already there. */
export function pushUrl(out: string[], raw: string | undefined | null, base: string | null): void {
  if (!raw || !raw.trim()) return;
  const url = resolveUrl(raw, base);
  if (url && !out.includes(url)) out.push(url);
}

/** First <img src> of sanitized HTML (already absolute). */
export function firstImage(html: string | null): string | null {
  if (!html) return null;
  const m = /<img\b[^>]*?\bsrc="([^"]+)"/i.exec(html);
  if (!m) return null;
  const src = (m[1] ?? "").replace(/&amp;/g, "&");
  return /^https?:/i.test(src) ? src : null;
}

/** Fill image_url / image_urls of an item from its candidates, falling back to the body's first <img>. */
export function finishImages(item: ParsedItem, candidates: string[]): void {
  for (const e of item.enclosures) if (e.type?.startsWith("image/") && !candidates.includes(e.url)) candidates.push(e.url);
  const fromBody = firstImage(item.content) ?? firstImage(item.summary);
  if (fromBody && !candidates.includes(fromBody)) candidates.push(fromBody);
  item.image_url = candidates[0] ?? null;
  item.image_urls = candidates;
}

/** Parse an enclosure length attribute; null when absent or not a number. */
export function parseLength(raw: string | undefined): number | null {
  if (!raw) return null;
  const n = Number(raw.trim());
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
}
