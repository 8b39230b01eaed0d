// Atom 1.0 (RFC 4287) and Atom 0.3 -> ParsedFeed. 0.3 differs in names (tagline, issued,
// modified, created) and in text constructs (MIME types and mode="escaped|xml|base64"), which
// atomText() in parse-common handles. Entry authors inherit from the source, then the feed
// (RFC 4287 section 4.2.1).
import type { ParsedFeed, ParsedItem } from "./types";
import { parseFeedDate } from "./dates";
import { resolveUrl, textOf, type XmlElement } from "./xml";
import { atomText, atomTitle, finishImages, makePicker, mediaDescription, mediaImages, nsKey, parseLength, plainText, pushUrl, textOrNull, type Picker } from "./parse-common";

function firstDate(pick: Picker, el: XmlElement, ...keys: string[]): string | null {
  for (const key of keys)
    for (const d of pick.all(el, key)) {
      const iso = parseFeedDate(textOf(d));
      if (iso) return iso;
    }
  return null;
}

function alternateLink(pick: Picker, el: XmlElement): string | null {
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

function authorNames(pick: Picker, el: XmlElement | null): string | null {
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

function categoriesOf(pick: Picker, el: XmlElement): string[] {
  const out: string[] = [];
  for (const c of pick.all(el, ":category", "dc:subject")) {
    const t = (c.attrs.term ?? c.attrs.label ?? textOf(c)).replace(/\s+/g, " ").trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

function parseEntry(pick: Picker, el: XmlElement, feedAuthor: string | null): ParsedItem {
  const enclosures: ParsedItem["enclosures"] = [];
  for (const l of pick.all(el, ":link")) {
    const href = l.attrs.href ?? textOf(l);
    if ((l.attrs.rel ?? "").trim().toLowerCase() !== "enclosure" || !href.trim()) continue;
    const url = resolveUrl(href, l.base);
    if (url && !enclosures.some((x) => x.url === url)) enclosures.push({ url, type: l.attrs.type?.trim() || null, length: parseLength(l.attrs.length) });
  }
  let content: string | null = null;
  for (const c of pick.all(el, ":content")) {
    content = atomText(c)?.html || null;
    if (content) break;
  }
  if (!content) content = atomText(pick.first(el, "content:encoded"))?.html || null;
  const updated = firstDate(pick, el, ":updated", ":modified", "dcterms:modified");
  const item: ParsedItem = {
    id: textOrNull(pick.first(el, ":id")),
    title: atomTitle(pick.first(el, ":title")) ?? plainText(pick.first(el, "dc:title")),
    link: alternateLink(pick, el),
    // Without a publication date, the update date is the best "when" we have.
    published: firstDate(pick, el, ":published", ":issued", ":created", "dc:date", "dcterms:issued") ?? updated,
    updated,
    author: authorNames(pick, el) ?? authorNames(pick, pick.first(el, ":source")) ?? feedAuthor,
    summary: atomText(pick.first(el, ":summary"))?.html || mediaDescription(el, pick),
    content,
    image_url: null,
    enclosures,
    categories: categoriesOf(pick, el),
  };
  finishImages(item, mediaImages(el, pick));
  return item;
}

/** Map an Atom <feed> tree (or a lone Atom <entry> document) to a ParsedFeed. */
export function parseAtom(root: XmlElement, format: "atom10" | "atom03"): ParsedFeed {
  // The root's namespace is the core vocabulary, even a made-up one (feedparser's tests have those).
  const pick = makePicker(new Set(["atom", "atom03", "", nsKey(root.ns)]));
  if (root.lname === "entry") {
    const item = parseEntry(pick, root, null);
    return { format, feed: { title: null, link: null, description: null, language: root.lang, image_url: null, author: null }, items: [item] };
  }
  const images: string[] = [];
  for (const img of pick.all(root, ":logo", ":icon")) pushUrl(images, textOf(img), img.base);
  for (const img of pick.all(root, "media:thumbnail")) pushUrl(images, img.attrs.url, img.base);
  const author = authorNames(pick, root);
  const sub = atomText(pick.first(root, ":subtitle", ":tagline", ":info"));
  return {
    format,
    feed: {
      title: atomTitle(pick.first(root, ":title")),
      link: alternateLink(pick, root),
      description: sub?.text || null,
      language: root.lang ?? textOrNull(pick.first(root, "dc:language")),
      image_url: images[0] ?? null,
      image_urls: images,
      author,
      ttl_minutes: null,
      updated: firstDate(pick, root, ":updated", ":modified"),
      categories: categoriesOf(pick, root),
    },
    items: pick.all(root, ":entry").map((e) => parseEntry(pick, e, author)),
  };
}
