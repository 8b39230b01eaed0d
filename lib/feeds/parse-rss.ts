// RSS 0.9x/2.0 and RSS 1.0/0.90 (RDF) -> ParsedFeed. The two share element names; RDF keeps
// items beside the channel instead of inside it. Dublin Core, content:, media:, itunes: and
// atom: extensions fill gaps the core vocabulary leaves.
import type { ParsedFeed, ParsedItem } from "./types";
import { parseFeedDate } from "./dates";
import { childElements, resolveUrl, textOf, type XmlElement } from "./xml";
import {
  atomText, atomTitle, bodyHtml, finishImages, makePicker, mediaDescription, mediaImages, nsKey, parseLength, plainText, pushUrl, textOrNull,
  type Picker,
} from "./parse-common";

function firstDate(pick: Picker, el: XmlElement, ...keys: string[]): string | null {
  for (const key of keys)
    for (const d of pick.all(el, key)) {
      const iso = parseFeedDate(textOf(d));
      if (iso) return iso;
    }
  return null;
}

function linkOf(pick: Picker, el: XmlElement): string | null {
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

function authorsOf(pick: Picker, el: XmlElement, keys: string[]): string | null {
  const names: string[] = [];
  for (const key of keys)
    for (const a of pick.all(el, key)) {
      const name = key === "atom:author" ? (plainText(pick.first(a, "atom:name", ":name")) ?? plainText(pick.first(a, "atom:email", ":email"))) : plainText(a);
      if (name && !names.includes(name)) names.push(name);
    }
  return names.length ? names.join(", ") : null;
}

function categoriesOf(pick: Picker, el: XmlElement): string[] {
  const out: string[] = [];
  const add = (v: string | null | undefined) => {
    const t = v?.replace(/\s+/g, " ").trim();
    if (t && !out.includes(t)) out.push(t);
  };
  for (const c of pick.all(el, ":category", "dc:subject", "media:category")) add(textOf(c));
  for (const c of pick.all(el, "atom:category")) add(c.attrs.term);
  // Comma-separated keyword lists (iTunes, and the made-up <tags> some generators emit).
  for (const c of pick.all(el, ":tags", "itunes:keywords")) for (const k of textOf(c).split(",")) add(k);
  const visitItunes = (node: XmlElement) => {
    for (const c of pick.all(node, "itunes:category")) {
      add(c.attrs.text);
      visitItunes(c);
    }
  };
  visitItunes(el);
  return out;
}

const ITEM_AUTHORS = [":author", "dc:creator", "dc:author", "itunes:author", "googleplay:author", "atom:author", "dc:contributor"];
const FEED_AUTHORS = [":managingEditor", ":author", "dc:creator", "dc:author", "itunes:author", "googleplay:author", "atom:author", ":webMaster", "dc:publisher"];

function parseItem(pick: Picker, el: XmlElement): ParsedItem {
  const guidEl = pick.first(el, ":guid");
  const guid = textOrNull(guidEl);
  let link = linkOf(pick, el);
  if (!link && guid && guidEl) {
    // A guid is the permalink when it says so, or (by RSS 2.0's default) when it looks like a URL.
    const permaLink = (guidEl.attrs.isPermaLink ?? "").trim().toLowerCase();
    if (permaLink === "true" || (permaLink === "" && /^https?:\/\//i.test(guid))) link = resolveUrl(guid, guidEl.base);
  }
  const id = guid ?? el.attrs["rdf:about"]?.trim() ?? textOrNull(pick.first(el, "dc:identifier", "atom:id"));

  let summary = bodyHtml(pick.first(el, ":description", "dc:description"));
  if (!summary) summary = atomText(pick.first(el, "atom:summary"))?.html ?? bodyHtml(pick.first(el, "itunes:summary", "itunes:subtitle"));
  if (!summary) summary = mediaDescription(el, pick);
  let content = bodyHtml(pick.first(el, "content:encoded", "xhtml:body", ":body", ":fullitem"));
  if (!content) content = atomText(pick.first(el, "atom:content"))?.html || null;
  if (!content) content = bodyHtml(pick.first(el, ":summary"));

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

  const updated = firstDate(pick, el, "atom:updated", "dcterms:modified", "atom:modified", "dc:date");
  const item: ParsedItem = {
    id,
    title:
      plainText(pick.first(el, ":title")) ??
      plainText(pick.first(el, "dc:title")) ??
      atomTitle(pick.first(el, "atom:title")) ??
      plainText(pick.first(el, "media:title") ?? pick.first(pick.first(el, "media:group") ?? el, "media:title")),
    link,
    // Without a publication date, the update date is the best "when" we have.
    published: firstDate(pick, el, ":pubDate", "dc:date", "dcterms:issued", "dcterms:created", "atom:published", "atom:issued", ":date") ?? updated,
    updated,
    author: authorsOf(pick, el, ITEM_AUTHORS),
    summary,
    content,
    image_url: null,
    enclosures,
    categories: categoriesOf(pick, el),
  };
  finishImages(item, mediaImages(el, pick));
  return item;
}

/** Map an <rss> or <rdf:RDF> tree to a ParsedFeed. */
export function parseRss(root: XmlElement, format: "rss2" | "rss1"): ParsedFeed {
  // Whatever namespace the root or channel declares as default is the core vocabulary
  // (RSS 0.90's netscape URI, userland's, or one the publisher made up).
  const core = new Set(["", "rss1", nsKey(root.ns)]);
  let pick = makePicker(core);
  const channel = pick.first(root, ":channel") ?? childElements(root).find((c) => c.lname === "channel") ?? root;
  core.add(nsKey(channel.ns));
  pick = makePicker(core);
  const itemEls = [...pick.all(channel, ":item")];
  if (channel !== root) itemEls.push(...pick.all(root, ":item"));

  const images: string[] = [];
  // RSS 2.0 nests <image> in the channel; RDF puts it beside the channel (the channel's
  // <image rdf:resource> only points at it).
  for (const imageEl of [...pick.all(channel, ":image"), ...(channel !== root ? pick.all(root, ":image") : [])]) {
    const url = textOrNull(pick.first(imageEl, ":url"));
    if (url) pushUrl(images, url, imageEl.base);
    else if (imageEl.attrs["rdf:resource"]?.trim()) pushUrl(images, imageEl.attrs["rdf:resource"], imageEl.base);
  }
  images.push(...mediaImages(channel, pick).filter((u) => !images.includes(u)));
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
      link: linkOf(pick, channel),
      description,
      language: (textOrNull(pick.first(channel, ":language", "dc:language")) ?? channel.lang ?? root.lang)?.replace(/_/g, "-") ?? null,
      image_url: images[0] ?? null,
      image_urls: images,
      author: authorsOf(pick, channel, FEED_AUTHORS),
      ttl_minutes: ttl,
      updated: firstDate(pick, channel, ":lastBuildDate", "dc:date", "atom:updated", "dcterms:modified"),
      published: firstDate(pick, channel, ":pubDate", "dcterms:issued", "dc:date", ":lastBuildDate"),
      categories: categoriesOf(pick, channel),
    },
    items: itemEls.map((el) => parseItem(pick, el)),
  };
}

/** Is this element an RSS/RDF root we can map? */
export function rssFormatOf(root: XmlElement): "rss2" | "rss1" | null {
  if (root.lname === "rss") return "rss2";
  if (root.lname === "rdf" && (nsKey(root.ns) === "rdf" || childElements(root).some((c) => c.lname === "channel" || c.lname === "item")))
    return "rss1";
  return null;
}
