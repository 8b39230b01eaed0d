/**
 * OPML import/export: the lingua franca of feed readers' subscription lists.
 * Pure: text in, outlines out, and back.
 */
import { generateOpml, parseOpml } from "feedsmith";

export class OpmlError extends Error {
  override name = "OpmlError";
}

export interface OpmlFeed {
  title: string | null;
  xmlUrl: string;
  htmlUrl: string | null;
  /** Folder names from enclosing outlines (Miniflux and others nest by category). */
  categories: string[];
}

export const MAX_OPML_BYTES = 5 * 1024 * 1024;

type Outline = { text?: string; title?: string; xmlUrl?: string; htmlUrl?: string; outlines?: Outline[] };

/** Extracts every feed outline (any depth) from an OPML document. */
export function parseOpmlFeeds(text: string): OpmlFeed[] {
  if (Buffer.byteLength(text) > MAX_OPML_BYTES) throw new OpmlError(`OPML file is larger than ${MAX_OPML_BYTES / 1024 / 1024} MB`);
  // OPML has no use for a DTD; entity declarations are how expansion bombs and
  // external-entity reads start, so refuse them outright.
  if (/<!ENTITY/i.test(text)) throw new OpmlError("OPML file declares XML entities; refusing to expand them");
  const cleaned = text.replace(/<!DOCTYPE[^>]*>/gi, "");
  let doc: { body?: { outlines?: Outline[] } };
  try {
    doc = parseOpml(cleaned) as typeof doc;
  } catch (err) {
    throw new OpmlError(`not an OPML document: ${(err as Error).message}`);
  }
  const feeds: OpmlFeed[] = [];
  const seen = new Set<string>();
  const walk = (outlines: Outline[] | undefined, path: string[]) => {
    for (const o of outlines ?? []) {
      const label = (o.title ?? o.text ?? "").trim();
      if (o.xmlUrl) {
        const xmlUrl = o.xmlUrl.trim();
        if (!seen.has(xmlUrl)) {
          seen.add(xmlUrl);
          feeds.push({ title: label || null, xmlUrl, htmlUrl: o.htmlUrl?.trim() || null, categories: path });
        }
      }
      if (o.outlines?.length) walk(o.outlines, label && !o.xmlUrl ? [...path, label] : path);
    }
  };
  walk(doc.body?.outlines, []);
  if (feeds.length === 0 && !doc.body) throw new OpmlError("not an OPML document: no <body>");
  return feeds;
}

/** Renders sources as an OPML 2.0 document. */
export function renderOpml(title: string, feeds: { title: string; xmlUrl: string; htmlUrl: string | null }[]): string {
  return generateOpml({
    head: { title, dateCreated: new Date() },
    body: {
      outlines: feeds.map((f) => ({ text: f.title, title: f.title, type: "rss", xmlUrl: f.xmlUrl, ...(f.htmlUrl ? { htmlUrl: f.htmlUrl } : {}) })),
    },
  } as Parameters<typeof generateOpml>[0]) as string;
}
