// The shared-page store (proxy.ts) answers logged-out readers' page loads only. The
// requests Next's router makes (RSC payloads for client navigations, prefetches,
// segment prefetches) must reach Next: answering one with a stored HTML page left
// the header links' prefetches pending, and the page never reached network idle.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";

const baseUrl = inject("baseUrl");
let browser: LaunchedBrowser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const HEADER_LINKS = ["/new", "/top", "/sources", "/search"];

describe("router requests and the shared-page store", () => {
  it("never answers an RSC, prefetch or segment-prefetch request with a stored HTML page", async () => {
    // Fill the store for each page first, so a wrong answer would be a stored hit.
    // Another file's change on the shared server, or the worker's announcement of new
    // articles, may empty the store between two loads: load until the page is stored.
    for (const path of ["/", ...HEADER_LINKS]) {
      const state = async () => {
        const plain = await fetch(baseUrl + path);
        await plain.arrayBuffer();
        return plain.headers.get("x-readahead-cache");
      };
      await expect.poll(state, { timeout: 10_000, interval: 200 }).toBe("hit");
    }
    const variants: Array<{ query: string; headers: Record<string, string> }> = [
      { query: "", headers: { rsc: "1" } },
      { query: "?_rsc=abc12", headers: { rsc: "1" } },
      { query: "?_rsc=abc12", headers: { rsc: "1", "next-router-prefetch": "1" } },
      { query: "?_rsc=abc12", headers: { rsc: "1", "next-router-prefetch": "1", "next-router-segment-prefetch": "/_tree" } },
      { query: "?_rsc=abc12", headers: {} },
    ];
    for (const path of ["/", ...HEADER_LINKS]) {
      for (const v of variants) {
        const res = await fetch(baseUrl + path + v.query, { headers: v.headers });
        await res.arrayBuffer();
        const seen = { path: path + v.query, headers: v.headers, cache: res.headers.get("x-readahead-cache"), html: (res.headers.get("content-type") ?? "").startsWith("text/html") };
        expect(seen).toEqual({ ...seen, cache: null });
        // With the rsc header, Next answers with the flight payload, never an HTML page.
        if (v.headers.rsc) expect(seen).toEqual({ ...seen, html: false });
      }
    }
  });

  it("lets a logged-out reader's prefetches of the header links complete, and clicking them navigates client-side", async () => {
    const page = await browser.context.newPage();
    const prefetches = new Map<string, { status: number; type: string }>();
    page.on("response", (res) => {
      const url = new URL(res.url());
      if (url.origin === new URL(baseUrl).origin && url.searchParams.has("_rsc") && HEADER_LINKS.includes(url.pathname)) {
        prefetches.set(url.pathname, { status: res.status(), type: res.headers()["content-type"] ?? "" });
      }
    });
    await page.goto(baseUrl + "/", { waitUntil: "load" });
    await page.waitForLoadState("networkidle", { timeout: 30_000 });
    for (const link of HEADER_LINKS) {
      const seen = prefetches.get(link);
      expect([link, seen?.status, seen?.type.startsWith("text/html")]).toEqual([link, 200, false]);
    }

    // A marker on window survives a client-side navigation and is gone after a full load.
    await page.evaluate(() => ((window as unknown as { __stayed: boolean }).__stayed = true));
    for (const link of HEADER_LINKS) {
      await page.click(`header a[href="${link}"]`);
      await page.waitForURL(baseUrl + link);
      expect([link, await page.evaluate(() => (window as unknown as { __stayed?: boolean }).__stayed === true)]).toEqual([link, true]);
    }
    await page.close();
  });
});
