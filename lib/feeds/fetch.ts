/**
 * The feed fetcher: our own HTTP client (never a parser's built-in fetch), polite
 * and safe. Follows at most MAX_REDIRECTS redirects, re-checking every hop against
 * the address guard; sends conditional-GET validators; caps the decoded body; and
 * maps every outcome to a FetchResult. It never throws for network conditions.
 */
import { getEnv, type Env } from "../env";
import { parseAllowCidrs } from "./address-guard";
import { parseCacheControlMaxAge, parseRetryAfter } from "./http-cache";
import { FetchFailure } from "./read-body";
import { requestOnce, type RawResponse } from "./request-once";
import type { FetchResult } from "./types";

export interface FetchFeedOptions {
  etag?: string | null;
  lastModified?: string | null;
  signal?: AbortSignal;
  /** Comma-separated CIDRs that may be reached although private; default FEED_FETCH_ALLOW_CIDRS. */
  allowCidrs?: string;
  timeoutMs?: number;
  connectTimeoutMs?: number;
  maxBytes?: number;
  userAgent?: string;
  maxRedirects?: number;
  accept?: string;
}

/** The issue's limit; a chain longer than this is an error, not a feed. */
export const MAX_REDIRECTS = 5;

export const FEED_ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, " +
  "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const HEADER_SAFE = /^[\x20-\x7e]{1,1024}$/;

/** Fetches a feed URL and reports the outcome as a FetchResult (never throws for network conditions). */
export async function fetchFeed(url: string, opts: FetchFeedOptions = {}): Promise<FetchResult> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const at = { url };
  // Outside the try: a bad configuration is not a network condition and must stop the caller loudly.
  const env = getEnv();
  try {
    return await fetchWithRedirects(url, opts, env, started, at);
  } catch (e) {
    if (e instanceof FetchFailure) {
      return e.kind === "refused"
        ? { kind: "refused", error: e.message, durationMs: elapsed() }
        : { kind: "network_error", code: e.code, error: e.message, durationMs: elapsed() };
    }
    return { kind: "network_error", ...describeNetworkError(e, at.url), durationMs: elapsed() };
  }
}

/** `at.url` tracks the hop in flight, so an error names the host that failed. */
async function fetchWithRedirects(
  startUrl: string,
  opts: FetchFeedOptions,
  env: Env,
  started: number,
  at: { url: string },
): Promise<FetchResult> {
  const timeoutMs = opts.timeoutMs ?? env.FEED_FETCH_TIMEOUT_MS;
  const maxRedirects = opts.maxRedirects ?? MAX_REDIRECTS;
  let allow;
  try {
    allow = parseAllowCidrs(opts.allowCidrs ?? env.FEED_FETCH_ALLOW_CIDRS);
  } catch (e) {
    throw new FetchFailure("refused", "config", (e as Error).message);
  }
  const headers: Record<string, string> = {
    "user-agent": opts.userAgent ?? env.FEED_USER_AGENT,
    accept: opts.accept ?? FEED_ACCEPT,
    "accept-encoding": "gzip, deflate, br",
  };
  // A stored validator with control characters would make node:http throw; drop it and fetch in full.
  if (opts.etag && HEADER_SAFE.test(opts.etag)) headers["if-none-match"] = opts.etag;
  if (opts.lastModified && HEADER_SAFE.test(opts.lastModified)) headers["if-modified-since"] = opts.lastModified;

  const seen = new Set<string>();
  let url = parseHttpUrl(startUrl);
  // Stays non-null while every hop so far was a permanent redirect.
  let permanentUrl: string | null = null;
  let allPermanent = true;
  for (let hop = 0; ; hop++) {
    seen.add(url.href);
    at.url = url.href;
    const res: RawResponse = await requestOnce(url, {
      headers,
      allow,
      connectTimeoutMs: opts.connectTimeoutMs ?? env.FEED_CONNECT_TIMEOUT_MS,
      deadline: started + timeoutMs,
      totalTimeoutMs: timeoutMs,
      maxBytes: opts.maxBytes ?? env.FEED_MAX_BYTES,
      wantBody: (s) => s >= 200 && s < 300,
      signal: opts.signal,
    });
    const location = header(res, "location");
    if (REDIRECT_STATUSES.has(res.status) && location) {
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new FetchFailure("network_error", "redirect", `redirect from ${url.href} to an invalid URL: ${location.slice(0, 200)}`);
      }
      next = parseHttpUrl(next.href);
      if (seen.has(next.href)) {
        throw new FetchFailure("network_error", "redirect_loop", `redirect loop: ${url.href} redirects back to ${next.href}`);
      }
      if (hop + 1 > maxRedirects) {
        throw new FetchFailure("network_error", "too_many_redirects", `too many redirects (more than ${maxRedirects}), last to ${next.href}`);
      }
      allPermanent &&= res.status === 301 || res.status === 308;
      permanentUrl = allPermanent ? next.href : null;
      url = next;
      continue;
    }
    return toResult(res, url.href, permanentUrl, Date.now() - started);
  }
}

