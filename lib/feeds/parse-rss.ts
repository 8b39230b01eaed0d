// RSS 0.9x/2.0 and RSS 1.0/0.90 (RDF) -> ParsedFeed. The two share element names; RDF keeps
// items beside the channel instead of inside it. Dublin Core, content:, media:, itunes: and
// atom: extensions fill gaps the core vocabulary leaves.
import type { ParsedFeed, ParsedItem } from "./types";
import { parseFeedDate } from "./dates";
import { childElements, resolveUrl, textOf, type XmlElement } from "./xml";
import {
  atomText, atomTitle, bodyHtml, finishImages, makePicker, mediaImages, nsKey, parseLength, plainText, pushUrl, textOrNull,
} from "./parse-common";

const pick = makePicker(new Set(["", "rss1"]));

function firstDate(el: XmlElement, ...keys: string[]): string | null {
  for (const key of keys)
    for (const d of pick.all(el, key)) {
      const iso = parseFeedDate(textOf(d));
      if (iso) return iso;
    }
  return null;
}

function linkOf(el: XmlElement): string | null {
  for (const l of pick.all(el, ":link")) {
    const t = textOf(l).trim() || l.attrs.href?.trim();
    if (t) return resolveUrl(t, l.base);
  }
  for (const l of pick.all(el, "atom:link")) {
    const rel = (l.attrs.rel ?? "alternate").trim();
    if (rel === "alternate" && l.attrs.href) return resolveUrl(l.attrs.href, l.base);
  }
  return null;
}

function authorsOf(el: XmlElement, keys: string[]): string | null {
  const names: string[] = [];
  for (const key of keys)
    for (const a of pick.all(el, key)) {
      const name = key === "atom:author" ? (plainText(pick.first(a, "atom:name")) ?? plainText(pick.first(a, "atom:email"))) : plainText(a);
      if (name && !names.includes(name)) names.push(name);
    }
  return names.length ? names.join(", ") : null;
}

function categoriesOf(el: XmlElement): string[] {
  const out: string[] = [];
  const add = (v: string | null | undefined) => {
    const t = v?.replace(/\s+/g, " ").trim();
    if (t && !out.includes(t)) out.push(t);
  };
  for (const c of pick.all(el, ":category", "dc:subject")) add(textOf(c));
  for (const c of pick.all(el, "atom:category")) add(c.attrs.term);
  const visitItunes = (node: XmlElement) => {
    for (const c of pick.all(node, "itunes:category")) {
      add(c.attrs.text);
      visitItunes(c);
    }
  };
  visitItunes(el);
  return out;
}

