/**
 * Feed discovery: from a URL a person pasted (a feed or a site page) to the URL of
 * a feed, through <link rel="alternate">. Every fetch goes through fetchFeed, so the
 * same address guard, timeouts and size cap apply. We do not guess paths such as
 * /feed: a page without a feed link gets a clear error instead of probing requests.
 */
import { fetchFeed, type FetchFeedOptions } from "./fetch";
import { extractFeedLinks, extractHtmlTitle, sniffFeedKind } from "./feed-links";
import type { FetchResult } from "./types";

export type FeedDiscoveryCode = "refused" | "fetch_failed" | "no_feed_link" | "not_a_feed" | "candidates_failed";

/** Discovery failed; `message` is written for the person who typed the URL. */
export class FeedDiscoveryError extends Error {
  override name = "FeedDiscoveryError";
  constructor(
    readonly code: FeedDiscoveryCode,
    message: string,
  ) {
    super(message);
  }
}

export interface DiscoveredFeed {
  /** The feed URL to store: the confirmed candidate, after permanent redirects only. */
  feedUrl: string;
  /** The link's title attribute, else the page's <title>; null when the URL was a feed itself (the parser knows its title). */
  title: string | null;
  /** The feed bytes already fetched, so the caller can parse without a second request. */
  body?: Buffer;
  contentType?: string | null;
  /** Validators of that response, so the first poll can be conditional. */
  etag?: string | null;
  lastModified?: string | null;
  /** That whole response, so the new source's first poll can store it instead of fetching again. */
  response?: Extract<FetchResult, { kind: "ok" }>;
}

/** Links of a page tried at most; more than this is a link farm, not a blog. */
const MAX_CANDIDATES = 4;

const DISCOVERY_ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, " +
  "text/xml;q=0.9, text/html;q=0.8, application/json;q=0.7, */*;q=0.5";

/** Finds the feed behind a feed or site URL; throws FeedDiscoveryError with a clear message. */
export async function discoverFeedUrl(url: string, opts: FetchFeedOptions = {}): Promise<DiscoveredFeed> {
  const page = await fetchFeed(url, { ...opts, etag: null, lastModified: null, accept: opts.accept ?? DISCOVERY_ACCEPT });
  if (page.kind !== "ok") throw failure(url, page);
  const kind = sniffFeedKind(page.body, page.contentType);
  if (kind !== "html" && kind !== "unknown") {
    return { feedUrl: page.permanentUrl ?? normalize(url), title: null, ...fetched(page) };
  }
  if (kind === "unknown") {
    throw new FeedDiscoveryError(
      "not_a_feed",
      `no feed found at ${url}: the response is neither a feed nor an HTML page (Content-Type: ${page.contentType ?? "none"})`,
    );
  }
  const html = decodeHtml(page.body, page.contentType);
  const links = extractFeedLinks(html, page.finalUrl);
  if (links.length === 0) {
    throw new FeedDiscoveryError("no_feed_link", `no feed found at ${url}: the page has no <link rel="alternate"> feed`);
  }
  const pageTitle = extractHtmlTitle(html);
  const problems: string[] = [];
  for (const link of links.slice(0, MAX_CANDIDATES)) {
    const res = await fetchFeed(link.url, { ...opts, etag: null, lastModified: null });
    if (res.kind !== "ok") {
      problems.push(`${link.url}: ${failure(link.url, res).message}`);
      continue;
    }
    const candidateKind = sniffFeedKind(res.body, res.contentType);
    if (candidateKind === "html" || candidateKind === "unknown") {
      problems.push(`${link.url}: not a feed (Content-Type: ${res.contentType ?? "none"})`);
      continue;
    }
    return { feedUrl: res.permanentUrl ?? link.url, title: link.title ?? pageTitle, ...fetched(res) };
  }
  throw new FeedDiscoveryError("candidates_failed", `no feed found at ${url}: the page's feed links did not lead to a feed (${problems.join("; ")})`);
}

function fetched(res: Extract<FetchResult, { kind: "ok" }>) {
  return { body: res.body, contentType: res.contentType, etag: res.etag, lastModified: res.lastModified, response: res };
}

function normalize(url: string): string {
  const u = new URL(url);
  u.hash = "";
  return u.href;
}

/** HTML charset from the header, else a <meta charset>, else UTF-8; links are ASCII in practice. */
function decodeHtml(body: Buffer, contentType: string | null): string {
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? "")?.[1];
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(body.subarray(0, 4096).toString("latin1"))?.[1];
  for (const label of [fromHeader, fromMeta, "utf-8"]) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(body);
    } catch {
      /* unknown label: try the next source */
    }
  }
  return body.toString("utf8");
}

function failure(url: string, res: Exclude<FetchResult, { kind: "ok" }>): FeedDiscoveryError {
  switch (res.kind) {
    case "refused":
      return new FeedDiscoveryError("refused", `cannot fetch ${url}: ${res.error}`);
    case "network_error":
      return new FeedDiscoveryError("fetch_failed", `could not fetch ${url}: ${res.error}`);
    case "gone":
      return new FeedDiscoveryError("fetch_failed", `could not fetch ${url}: the server says it is gone for good (HTTP 410)`);
    case "rate_limited":
      return new FeedDiscoveryError(
        "fetch_failed",
        `could not fetch ${url}: the server is rate limiting (HTTP ${res.status})${res.retryAfterSec != null ? `; retry in ${res.retryAfterSec} s` : ""}`,
      );
    case "http_error":
      return new FeedDiscoveryError("fetch_failed", `could not fetch ${url}: the server answered HTTP ${res.status}`);
    case "not_modified":
      return new FeedDiscoveryError("fetch_failed", `could not fetch ${url}: unexpected 304 Not Modified to an unconditional request`);
  }
}
