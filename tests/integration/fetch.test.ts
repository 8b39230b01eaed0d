// fetchFeed against a real loopback server: every hostile route ends in bounded
// time (the test timeout) and bounded memory, with the right FetchResult kind.
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "../../lib/env";
import { fetchFeed } from "../../lib/feeds/fetch";
import type { FetchResult } from "../../lib/feeds/types";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server";
import {
  BILLION_LAUGHS,
  GZIP_BOMB_INFLATED_BYTES,
  INVALID_BYTES,
  REPEATED_GUIDS,
  SAMPLE_RSS,
  STREAM_BOMB_INFLATED_BYTES,
  XXE,
} from "../helpers/hostile-routes";

const ALLOW = "127.0.0.1/32";
const MAX_BYTES = 4 * 1024 * 1024;
let fx: FixtureServer;

beforeAll(async () => {
  fx = await startFixtureServer();
});
afterAll(async () => {
  await fx.close();
});

function get(path: string, opts: Parameters<typeof fetchFeed>[1] = {}): Promise<FetchResult> {
  return fetchFeed(fx.url(path), { allowCidrs: ALLOW, timeoutMs: 5_000, maxBytes: MAX_BYTES, ...opts });
}

function expectKind<K extends FetchResult["kind"]>(r: FetchResult, kind: K): Extract<FetchResult, { kind: K }> {
  if (r.kind !== kind) throw new Error(`expected ${kind}, got ${JSON.stringify({ ...r, body: undefined })}`);
  return r as Extract<FetchResult, { kind: K }>;
}

