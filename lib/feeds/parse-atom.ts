// Atom 1.0 (RFC 4287) and Atom 0.3 -> ParsedFeed. 0.3 differs in names (tagline, issued,
// modified, created) and in text constructs (MIME types and mode="escaped|xml|base64"), which
// atomText() in parse-common handles. Entry authors inherit from the source, then the feed
// (RFC 4287 section 4.2.1).
import type { ParsedFeed, ParsedItem } from "./types";
import { parseFeedDate } from "./dates";
import { resolveUrl, textOf, type XmlElement } from "./xml";
import { atomText, atomTitle, finishImages, makePicker, mediaImages, parseLength, plainText, pushUrl, textOrNull } from "./parse-common";

const pick = makePicker(new Set(["atom", "atom03", ""]));

function firstDate(el: XmlElement, ...keys: string[]): string | null {
  for (const key of keys)
    for (const d of pick.all(el, key)) {
      const iso = parseFeedDate(textOf(d));
      if (iso) return iso;
    }
  return null;
}

function alternateLink(el: XmlElement): string | null {
  let fallback: string | null = null;
  for (const l of pick.all(el, ":link")) {
    const rel = (l.attrs.rel ?? "alternate").trim().toLowerCase();
    const href = l.attrs.href ?? l.attrs.url ?? textOf(l);
    if (!href?.trim()) continue;
    if (rel === "alternate" || rel === "http://www.iana.org/assignments/relation/alternate") {
      const type = (l.attrs.type ?? "").toLowerCase();
      const url = resolveUrl(href, l.base);
      if (!type || type.includes("html")) return url;
      fallback ??= url;
    }
  }
  return fallback;
}

function authorNames(el: XmlElement | null): string | null {
  if (!el) return null;
  const names: string[] = [];
  for (const a of pick.all(el, ":author")) {
    const name = plainText(pick.first(a, ":name")) ?? plainText(pick.first(a, ":email")) ?? (pick.first(a, ":name") ? null : plainText(a));
    if (name && !names.includes(name)) names.push(name);
  }
  for (const c of pick.all(el, "dc:creator")) {
    const name = plainText(c);
    if (name && !names.includes(name)) names.push(name);
  }
  return names.length ? names.join(", ") : null;
}

function categoriesOf(el: XmlElement): string[] {
  const out: string[] = [];
  for (const c of pick.all(el, ":category", "dc:subject")) {
    const t = (c.attrs.term ?? c.attrs.label ?? textOf(c)).replace(/\s+/g, " ").trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

function parseEntry(el: XmlElement, feedAuthor: string | null): ParsedItem {
  const enclosures: ParsedItem["enclosures"] = [];
  for (const l of pick.all(el, ":link")) {
    if ((l.attrs.rel ?? "").trim().toLowerCase() !== "enclosure" || !l.attrs.href) continue;
    const url = resolveUrl(l.attrs.href, l.base);
    if (url && !enclosures.some((x) => x.url === url)) enclosures.push({ url, type: l.attrs.type?.trim() || null, length: parseLength(l.attrs.length) });
  }
  let content: string | null = null;
  for (const c of pick.all(el, ":content")) {
    content = atomText(c)?.html || null;
    if (content) break;
  }
  if (!content) content = atomText(pick.first(el, "content:encoded"))?.html || null;
  const item: ParsedItem = {
    id: textOrNull(pick.first(el, ":id")),
    title: atomTitle(pick.first(el, ":title")) ?? plainText(pick.first(el, "dc:title")),
    link: alternateLink(el),
    published: firstDate(el, ":published", ":issued", ":created", "dc:date", "dcterms:issued"),
    updated: firstDate(el, ":updated", ":modified", "dcterms:modified"),
    author: authorNames(el) ?? authorNames(pick.first(el, ":source")) ?? feedAuthor,
    summary: atomText(pick.first(el, ":summary"))?.html || null,
    content,
    image_url: null,
    enclosures,
    categories: categoriesOf(el),
  };
  finishImages(item, mediaImages(el, pick));
  return item;
}

/** Map an Atom <feed> tree to a ParsedFeed. */
export function parseAtom(root: XmlElement, format: "atom10" | "atom03"): ParsedFeed {
  const images: string[] = [];
  for (const img of pick.all(root, ":logo", ":icon")) pushUrl(images, textOf(img), img.base);
  for (const img of pick.all(root, "media:thumbnail")) pushUrl(images, img.attrs.url, img.base);
  const author = authorNames(root);
  const sub = atomText(pick.first(root, ":subtitle", ":tagline", ":info"));
  return {
    format,
    feed: {
      title: atomTitle(pick.first(root, ":title")),
      link: alternateLink(root),
      description: sub?.text || null,
      language: root.lang ?? textOrNull(pick.first(root, "dc:language")),
      image_url: images[0] ?? null,
      image_urls: images,
      author,
      ttl_minutes: null,
      updated: firstDate(root, ":updated", ":modified"),
      categories: categoriesOf(root),
    },
    items: pick.all(root, ":entry").map((e) => parseEntry(e, author)),
  };
}
