/**
 * The shapes that pass between fetching, parsing, normalizing and storing.
 * If you change one, change its producer and every consumer listed beside it.
 */

/** One parsed feed, as `readahead parse` prints it (producer: lib/feeds/parse.ts). */
export interface ParsedFeed {
  format: "rss2" | "rss1" | "atom10" | "atom03" | "json" | "other";
  feed: {
    title: string | null;
    link: string | null;
    description: string | null;
    language: string | null;
    image_url: string | null;
    author: string | null;
    /** Feed-level <ttl> in minutes (RSS), when declared: a polling hint. */
    ttl_minutes?: number | null;
    /** Every image URL the feed declares (image_url is the first); parse.ts fills it. */
    image_urls?: string[];
    /** Feed-level last update (RSS lastBuildDate, Atom updated), ISO 8601 UTC. */
    updated?: string | null;
    /** Feed-level publication date (RSS pubDate), ISO 8601 UTC. */
    published?: string | null;
    categories?: string[];
  };
  items: ParsedItem[];
}

/** One entry, normalized values as we store them; dates are ISO 8601 UTC. */
export interface ParsedItem {
  /** guid / Atom id / JSON id as written; null when the entry has none. */
  id: string | null;
  /** Plain text. */
  title: string | null;
  /**
   * URL resolved against xml:base or the document URL; an absolute URL is kept as written,
   * and a relative one stays relative only when no base was known (normalize resolves it).
   */
  link: string | null;
  published: string | null;
  updated: string | null;
  author: string | null;
  /** Sanitized HTML (or null). */
  summary: string | null;
  /** Sanitized HTML (or null). */
  content: string | null;
  image_url: string | null;
  /** Every image URL found for the entry (image_url is the first); parse.ts fills it. */
  image_urls?: string[];
  enclosures: { url: string; type: string | null; length: number | null }[];
  categories: string[];
}

/** What the store writes for one entry (producer: lib/feeds/normalize.ts; consumer: lib/ingest). */
export interface NormalizedEntry {
  /** guid, else link, else a hash of title and content; repeated keys within one feed get a suffix. */
  entryKey: string;
  url: string | null;
  /** url without tracking parameters, fragment or default port; used to spot the same story twice. */
  canonicalUrl: string | null;
  title: string;
  /** Plain text, at most 500 characters, cut at a word boundary with an ellipsis. */
  excerpt: string;
  /** Sanitized HTML. */
  contentHtml: string | null;
  author: string | null;
  imageUrl: string | null;
  publishedAt: Date;
  readingMinutes: number;
  tags: string[];
  /** sha256 hex of the stored fields, so unchanged re-polls write nothing. */
  contentHash: string;
}

/** The outcome of one HTTP fetch of a feed (producer: lib/feeds/fetch.ts). */
export type FetchResult =
  | {
      kind: "ok";
      status: number;
      /** Decompressed body bytes (charset decoding is the parser's job). */
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      /** The URL after redirects. */
      finalUrl: string;
      /** Cache-Control max-age, seconds, when the server sent one. */
      maxAgeSec: number | null;
      durationMs: number;
      /** Set when every redirect on the way was permanent (301/308): the URL the source should adopt. */
      permanentUrl?: string | null;
    }
  | { kind: "not_modified"; status: 304; etag: string | null; lastModified: string | null; maxAgeSec: number | null; durationMs: number }
  | { kind: "rate_limited"; status: 429 | 503; retryAfterSec: number | null; durationMs: number }
  | { kind: "gone"; status: 410; durationMs: number }
  | { kind: "http_error"; status: number; retryAfterSec: number | null; durationMs: number; error: string }
  | { kind: "refused"; error: string; durationMs: number }
  | {
      kind: "network_error";
      error: string;
      durationMs: number;
      /** Why, for logs and tests: timeout, connect_timeout, too_large, redirect_loop, too_many_redirects, redirect, decode, aborted, dns, connect, tls, protocol, network. */
      code?: string;
    };
