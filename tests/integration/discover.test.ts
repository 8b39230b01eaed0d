// discoverFeedUrl against a real loopback server: a site URL leads to its feed,
// a feed URL is accepted as is, and every dead end is a FeedDiscoveryError a person can read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverFeedUrl, FeedDiscoveryError } from "../../lib/feeds/discover";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server";
import { SAMPLE_ATOM, SAMPLE_JSON_FEED, SAMPLE_RSS } from "../helpers/hostile-routes";

const OPTS = { allowCidrs: "127.0.0.1/32", timeoutMs: 5_000 };
let fx: FixtureServer;

beforeAll(async () => {
  fx = await startFixtureServer();
  const html = (head: string) => `<!doctype html><html><head><title>Page</title>${head}</head><body></body></html>`;
  fx.serveBody("/site/base.html", html(`<base href="/elsewhere/"><link rel="alternate" type="application/atom+xml" href="feed.atom">`), {
    contentType: "text/html",
  });
  fx.serveBody("/elsewhere/feed.atom", SAMPLE_ATOM, { contentType: "application/atom+xml" });
  fx.serveBody(
    "/site/first-broken.html",
    html(
      `<link rel="alternate" type="application/rss+xml" href="/missing.xml" title="Broken">` +
        `<link rel="alternate" type="application/feed+json" href="/feeds/site.json" title="JSON">`,
    ),
    { contentType: "text/html" },
  );
  fx.serveBody("/site/links-to-html.html", html(`<link rel="alternate" type="application/rss+xml" href="/html-without-feed">`), {
    contentType: "text/html",
  });
  fx.serveBody(
    "/site/links-to-metadata.html",
    html(`<link rel="alternate" type="application/rss+xml" href="http://169.254.169.254/latest/meta-data/">`),
    { contentType: "text/html" },
  );
  fx.serveBody("/site/plain.txt", "just text", { contentType: "text/plain" });
});
afterAll(async () => {
  await fx.close();
});

async function discoveryError(url: string, opts = OPTS): Promise<FeedDiscoveryError> {
  try {
    await discoverFeedUrl(url, opts);
  } catch (e) {
    if (e instanceof FeedDiscoveryError) return e;
    throw e;
  }
  throw new Error(`expected discovery of ${url} to fail`);
}

describe("discoverFeedUrl", () => {
  it("finds the feed linked from a site page and confirms it", async () => {
    const found = await discoverFeedUrl(fx.url("/html-with-feed-link"), OPTS);
    expect(found.feedUrl).toBe(fx.url("/feeds/site.xml"));
    expect(found.title).toBe("Fixture Site feed");
    expect(found.body?.toString()).toBe(SAMPLE_RSS);
    expect(found.etag).toMatch(/^"[0-9a-f]+"$/);
    expect(found.lastModified).toBe("Thu, 01 Jan 2026 00:00:00 GMT");
    expect(fx.lastRequest("/html-with-feed-link")!.headers.accept).toMatch(/text\/html/);
  });

  it.each([
    ["/feeds/site.xml", SAMPLE_RSS],
    ["/feeds/site.atom", SAMPLE_ATOM],
    ["/feeds/site.json", SAMPLE_JSON_FEED],
  ])("accepts a feed URL as is (%s)", async (path, body) => {
    const found = await discoverFeedUrl(fx.url(path), OPTS);
    expect(found).toMatchObject({ feedUrl: fx.url(path), title: null });
    expect(found.body?.toString()).toBe(body);
  });

  it("resolves hrefs against <base href>", async () => {
    const found = await discoverFeedUrl(fx.url("/site/base.html"), OPTS);
    expect(found.feedUrl).toBe(fx.url("/elsewhere/feed.atom"));
    expect(found.title).toBe("Page");
  });

  it("skips a broken candidate and takes the next", async () => {
    const found = await discoverFeedUrl(fx.url("/site/first-broken.html"), OPTS);
    expect(found).toMatchObject({ feedUrl: fx.url("/feeds/site.json"), title: "JSON" });
  });

  it("keeps the URL the person gave when a redirect is temporary", async () => {
    const start = fx.url(`/redirect?to=${encodeURIComponent("/feeds/site.xml")}`);
    expect((await discoverFeedUrl(start, OPTS)).feedUrl).toBe(start);
  });

  it.each([
    ["/html-without-feed", "no_feed_link", (u: string) => `no feed found at ${u}: the page has no <link rel="alternate"> feed`],
    [
      "/site/plain.txt",
      "not_a_feed",
      (u: string) => `no feed found at ${u}: the response is neither a feed nor an HTML page (Content-Type: text/plain)`,
    ],
  ] as const)("explains a dead end: %s", async (path, code, message) => {
    const err = await discoveryError(fx.url(path));
    expect(err.code).toBe(code);
    expect(err.message).toBe(message(fx.url(path)));
  });

  it("says when the linked feed is not a feed", async () => {
    const err = await discoveryError(fx.url("/site/links-to-html.html"));
    expect(err.code).toBe("candidates_failed");
    expect(err.message).toMatch(/the page's feed links did not lead to a feed \(.*\/html-without-feed: not a feed \(Content-Type: text\/html/);
  });

  it("refuses a feed link to the metadata service", async () => {
    const err = await discoveryError(fx.url("/site/links-to-metadata.html"));
    expect(err.code).toBe("candidates_failed");
    expect(err.message).toMatch(/169\.254\.169\.254 \(cloud metadata service\) is not allowed/);
  });

  it("refuses a loopback site outside the allow-list", async () => {
    const err = await discoveryError(fx.url("/html-with-feed-link"), { ...OPTS, allowCidrs: "" });
    expect(err.code).toBe("refused");
    expect(err.message).toMatch(/^cannot fetch http:\/\/127\.0\.0\.1:\d+\/html-with-feed-link: refused to connect to 127\.0\.0\.1/);
  });

  it.each([
    ["/status/404", /: the server answered HTTP 404$/],
    ["/status/410", /gone for good \(HTTP 410\)$/],
    ["/status/429", /rate limiting \(HTTP 429\); retry in 120 s$/],
    ["/hostile/redirect-loop", /redirect loop/],
  ])("reports a failed fetch of %s", async (path, message) => {
    const err = await discoveryError(fx.url(path));
    expect(err.code).toBe("fetch_failed");
    expect(err.message).toMatch(message);
  });
});