function toResult(res: RawResponse, finalUrl: string, permanentUrl: string | null, durationMs: number): FetchResult {
  const s = res.status;
  const maxAgeSec = parseCacheControlMaxAge(header(res, "cache-control"));
  const retryAfterSec = parseRetryAfter(header(res, "retry-after"));
  if (s >= 200 && s < 300) {
    return {
      kind: "ok",
      status: s,
      body: res.body ?? Buffer.alloc(0),
      contentType: header(res, "content-type"),
      etag: header(res, "etag"),
      lastModified: header(res, "last-modified"),
      finalUrl,
      permanentUrl,
      maxAgeSec,
      durationMs,
    };
  }
  if (s === 304) {
    return { kind: "not_modified", status: 304, etag: header(res, "etag"), lastModified: header(res, "last-modified"), maxAgeSec, durationMs };
  }
  if (s === 429 || s === 503) return { kind: "rate_limited", status: s, retryAfterSec, durationMs };
  if (s === 410) return { kind: "gone", status: 410, durationMs };
  const reason = REDIRECT_STATUSES.has(s) ? "redirect without a Location header" : res.statusText || "error";
  return { kind: "http_error", status: s, retryAfterSec, durationMs, error: `HTTP ${s} ${reason} from ${finalUrl}` };
}

function header(res: RawResponse, name: string): string | null {
  const v = res.headers[name];
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(", ") : v;
}

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchFailure("refused", "invalid_url", `not a valid URL: ${JSON.stringify(raw.slice(0, 200))}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchFailure("refused", "scheme", `only http and https URLs are fetched, not ${url.protocol} (${url.href.slice(0, 200)})`);
  }
  url.hash = "";
  return url;
}

/** A code and one readable line for a socket/DNS/TLS error, naming the host. */
function describeNetworkError(e: unknown, url: string): { code: string; error: string } {
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? "";
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    /* the URL was validated before any socket opened; keep the raw string */
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return { code: "dns", error: `DNS lookup failed for ${host} (${code})` };
  if (code === "ECONNREFUSED") return { code: "connect", error: `connection refused by ${host}` };
  if (code === "ECONNRESET") return { code: "connect", error: `connection reset by ${host}` };
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return { code: "connect", error: `${host} is unreachable (${code})` };
  if (code.startsWith("HPE_")) return { code: "protocol", error: `invalid HTTP response from ${host}: ${err.message}` };
  if (code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL") || code.includes("CERT") || /certificate|SSL|TLS/i.test(err?.message ?? "")) {
    return { code: "tls", error: `TLS error with ${host}: ${err.message}` };
  }
  return { code: "network", error: `network error fetching ${host}: ${err?.message ?? String(e)}${code ? ` (${code})` : ""}` };
}