/** Runs fn while sampling RSS every few ms; returns its result and the peak growth in bytes. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; growth: number }> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - before };
  } finally {
    clearInterval(timer);
  }
}

describe("fetchFeed: success paths", () => {
  it("fetches a feed with validators, a real User-Agent and feed Accept headers", async () => {
    const r = expectKind(await get("/feeds/site.xml"), "ok");
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe(SAMPLE_RSS);
    expect(r.contentType).toBe("application/rss+xml");
    expect(r.etag).toMatch(/^"[0-9a-f]+"$/);
    expect(r.lastModified).toBe("Thu, 01 Jan 2026 00:00:00 GMT");
    expect(r.finalUrl).toBe(fx.url("/feeds/site.xml"));
    const headers = fx.lastRequest("/feeds/site.xml")!.headers;
    expect(headers["user-agent"]).toBe(getEnv().FEED_USER_AGENT);
    expect(headers.accept).toMatch(/^application\/rss\+xml, application\/atom\+xml/);
    expect(headers["accept-encoding"]).toBe("gzip, deflate, br");
    expect(headers["if-none-match"]).toBeUndefined();
  });

  it("sends If-None-Match and If-Modified-Since and maps 304 to not_modified", async () => {
    const first = expectKind(await get("/feeds/site.xml"), "ok");
    const byEtag = expectKind(await get("/feeds/site.xml", { etag: first.etag }), "not_modified");
    expect(byEtag.etag).toBe(first.etag);
    expect(fx.lastRequest("/feeds/site.xml")!.headers["if-none-match"]).toBe(first.etag);
    expectKind(await get("/feeds/site.xml", { lastModified: first.lastModified }), "not_modified");
    expect(fx.lastRequest("/feeds/site.xml")!.headers["if-modified-since"]).toBe(first.lastModified);
    // A stale validator gets the full body again.
    expectKind(await get("/feeds/site.xml", { etag: '"stale"' }), "ok");
  });

  it("drops a stored validator that is not a valid header value instead of failing", async () => {
    const r = await get("/feeds/site.xml", { etag: '"bad\r\nX-Injected: 1"', lastModified: "caf\u00e9" });
    expect(r.kind).toBe("ok");
    expect(fx.lastRequest("/feeds/site.xml")!.headers["x-injected"]).toBeUndefined();
    expect(fx.lastRequest("/feeds/site.xml")!.headers["if-none-match"]).toBeUndefined();
  });

  it("serves the full body every time when the server sends no validators", async () => {
    fx.serveBody("/novalidators.xml", SAMPLE_RSS, { validators: false });
    const r = expectKind(await get("/novalidators.xml", { etag: '"x"', lastModified: "Thu, 01 Jan 2026 00:00:00 GMT" }), "ok");
    expect(r.etag).toBeNull();
    expect(r.lastModified).toBeNull();
  });

  it.each(["gzip", "deflate", "deflate-raw", "br"] as const)("decodes a %s body", async (encoding) => {
    fx.serveBody(`/encoded/${encoding}.xml`, SAMPLE_RSS, { encoding });
    const r = expectKind(await get(`/encoded/${encoding}.xml`), "ok");
    expect(r.body.toString()).toBe(SAMPLE_RSS);
  });

  it("decodes stacked codings and keeps what arrived of a truncated gzip body", async () => {
    fx.route("/stacked", (_req, res) => {
      res.writeHead(200, { "content-encoding": "deflate, gzip" });
      res.end(zlib.gzipSync(zlib.deflateSync(SAMPLE_RSS)));
    });
    const full = zlib.gzipSync(SAMPLE_RSS);
    fx.route("/truncated-gzip", (_req, res) => {
      res.writeHead(200, { "content-encoding": "gzip" });
      res.end(full.subarray(0, full.length - 8)); // the trailer (CRC and length) is missing
    });
    expect(expectKind(await get("/stacked"), "ok").body.toString()).toBe(SAMPLE_RSS);
    // Browsers show such pages too; the parser then judges the document.
    expect(expectKind(await get("/truncated-gzip"), "ok").body.toString()).toBe(SAMPLE_RSS);
  });

  it("parses Cache-Control max-age", async () => {
    fx.route("/cache-control", (_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml", "cache-control": "public, max-age=900" });
      res.end(SAMPLE_RSS);
    });
    expect(expectKind(await get("/cache-control"), "ok").maxAgeSec).toBe(900);
  });

  it("follows a chain of 5 redirects, and reports the permanent target of 301s", async () => {
    const chain = expectKind(await get("/hostile/redirect-chain/5"), "ok");
    expect(chain.finalUrl).toBe(fx.url("/hostile/redirect-chain/0"));
    expect(chain.permanentUrl).toBeNull(); // 302s: keep polling the original URL
    fx.route("/moved", (_req, res) => {
      res.writeHead(301, { location: "/feeds/site.xml" });
      res.end();
    });
    expect(expectKind(await get("/moved"), "ok").permanentUrl).toBe(fx.url("/feeds/site.xml"));
  });

  it("returns hostile documents byte for byte and unexpanded (the parser must defuse them)", async () => {
    for (const [path, bytes] of [
      ["/hostile/billion-laughs", Buffer.from(BILLION_LAUGHS)],
      ["/hostile/xxe", Buffer.from(XXE)],
      ["/hostile/invalid-bytes", INVALID_BYTES],
      ["/hostile/repeated-guids", Buffer.from(REPEATED_GUIDS)],
    ] as const) {
      const r = expectKind(await get(path), "ok");
      expect(r.body.equals(bytes), path).toBe(true);
    }
  });
});

describe("fetchFeed: statuses", () => {
  it("maps 429 with Retry-After seconds to rate_limited", async () => {
    expect(await get("/status/429")).toMatchObject({ kind: "rate_limited", status: 429, retryAfterSec: 120 });
  });

  it("maps 503 with an HTTP-date Retry-After to rate_limited with seconds from now", async () => {
    const r = expectKind(await get("/status/503"), "rate_limited");
    expect(r.status).toBe(503);
    expect(r.retryAfterSec).toBeGreaterThanOrEqual(85);
    expect(r.retryAfterSec).toBeLessThanOrEqual(91);
  });

  it("maps 410 to gone", async () => {
    expect(await get("/status/410")).toMatchObject({ kind: "gone", status: 410 });
  });

  it("maps an unconditional 304 to not_modified", async () => {
    expect(await get("/status/304")).toMatchObject({ kind: "not_modified", status: 304, etag: '"fixture-304"' });
  });

  it.each([
    [500, /^HTTP 500 Internal Server Error from http:\/\/127\.0\.0\.1:\d+\/status\/500$/],
    [404, /^HTTP 404 Not Found from /],
  ])("maps %i to http_error with a message", async (status, message) => {
    const r = expectKind(await get(`/status/${status}`), "http_error");
    expect(r.status).toBe(status);
    expect(r.error).toMatch(message);
    expect(r.retryAfterSec).toBeNull();
  });

  it("keeps Retry-After on other errors", async () => {
    fx.route("/status/502-retry", (_req, res) => {
      res.writeHead(502, { "retry-after": "30" });
      res.end();
    });
    expect(await get("/status/502-retry")).toMatchObject({ kind: "http_error", status: 502, retryAfterSec: 30 });
  });
});

describe("fetchFeed: address guard", () => {
  it("refuses a loopback source that is not in the allow-list, naming the address", async () => {
    const r = expectKind(await get("/feeds/site.xml", { allowCidrs: "" }), "refused");
    expect(r.error).toMatch(/^refused to connect to 127\.0\.0\.1: address 127\.0\.0\.1 \(loopback\) is not allowed/);
    expect(fx.hits("/feeds/site.xml")).toBeGreaterThan(0); // earlier tests; now prove this one sent nothing:
    const before = fx.hits("/feeds/site.xml");
    await get("/feeds/site.xml", { allowCidrs: "" });
    expect(fx.hits("/feeds/site.xml")).toBe(before);
  });

  it("checks DNS answers: localhost resolves to a refused address", async () => {
    const url = fx.url("/feeds/site.xml").replace("127.0.0.1", "localhost");
    const r = expectKind(await fetchFeed(url, { allowCidrs: "" }), "refused");
    expect(r.error).toMatch(/^refused to connect to localhost: address (127\.0\.0\.1 \(loopback\)|::1 \(loopback\))/);
  });

  it("refuses IPv4-mapped IPv6 literals of loopback", async () => {
    const url = fx.url("/feeds/site.xml").replace("127.0.0.1", "[::ffff:127.0.0.1]");
    const r = expectKind(await fetchFeed(url, { allowCidrs: "" }), "refused");
    expect(r.error).toMatch(/loopback, via embedded IPv4 127\.0\.0\.1/);
  });

  it.each([
    ["http://2130706433:PORT/", "127.0.0.1 (loopback)"],
    ["http://0x7f.1:PORT/", "127.0.0.1 (loopback)"],
    ["http://017700000001:PORT/", "127.0.0.1 (loopback)"],
    ["http://0.0.0.0:PORT/", "0.0.0.0 (unspecified"], // Linux routes 0.0.0.0 to this host
    ["http://[::]:PORT/", ":: (unspecified)"],
    ["http://[::ffff:7f00:1]:PORT/", "loopback, via embedded IPv4 127.0.0.1"],
  ])("refuses the disguised loopback URL %s", async (template, reason) => {
    const url = template.replace("PORT", new URL(fx.origin).port);
    const r = expectKind(await fetchFeed(url, { allowCidrs: "" }), "refused");
    expect(r.error).toContain(reason);
  });

  it("re-checks redirect targets: to the metadata service", async () => {
    const r = expectKind(await get("/hostile/redirect-metadata"), "refused");
    expect(r.error).toMatch(/169\.254\.169\.254 \(cloud metadata service\)/);
  });

  it("re-checks redirect targets: to another loopback address outside the allow-list", async () => {
    const target = fx.url("/feeds/site.xml").replace("127.0.0.1", "127.0.0.2");
    const r = expectKind(await get(`/redirect?to=${encodeURIComponent(target)}`), "refused");
    expect(r.error).toMatch(/127\.0\.0\.2 \(loopback\)/);
  });

  it.each([
    ["file:///etc/passwd", /only http and https URLs are fetched, not file:/],
    ["gopher://127.0.0.1/", /not gopher:/],
  ])("refuses a redirect to %s", async (to, message) => {
    const r = expectKind(await get(`/redirect?to=${encodeURIComponent(to)}`), "refused");
    expect(r.error).toMatch(message);
  });

  it.each([
    ["ftp://example.org/feed", /only http and https/],
    ["not a url", /not a valid URL/],
  ])("refuses %s without a request", async (url, message) => {
    expect(expectKind(await fetchFeed(url, { allowCidrs: ALLOW }), "refused").error).toMatch(message);
  });
});

describe("fetchFeed: hostile servers end in bounded time and memory", () => {
  it("stops a gzip bomb at the decoded-size cap without inflating it", async () => {
    await get("/hostile/gzip-bomb", { maxBytes: 1024 * 1024 }); // warm-up: the server builds the bomb once
    const { result, growth } = await withPeakRss(() => get("/hostile/gzip-bomb"));
    const r = expectKind(result, "network_error");
    expect(r.code).toBe("too_large");
    expect(r.error).toBe(`response body is larger than the ${MAX_BYTES}-byte limit (counted after decompression)`);
    // The bomb inflates to 1 GiB; we may hold the cap plus decoder buffers.
    expect(growth).toBeLessThan(GZIP_BOMB_INFLATED_BYTES / 8);
  });

  it.each(["/hostile/brotli-bomb", "/hostile/deflate-bomb"])("stops %s at the cap too", async (path) => {
    await get(path, { maxBytes: 1024 * 1024 }); // warm-up: the server builds the bomb once
    const { result, growth } = await withPeakRss(() => get(path));
    expect(expectKind(result, "network_error").code).toBe("too_large");
    expect(growth).toBeLessThan(STREAM_BOMB_INFLATED_BYTES / 4);
  });

  it("stops an endless body at the cap", async () => {
    const { result, growth } = await withPeakRss(() => get("/hostile/endless"));
    expect(expectKind(result, "network_error").code).toBe("too_large");
    expect(growth).toBeLessThan(128 * 1024 * 1024);
  });

  it("cuts off a server trickling a byte a second at the total timeout", async () => {
    const r = expectKind(await get("/hostile/trickle", { timeoutMs: 1_500 }), "network_error");
    expect(r.code).toBe("timeout");
    expect(r.error).toBe("no complete response within 1500 ms");
  });

  it("stops when the caller aborts", async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const r = expectKind(await get("/hostile/trickle", { signal: ac.signal }), "network_error");
    expect(r.code).toBe("aborted");
  });

  it("detects a redirect loop", async () => {
    const r = expectKind(await get("/hostile/redirect-loop"), "network_error");
    expect(r.code).toBe("redirect_loop");
    expect(r.error).toMatch(/^redirect loop: .*\/hostile\/redirect-loop redirects back to/);
  });

  it("gives up after 5 redirects", async () => {
    const r = expectKind(await get("/hostile/redirect-chain/6"), "network_error");
    expect(r.code).toBe("too_many_redirects");
    expect(r.error).toMatch(/^too many redirects \(more than 5\)/);
  });

  it("reports a corrupt or unsupported Content-Encoding as a decode error", async () => {
    fx.route("/bad-gzip", (_req, res) => {
      res.writeHead(200, { "content-encoding": "gzip" });
      res.end("this is not gzip at all");
    });
    fx.route("/compress", (_req, res) => {
      res.writeHead(200, { "content-encoding": "compress" });
      res.end("x");
    });
    const bad = expectKind(await get("/bad-gzip"), "network_error");
    expect(bad).toMatchObject({ code: "decode" });
    expect(bad.error).toMatch(/^could not decode the gzip body: /);
    expect(await get("/compress")).toMatchObject({ kind: "network_error", code: "decode", error: 'unsupported Content-Encoding "compress"' });
  });

  it("refuses a declared Content-Length over the cap before reading", async () => {
    fx.route("/huge-declared", (_req, res) => {
      res.writeHead(200, { "content-length": String(MAX_BYTES + 1) });
      res.write("x"); // then hang: the client must not wait for the rest
    });
    const r = expectKind(await get("/huge-declared"), "network_error");
    expect(r).toMatchObject({ code: "too_large" });
    expect(r.error).toMatch(/Content-Length: 4194305/);
  });

  it("reports a refused connection as a network error naming the host", async () => {
    const closed = await startFixtureServer();
    const url = closed.url("/feeds/site.xml");
    await closed.close();
    const r = expectKind(await fetchFeed(url, { allowCidrs: ALLOW }), "network_error");
    expect(r.error).toMatch(/^connection refused by 127\.0\.0\.1:\d+$/);
  });
});
