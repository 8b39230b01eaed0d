/**
 * Which requests may be answered from the shared page store, and which response
 * headers may be replayed to another reader. Pure functions, unit tested.
 */

// Cookies that change what a page shows: the session (members) and one-shot notices.
// If you add a cookie that a page reads, add it here.
const PERSONAL_COOKIE = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token=|(?:^|;\s*)ra-notice=/;

// Next renders metadata differently for crawlers that cannot run JavaScript, so
// crawlers get their own render rather than a stored browser page.
const CRAWLER_UA = /bot|crawl|spider|slurp|google|lighthouse|facebookexternalhit|facebookcatalog|whatsapp|preview|yandex|baidu|sogou|yeti|tumblr|quora|vkshare|ia_archiver|skypeuri/i;

/** Whether a request is a logged-out reader's plain page load of a shared page. */
export function isSharedPageRequest(method: string, pathname: string, search: URLSearchParams, headers: Headers): boolean {
  if (method !== "GET") return false;
  // Route handlers (the RSS feeds, /agent.md, /llms.txt) are cheap and not HTML.
  if (pathname.endsWith(".xml") || pathname === "/agent.md" || pathname === "/llms.txt") return false;
  // Client navigations and prefetches fetch the RSC payload; server actions post.
  // proxy.ts sees these only because next.config.js sets skipProxyUrlNormalize.
  if (headers.has("rsc") || headers.has("next-router-prefetch") || headers.has("next-action") || search.has("_rsc")) return false;
  // A browser says what a request is for: only a document load may get a stored
  // page (clients without Sec-Fetch-Dest, such as load generators, count as one).
  const dest = headers.get("sec-fetch-dest");
  if (dest !== null && dest !== "document") return false;
  if (PERSONAL_COOKIE.test(headers.get("cookie") ?? "")) return false;
  if (CRAWLER_UA.test(headers.get("user-agent") ?? "")) return false;
  return true;
}

// Hop-by-hop and length/encoding headers are recomputed for the replayed body.
const DROPPED = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "date"]);

/** A response's headers as the proxy may send them again with the same body. */
export function replayableHeaders(headers: Headers): [string, string][] {
  const kept: [string, string][] = [];
  headers.forEach((value, name) => {
    if (!DROPPED.has(name.toLowerCase())) kept.push([name, value]);
  });
  return kept;
}

/**
 * The headers to replay with a stored response, or null when it must not be
 * stored: only complete 200 HTML pages that set no cookie and carry their
 * Content-Security-Policy (its nonce is baked into the page's scripts, so the page
 * is replayed with that header or not at all; see proxy.ts).
 */
export function storableHeaders(status: number, headers: Headers): [string, string][] | null {
  if (status !== 200) return null;
  if (!(headers.get("content-type") ?? "").startsWith("text/html")) return null;
  if (headers.has("set-cookie")) return null;
  if (!headers.has("content-security-policy")) return null;
  return replayableHeaders(headers);
}
