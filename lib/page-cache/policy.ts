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

// Pages whose answer changes when they are used and whose URL holds a secret: a reset
// link's page and an agent's claim page (a stored copy would offer the form after the
// link was spent, and keep the token in memory).
const NEVER_STORED = /^\/(?:reset|claim)\/./;

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
  if (NEVER_STORED.test(pathname)) return false;
  if (CRAWLER_UA.test(headers.get("user-agent") ?? "")) return false;
  return true;
}

// Every query parameter a page served to logged-out readers reads (lists and search: after; top: t;
// search: q, and page, which old links carry and which sends them to the first page; an
// article's discussion: comments, comments_after; login and
// sign-up: next). If a page reads another, add it here: the store would otherwise
// serve one render for every value of it (tests/unit/page-cache.test.ts lists them).
const PAGE_PARAMS = ["after", "t", "q", "page", "comments", "comments_after", "next"] as const;

/**
 * The store's key for a shared page: the path and only the parameters a page reads,
 * first value each (as the pages read them), in a fixed order. Any other parameter
 * cannot change the page, so `/?x=1`, `/?x=2`… are one entry: a client cannot fill the
 * store with copies of one page and push out the pages readers want.
 */
export function sharedPageKey(pathname: string, search: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const name of PAGE_PARAMS) {
    const value = search.get(name);
    if (value !== null) kept.set(name, value);
  }
  const query = kept.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/**
 * Cache-Control of a shared page served to a logged-out reader: a CDN or reverse
 * proxy may keep it 1 s and serve it 1 s longer while it fetches the next copy, so a
 * change reaches readers behind it about as soon as it reaches our own store (within
 * 2 s; nginx counts whole seconds, see README "A reverse proxy in front"). Browsers
 * keep nothing (no max-age).
 */
export const SHARED_PAGE_CACHE_CONTROL = "public, s-maxage=1, stale-while-revalidate=1";

/**
 * Vary of a shared page: every request header isSharedPageRequest reads, so a shared
 * cache never hands the stored page to a member (Cookie), to the router (its RSC
 * headers; `_rsc` is in the URL) or to a non-document fetch. The user agent is left
 * out on purpose (crawlers get their own render here; varying on it would store a
 * copy per browser version): the documented nginx configuration bypasses its cache
 * for crawlers instead. Under 128 characters, above which nginx stores nothing.
 */
export const SHARED_PAGE_VARY = "Cookie, RSC, Next-Router-State-Tree, Next-Router-Prefetch, Next-Router-Segment-Prefetch, Sec-Fetch-Dest, Accept-Encoding";

// Sign-in and sign-up pages may come from our store, but shared caches keep no copy
// of a page that takes a password (a stale login form after a deploy fails its post).
const PRIVATE_PAGE = /^\/(?:login|signup)(?:\/|$)/;

/** The Cache-Control a page from the shared store is served with: public for shared caches, except sign-in and sign-up pages. */
export function storedPageCacheControl(pathname: string): string {
  return PRIVATE_PAGE.test(pathname) ? PRIVATE_CACHE_CONTROL : SHARED_PAGE_CACHE_CONTROL;
}

/** Cache-Control of everything rendered for one request (members, notices, posts, the router's requests). */
export const PRIVATE_CACHE_CONTROL = "private, no-store";

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
