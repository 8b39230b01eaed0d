// Runs before every response except Next's static files, for four jobs:
//
// 1. Security headers (lib/security/headers.ts): each page gets a fresh CSP nonce,
//    which Next reads from the request's Content-Security-Policy header and puts
//    on every script it writes; the response carries the same policy. Route
//    handlers get a policy without scripts, and every response HSTS when
//    PUBLIC_URL is https. (nosniff and Referrer-Policy come from next.config.js,
//    which also reaches the static files this proxy skips.)
// 2. Copies the query string of article pages into a request header: the
//    discussion component (rendered inside the page, with no searchParams of its
//    own) reads the `?comments=new|best` order from it.
// 3. Serves the pages every reader shares (lists, sources, articles, search) to
//    readers without a session from a short-lived in-process store, the way Hacker
//    News and Lobsters cache pages for logged-out readers. Rendering one of these
//    pages costs ~20-40 ms of CPU on this kind of machine, which capped the front
//    page near 50 req/s; a stored page is replayed for a fraction of that. Members
//    (a session cookie) and one-shot notices (ra-notice) always render per
//    request, so their own votes, saves, subscriptions and forms stay exact, with
//    or without JavaScript. A miss renders the page once through our own server
//    (concurrent readers of the same URL wait for that one render). A page from
//    the store is public to shared caches (a CDN, nginx) for a second
//    (lib/page-cache/policy.ts); every page rendered for one request is private,
//    no-store. Changes empty the store on every web process (cluster-bus.ts).
//
//    A stored page is replayed with the Content-Security-Policy header of the
//    render that produced it, nonce included: the nonce is baked into the HTML,
//    so a fresh one in the header would block every script on the page. Sharing
//    one render's nonce among the readers of that render is safe: a nonce
//    protects because it is unknown when the page's markup is produced, and the
//    replayed markup was fixed before anyone saw the nonce. Anything that changes
//    the markup is a new render with a new nonce. (policy.ts stores no page
//    without its policy.)
// 4. Limits searches per client address (lib/search/limit.ts), charging only the
//    searches that will run a query: a stored search page is free. A refused
//    search gets the search page with a notice, as 429 with Retry-After when it is
//    a page load (rendered through our own server, like the store's renders).
import { NextResponse, type NextRequest } from "next/server";
import { sharedPages, type StoredPage } from "@/lib/page-cache/store";
import { isSharedPageRequest, PRIVATE_CACHE_CONTROL, replayableHeaders, SHARED_PAGE_VARY, sharedPageKey, storableHeaders, storedPageCacheControl } from "@/lib/page-cache/policy";
import { getEnv, ownOrigin, publicUrl } from "@/lib/env";
import { OPML_UPLOAD_MAX_BODY_BYTES, OPML_UPLOAD_PATH } from "@/lib/admin/opml-limits";
import { log } from "@/lib/log";
import {
  createNonce,
  isRouteHandlerPath,
  NONCE_HEADER,
  pageContentSecurityPolicy,
  routeHandlerContentSecurityPolicy,
  strictTransportSecurity,
} from "@/lib/security/headers";
import { currentClientAddress } from "@/lib/security/request";
import { BAD_REQUEST_PATH } from "@/lib/security/malformed-path";
import { NOT_FOUND_PATH } from "@/lib/http/not-found-body";
import { chargeSearch, isChargedSearch, SEARCH_LIMITED_HEADER, searchLimitedFor } from "@/lib/search/limit";

// Marks the proxy's own render request so it passes straight through; random per
// process so a client cannot make its requests look like ours.
const FILL_TOKEN = crypto.randomUUID();
const FILL_HEADER = "x-readahead-fill";
// Larger pages are rendered per request rather than held in memory.
const MAX_STORED_BYTES = 1_000_000;

interface Policy {
  csp: string;
  /** Set for pages: the nonce Next and the layout put on scripts. */
  nonce: string | null;
}

