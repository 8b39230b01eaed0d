// Entry point of feed parsing: bytes -> text (charset.ts) -> format detection -> one mapper per
// format family. Everything a mapper returns is already cleaned: titles plain text, bodies
// sanitized HTML, links absolute, dates ISO 8601 UTC. Pure: no I/O, no network, no DTDs.
import type { ParsedFeed } from "./types";
import { cleanControlChars, decodeFeedBytes, stripNul } from "./charset";
import { parseXmlTree } from "./xml";
import { parseRss, rssFormatOf } from "./parse-rss";
import { parseAtom } from "./parse-atom";
import { isJsonFeed, parseJsonFeed } from "./parse-json";
import { parseCdf } from "./parse-cdf";
import { nsKey } from "./parse-common";

/** The document is not a feed we can read; `message` is one line, safe to show an operator. */
export class FeedParseError extends Error {
  override name = "FeedParseError";
}

export interface ParseFeedOptions {
  /** The URL the document was fetched from (after redirects): base for relative links. */
  url?: string | null;
  /** The HTTP Content-Type header, for its charset. */
  contentType?: string | null;
  /** The HTTP Content-Location header, when sent: overrides `url` as the base (RFC 9110 8.7). */
  contentLocation?: string | null;
}

function absoluteOrNull(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).href;
  } catch {
    return null;
  }
}

function parseJsonDocument(text: string, url: string | null): ParsedFeed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FeedParseError(`invalid JSON: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }
  if (!isJsonFeed(value)) throw new FeedParseError("not a feed: JSON document is not a JSON Feed (no version or items)");
  return withoutNul(parseJsonFeed(value, url));
}

/**
 * Removes NUL from every string of a parsed feed, in place, whatever the format: JSON Feed
 * strings may carry \u0000, and one NUL in any stored field made Postgres reject the
 * source's whole poll. (XML references &#0; already decode to U+FFFD; raw NULs are gone
 * with cleanControlChars.) Every consumer of parseFeed (poll, add source, CLI) gets clean text.
 */
function withoutNul<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v: unknown = node[i];
        if (typeof v === "string") node[i] = stripNul(v);
        else if (v && typeof v === "object") stack.push(v);
      }
    } else if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const v = o[k];
        if (typeof v === "string") o[k] = stripNul(v);
        else if (v && typeof v === "object") stack.push(v);
      }
    }
  }
  return value;
}

function describeRoot(text: string): string {
  const m = /<([A-Za-z_][\w.:-]*)/.exec(text);
  return m ? `<${m[1]}>` : "no root element";
}

/** Parse RSS, RDF, Atom or JSON Feed bytes into a ParsedFeed; throws FeedParseError for anything else. */
export function parseFeed(input: Buffer | string, opts: ParseFeedOptions = {}): ParsedFeed {
  const docUrl = absoluteOrNull(opts.url);
  let url = docUrl;
  if (opts.contentLocation) {
    try {
      url = new URL(opts.contentLocation.trim(), docUrl ?? undefined).href;
    } catch {
      url = docUrl; // a malformed header is ignored, not fatal
    }
  }
  const text = cleanControlChars(typeof input === "string" ? input.replace(/^\uFEFF/, "") : decodeFeedBytes(input, opts.contentType));
  const start = text.search(/\S/);
  if (start === -1) throw new FeedParseError("empty document");
  const first = text[start];
  if (first === "{" || first === "[") return parseJsonDocument(text, url);
  if (first !== "<") {
    const ct = opts.contentType?.toLowerCase() ?? "";
    if (ct.includes("json")) return parseJsonDocument(text, url);
    throw new FeedParseError("not a feed: document does not start with markup or JSON");
  }

  const doc = parseXmlTree(text, url);
  const root = doc.root;
  if (!root) throw new FeedParseError("not a feed: no root element");
  const rss = rssFormatOf(root);
  const local = root.lname;
  let parsed: ParsedFeed;
  if (rss) parsed = parseRss(root, rss);
  else if (local === "feed" || (local === "entry" && nsKey(root.ns) === "atom")) {
    const fam = nsKey(root.ns);
    const version = root.attrs.version?.trim();
    parsed = parseAtom(root, fam === "atom03" || (fam !== "atom" && version?.startsWith("0.")) ? "atom03" : "atom10");
  } else if (local === "channel") parsed = parseCdf(root);
  else throw new FeedParseError(`not a feed: root element ${describeRoot(text.slice(start))}`);

  // A document cut off before any entry and before its root closed is a failed transfer,
  // not an empty feed: storing it would make a source look empty.
  if (doc.truncated && parsed.items.length === 0) throw new FeedParseError("malformed feed: document ends before the root element is closed");
  return withoutNul(parsed);
}
