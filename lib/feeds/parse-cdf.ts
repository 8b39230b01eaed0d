// Microsoft CDF (Channel Definition Format, 1997): <CHANNEL HREF LASTMOD><TITLE><ABSTRACT>
// <ITEM HREF LASTMOD>. Long dead, but some intranet and legacy sources still serve it.
import type { ParsedFeed, ParsedItem } from "./types";
import { parseFeedDate } from "./dates";
import { childElements, resolveUrl, type XmlElement } from "./xml";
import { bodyHtml, plainText } from "./parse-common";

const child = (el: XmlElement, lname: string) => childElements(el).find((c) => c.lname === lname) ?? null;
const attr = (el: XmlElement, lname: string) => Object.entries(el.attrs).find(([k]) => k.toLowerCase() === lname)?.[1] ?? null;

function parseItem(el: XmlElement): ParsedItem {
  const href = attr(el, "href");
  const updated = parseFeedDate(attr(el, "lastmod"));
  return {
    id: null,
    title: plainText(child(el, "title")),
    link: href ? resolveUrl(href, el.base) : null,
    published: updated,
    updated,
    author: null,
    summary: bodyHtml(child(el, "abstract")),
    content: null,
    image_url: null,
    enclosures: [],
    categories: [],
  };
}

/** Map a CDF <CHANNEL> tree to a ParsedFeed. */
export function parseCdf(root: XmlElement): ParsedFeed {
  const href = attr(root, "href");
  return {
    format: "other",
    feed: {
      title: plainText(child(root, "title")),
      link: href ? resolveUrl(href, root.base) : null,
      description: plainText(child(root, "abstract")),
      language: root.lang,
      image_url: null,
      author: null,
      updated: parseFeedDate(attr(root, "lastmod")),
    },
    items: childElements(root).filter((c) => c.lname === "item").map(parseItem),
  };
}