function parseItem(el: XmlElement): ParsedItem {
  const guidEl = pick.first(el, ":guid");
  const guid = textOrNull(guidEl);
  let link = linkOf(el);
  if (!link && guid && guidEl && (guidEl.attrs.isPermaLink ?? "true").trim().toLowerCase() !== "false" && /^https?:\/\//i.test(guid))
    link = guid;
  const id = guid ?? el.attrs["rdf:about"]?.trim() ?? textOrNull(pick.first(el, "dc:identifier", "atom:id"));

  const descEl = pick.first(el, ":description", "dc:description");
  let summary = bodyHtml(descEl);
  if (!summary) summary = atomText(pick.first(el, "atom:summary"))?.html ?? bodyHtml(pick.first(el, "itunes:summary", "itunes:subtitle"));
  let content = bodyHtml(pick.first(el, "content:encoded", "xhtml:body", ":body", ":fullitem"));
  if (!content) content = atomText(pick.first(el, "atom:content"))?.html || null;

  const enclosures: ParsedItem["enclosures"] = [];
  for (const e of pick.all(el, ":enclosure")) {
    const url = e.attrs.url ? resolveUrl(e.attrs.url, e.base) : null;
    if (url && !enclosures.some((x) => x.url === url))
      enclosures.push({ url, type: e.attrs.type?.trim() || null, length: parseLength(e.attrs.length) });
  }
  for (const l of pick.all(el, "atom:link")) {
    if ((l.attrs.rel ?? "").trim() !== "enclosure" || !l.attrs.href) continue;
    const url = resolveUrl(l.attrs.href, l.base);
    if (url && !enclosures.some((x) => x.url === url)) enclosures.push({ url, type: l.attrs.type?.trim() || null, length: parseLength(l.attrs.length) });
  }

  const item: ParsedItem = {
    id,
    title: plainText(pick.first(el, ":title")) ?? plainText(pick.first(el, "dc:title")) ?? atomTitle(pick.first(el, "atom:title")),
    link,
    published: firstDate(el, ":pubDate", "dc:date", "dcterms:issued", "dcterms:created", "atom:published", "atom:issued", ":date"),
    updated: firstDate(el, "atom:updated", "dcterms:modified", "atom:modified"),
    author: authorsOf(el, [":author", "dc:creator", "itunes:author", "atom:author", "dc:contributor"]),
    summary,
    content,
    image_url: null,
    enclosures,
    categories: categoriesOf(el),
  };
  finishImages(item, mediaImages(el, pick));
  return item;
}

/** Map an <rss> or <rdf:RDF> tree to a ParsedFeed. */
export function parseRss(root: XmlElement, format: "rss2" | "rss1"): ParsedFeed {
  const channel = pick.first(root, ":channel") ?? root;
  const itemEls = [...pick.all(channel, ":item")];
  if (channel !== root) itemEls.push(...pick.all(root, ":item"));
  // Some generators wrap items in an extra container (<items><rdf:Seq>... holds only references).
  const images: string[] = [];
  const imageEl = pick.first(channel, ":image") ?? pick.first(root, ":image");
  if (imageEl) {
    const url = textOrNull(pick.first(imageEl, ":url"));
    if (url) pushUrl(images, url, imageEl.base);
    else if (imageEl.attrs["rdf:resource"]) pushUrl(images, imageEl.attrs["rdf:resource"], imageEl.base);
  }
  for (const img of pick.all(channel, "itunes:image")) pushUrl(images, img.attrs.href ?? textOf(img), img.base);
  for (const img of pick.all(channel, "media:thumbnail")) pushUrl(images, img.attrs.url, img.base);
  for (const img of pick.all(channel, "atom:logo", "atom:icon")) pushUrl(images, textOf(img), img.base);

  const ttlText = textOrNull(pick.first(channel, ":ttl"));
  const ttl = ttlText && /^\d+$/.test(ttlText) ? Number(ttlText) : null;
  const description =
    plainText(pick.first(channel, ":description")) ??
    plainText(pick.first(channel, "dc:description")) ??
    atomTitle(pick.first(channel, "atom:subtitle")) ??
    plainText(pick.first(channel, "itunes:summary", "itunes:subtitle"));

  return {
    format,
    feed: {
      title: plainText(pick.first(channel, ":title")) ?? plainText(pick.first(channel, "dc:title")) ?? atomTitle(pick.first(channel, "atom:title")),
      link: linkOf(channel),
      description,
      language: textOrNull(pick.first(channel, ":language", "dc:language")) ?? channel.lang ?? root.lang,
      image_url: images[0] ?? null,
      image_urls: images,
      author: authorsOf(channel, [":managingEditor", "dc:creator", "itunes:author", "atom:author", ":webMaster", "dc:publisher"]),
      ttl_minutes: ttl,
      updated: firstDate(channel, ":lastBuildDate", "dc:date", "atom:updated", "dcterms:modified"),
      categories: categoriesOf(channel),
    },
    items: itemEls.map(parseItem),
  };
}

/** Is this element an RSS/RDF root we can map? */
export function rssFormatOf(root: XmlElement): "rss2" | "rss1" | null {
  const local = root.local.toLowerCase();
  if (local === "rss") return "rss2";
  if (local === "rdf" && (nsKey(root.ns) === "rdf" || childElements(root).some((c) => c.local === "channel" || c.local === "item")))
    return "rss1";
  return null;
}
