// Two jobs, both before the page renders:
//
// 1. Copies the query string of article pages into a request header: the
//    discussion component (rendered inside the page, with no searchParams of its
//    own) reads the `?comments=new|best` order from it.
// 2. Serves the pages every reader shares (lists, sources, articles, search) to
//    readers without a session from a short-lived in-process store, the way Hacker
//    News and Lobsters cache pages for logged-out readers. Rendering one of these
//    pages costs ~20-40 ms of CPU on this kind of machine, which capped the front
//    page near 50 req/s; a stored page is replayed for a fraction of that. Members
//    (a session cookie) and one-shot notices (ra-notice) always render per
//    request, so their own votes, saves, subscriptions and forms stay exact, with
//    or without JavaScript. A miss renders the page once through our own server
//    (concurrent readers of the same URL wait for that one render).
import { NextResponse, type NextRequest } from "next/server";
import { sharedPages, type StoredPage } from "@/lib/page-cache/store";
import { isSharedPageRequest, storableHeaders } from "@/lib/page-cache/policy";
import { ownOrigin } from "@/lib/env";
import { log } from "@/lib/log";

// Marks the proxy's own render request so it passes straight through; random per
// process so a client cannot make its requests look like ours.
const FILL_TOKEN = crypto.randomUUID();
const FILL_HEADER = "x-readahead-fill";
// Larger pages are rendered per request rather than held in memory.
const MAX_STORED_BYTES = 1_000_000;

function passThrough(request: NextRequest): NextResponse {
  if (!request.nextUrl.pathname.startsWith("/a/")) return NextResponse.next();
  const headers = new Headers(request.headers);
  headers.set("x-readahead-search", request.nextUrl.search.slice(0, 2000));
  return NextResponse.next({ request: { headers } });
}

async function renderForStore(origin: string, request: NextRequest): Promise<StoredPage | null> {
  const url = origin + request.nextUrl.pathname + request.nextUrl.search;
  const res = await fetch(url, {
    headers: { [FILL_HEADER]: FILL_TOKEN, accept: "text/html", "user-agent": request.headers.get("user-agent") ?? "" },
    redirect: "manual",
    cache: "no-store",
  });
  const body = new Uint8Array(await res.arrayBuffer());
  const headers = storableHeaders(res.status, res.headers);
  if (!headers || body.byteLength > MAX_STORED_BYTES) return null;
  return { status: res.status, headers, body };
}

export async function proxy(request: NextRequest) {
  if (request.headers.get(FILL_HEADER) === FILL_TOKEN) return passThrough(request);
  const origin = ownOrigin();
  if (!origin || !isSharedPageRequest(request.method, request.nextUrl.pathname, request.nextUrl.searchParams, request.headers)) {
    return passThrough(request);
  }
  const key = request.nextUrl.pathname + request.nextUrl.search;
  try {
    const { page, state } = await sharedPages().get(key, () => renderForStore(origin, request));
    if (!page) return passThrough(request);
    const response = new NextResponse(page.body, { status: page.status, headers: page.headers });
    response.headers.set("x-readahead-cache", state);
    return response;
  } catch (err) {
    log.warn({ err, path: request.nextUrl.pathname }, "shared page store: rendering through it failed; rendering directly");
    return passThrough(request);
  }
}

export const config = {
  matcher: ["/", "/new", "/top", "/sources", "/search", "/s/:path*", "/t/:path*", "/a/:path*"],
};