function policyFor(pathname: string): Policy {
  if (isRouteHandlerPath(pathname)) return { csp: routeHandlerContentSecurityPolicy(), nonce: null };
  const nonce = createNonce();
  const env = getEnv();
  return { csp: pageContentSecurityPolicy(nonce, { isDev: env.NODE_ENV === "development", isHttps: publicUrl().startsWith("https://") }), nonce };
}

/** Sets the headers every answer carries; a replayed page keeps the policy it was rendered with. */
function secured(response: NextResponse, policy: Policy | null): NextResponse {
  if (policy) response.headers.set("Content-Security-Policy", policy.csp);
  const hsts = strictTransportSecurity(publicUrl());
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

/** Lets Next render the request, handing it the nonce (and, when set, the search refusal). */
function passThrough(request: NextRequest, policy: Policy, limitedForSec: number | null = null): NextResponse {
  const headers = new Headers(request.headers);
  if (policy.nonce) {
    headers.set("content-security-policy", policy.csp);
    headers.set(NONCE_HEADER, policy.nonce);
  }
  // Only this proxy says a search was refused; a client's copy is dropped.
  headers.delete(SEARCH_LIMITED_HEADER);
  if (limitedForSec !== null) headers.set(SEARCH_LIMITED_HEADER, String(limitedForSec));
  if (request.nextUrl.pathname.startsWith("/a/")) headers.set("x-readahead-search", request.nextUrl.search.slice(0, 2000));
  const response = NextResponse.next({ request: { headers } });
  // A page rendered for this request alone (a member's, a notice, a post, the
  // router's): no shared cache may keep it. Route handlers (RSS, /api) and files
  // (/icon.svg) say their own.
  const { pathname } = request.nextUrl;
  if (!isRouteHandlerPath(pathname) && !/\.[a-z0-9]+$/i.test(pathname)) response.headers.set("Cache-Control", PRIVATE_CACHE_CONTROL);
  return secured(response, policy);
}

/** Renders `path` (default: `request`'s URL) through our own server, as a logged-out reader or with the given extra headers. */
function renderThroughOwnServer(origin: string, request: NextRequest, extra: Record<string, string> = {}, path = request.nextUrl.pathname + request.nextUrl.search): Promise<Response> {
  return fetch(origin + path, {
    headers: { [FILL_HEADER]: FILL_TOKEN, accept: "text/html", "user-agent": request.headers.get("user-agent") ?? "", ...extra },
    redirect: "manual",
    cache: "no-store",
  });
}

/**
 * Renders the page stored under `key` (its path and the parameters pages read), as a
 * logged-out reader sees it. A 404 page is not stored but handed to `onNotFound`, so the
 * reader who asked gets it without a second render.
 */
async function renderForStore(origin: string, request: NextRequest, key: string, onNotFound: (page: StoredPage) => void): Promise<StoredPage | null> {
  const res = await renderThroughOwnServer(origin, request, {}, key);
  const body = new Uint8Array(await res.arrayBuffer());
  if (res.status === 404 && storableHeaders(200, res.headers)) onNotFound({ status: 404, headers: replayableHeaders(res.headers), body });
  const headers = storableHeaders(res.status, res.headers);
  if (!headers || body.byteLength > MAX_STORED_BYTES) return null;
  return { status: res.status, headers, body };
}

/**
 * The answer to a refused search: for a page load, the search page with its notice
 * as 429; for a client navigation (an RSC request, which must get an RSC payload)
 * or outside `next start`, the same notice through Next with its own status.
 */
async function refuseSearch(request: NextRequest, origin: string | null, retryAfterSec: number): Promise<NextResponse> {
  const isRsc = request.headers.has("rsc") || request.nextUrl.searchParams.has("_rsc");
  if (origin && !isRsc) {
    try {
      const cookie = request.headers.get("cookie");
      const res = await renderThroughOwnServer(origin, request, { [SEARCH_LIMITED_HEADER]: String(retryAfterSec), ...(cookie ? { cookie } : {}) });
      const headers = new Headers(replayableHeaders(res.headers));
      headers.set("Retry-After", String(retryAfterSec));
      headers.set("Cache-Control", PRIVATE_CACHE_CONTROL);
      return secured(new NextResponse(await res.arrayBuffer(), { status: 429, headers }), null);
    } catch (err) {
      log.warn({ err }, "search limit: rendering the refusal page failed; answering through Next");
    }
  }
  return passThrough(request, policyFor(request.nextUrl.pathname), retryAfterSec);
}

export async function proxy(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;
  if (request.headers.get(FILL_HEADER) === FILL_TOKEN) {
    // Our own render: the refusal header, when present, is ours too.
    return passThrough(request, policyFor(pathname), searchLimitedFor(request.headers));
  }
  // The web server's 400 page for unreadable paths (rendered for the request that carries
  // its header) and its server-rendered 404 body (lib/http/not-found-body.ts): never stored.
  if (pathname === BAD_REQUEST_PATH || pathname === NOT_FOUND_PATH) return passThrough(request, policyFor(pathname));
  // An OPML upload over the cap, posted as a plain form (no JavaScript: the form's own
  // check stops it otherwise), gets the form back with a clear message instead of Next's
  // generic body-size error. Nothing of the body is read. Staff pages answer anyone else 404.
  if (request.method === "POST" && pathname === OPML_UPLOAD_PATH && !request.headers.has("next-action") && Number(request.headers.get("content-length") ?? 0) > OPML_UPLOAD_MAX_BODY_BYTES) {
    // On the site's public address (Next refuses a relative Location here, and the
    // request's own URL names the host the server bound to, not the one the browser used).
    const response = NextResponse.redirect(new URL(`${OPML_UPLOAD_PATH}?too-large`, publicUrl()), 303);
    response.headers.set("Cache-Control", PRIVATE_CACHE_CONTROL);
    return secured(response, null);
  }
  const origin = ownOrigin();
  const isSearch = isChargedSearch(request.method, pathname, searchParams);
  const search = { charged: false, refusedSec: null as number | null };
  const charge = async (): Promise<boolean> => {
    search.charged = true;
    const decision = await chargeSearch(await currentClientAddress());
    if (!decision.allowed) search.refusedSec = decision.retryAfterSec;
    return decision.allowed;
  };

  if (origin && isSharedPageRequest(request.method, pathname, searchParams, request.headers)) {
    const key = sharedPageKey(pathname, searchParams);
    let notFound: StoredPage | null = null;
    try {
      // A search is charged only when this request renders it; readers waiting on
      // that render, or served a stored copy, run no query of their own.
      const { page, state } = await sharedPages().get(key, async () => {
        if (isSearch && !(await charge())) return null;
        return renderForStore(origin, request, key, (p) => (notFound = p));
      });
      if (state === "miss" && search.refusedSec !== null) return refuseSearch(request, origin, search.refusedSec);
      const answer = page ?? notFound;
      if (answer) {
        const response = new NextResponse(answer.body, { status: answer.status, headers: answer.headers });
        response.headers.set("x-readahead-cache", page ? state : "miss");
        // What every logged-out reader gets may be kept by a CDN or reverse proxy too;
        // a 404 is not stored here, nor there.
        response.headers.set("Cache-Control", page ? storedPageCacheControl(pathname) : PRIVATE_CACHE_CONTROL);
        if (page) response.headers.set("Vary", SHARED_PAGE_VARY);
        return secured(response, null);
      }
    } catch (err) {
      log.warn({ err, path: pathname }, "shared page store: rendering through it failed; rendering directly");
    }
  }
  // This request renders its own page: a search is charged here unless its render
  // for the store already was.
  if (isSearch && !search.charged && !(await charge())) return refuseSearch(request, origin, search.refusedSec ?? 60);
  return passThrough(request, policyFor(pathname));
}

export const config = {
  // Next's own static files (hashed, immutable) carry next.config.js's headers only.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
