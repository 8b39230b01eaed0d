// Crafted URLs against the running app: every malformed path segment or query
// parameter of the reading pages answers 404 with the site's own not-found page
// (header, navigation, "404: not found", as Chromium shows it), never a 500 or a
// bare error. /search is covered by its own tests.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { encodeCursor } from "../../lib/articles/cursor";
import { articlePath } from "../../lib/articles/paths";
import { E2E } from "./seed-data";

const baseUrl = inject("baseUrl");

/** A cursor in the wire format (base64url JSON) holding whatever values a forger chose. */
const forged = (parts: unknown[]) => Buffer.from(JSON.stringify(parts), "utf8").toString("base64url");
const LONG = "x".repeat(5000);
const when = new Date("2026-01-01T00:00:00Z");

const NOT_FOUND: [string, string][] = [
  ["hot cursor id past the int range", `/?after=${encodeCursor([0.5, 99_999_999_999])}`],
  ["hot cursor id that is not whole", `/?after=${encodeCursor([0.5, 1.5])}`],
  ["hot cursor that does not decode", "/?after=not-a-cursor"],
  ["hot cursor 5,000 characters long", `/?after=${"A".repeat(5000)}`],
  ["new cursor id past the int range", `/new?after=${encodeCursor([when, 2 ** 31])}`],
  ["new cursor date outside PostgreSQL's range", `/new?after=${forged(["-100000-01-01T00:00:00.000Z", 1])}`],
  ["new cursor date in year 275760", `/new?after=${forged(["+275760-09-13T00:00:00.000Z", 1])}`],
  ["top cursor score past the int range", `/top?t=week&after=${encodeCursor([2 ** 40, when, 1])}`],
  ["top period that does not exist", "/top?t=fortnight"],
  ["top period 5,000 characters long", `/top?t=${LONG}`],
  ["source cursor id past the int range", `/s/tensorflow-blog?after=${encodeCursor([when, 1e12])}`],
  ["source slug 5,000 characters long", `/s/${LONG}`],
  ["tag cursor id past the int range", `/t/coding?after=${encodeCursor([1e12])}`],
  ["tag cursor id negative past the int range", `/t/coding?after=${encodeCursor([-1e12])}`],
  ["tag with a NUL byte", "/t/%00"],
  ["tag 5,000 characters long", `/t/${LONG}`],
  ["member handle with a NUL byte", "/u/%00"],
  ["member handle 5,000 characters long", `/u/${LONG}`],
  ["article id past the int range", "/a/99999999999"],
  ["article id that is not a number", "/a/abc"],
  ["article id zero", "/a/0"],
  ["article id past the int range, with a slug", "/a/99999999999/some-title"],
  ["article id that is not a number, with a slug", "/a/abc/some-title"],
  ["article id 5,000 digits long", `/a/${"9".repeat(5000)}/x`],
  ["source feed of an unknown source", `/s/${LONG}/rss.xml`],
  ["the bad-request page opened directly", "/bad-request"],
];

let browser: LaunchedBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// Next's router fails to decode these segments before any code of ours runs, then
// tries to render the Pages Router's /_error, which an App Router build does not
// have, and answers a bare 500. The web server (scripts/web-server.ts) sends them to
// the site's 400 page instead.
const BAD_REQUEST: [string, string][] = [
  ["source slug with malformed percent-encoding", "/s/%E0%A4%A"],
  ["tag with malformed percent-encoding", "/t/%E0%A4%A"],
  ["member handle with malformed percent-encoding", "/u/%E0%A4%A"],
  ["article slug with malformed percent-encoding", `/a/${E2E.referenceArticleId}/%E0%A4%A`],
  ["tag feed with malformed percent-encoding", "/t/%E0%A4%A/rss.xml"],
];

/** The HTML as a browser without JavaScript shows it: no scripts (the RSC payload lives in them). */
function withoutScripts(html: string): string {
  return html.replace(/<script\b[\s\S]*?<\/script>/g, "");
}

async function fetchPage(path: string): Promise<{ status: number; html: string }> {
  const res = await fetch(baseUrl + path, { redirect: "manual" });
  return { status: res.status, html: await res.text() };
}

describe("crafted URLs", () => {
  it.each(NOT_FOUND)("%s: 404 with the site's not-found page", async (_what, path) => {
    const { status, html } = await fetchPage(path);
    expect(status).toBe(404);
    if (path.endsWith("/rss.xml")) return; // feeds are for machines: a plain 404 is their answer
    // Server-rendered, for readers without JavaScript and crawlers (not only in the RSC payload).
    const markup = withoutScripts(html);
    expect(markup).toContain("404: not found");
    expect(markup).toContain('aria-label="readahead, front page"');
    const page = await browser.context.newPage();
    try {
      const res = await page.goto(baseUrl + path);
      expect(res?.status()).toBe(404);
      await expect.poll(() => page.locator("main").innerText()).toContain("404: not found");
      expect(await page.locator('header a[aria-label="readahead, front page"]').count()).toBe(1);
    } finally {
      await page.close();
    }
  });

  it("a 404 rendered per request, outside the shared store, is server-rendered too", async () => {
    // A notice cookie makes the page render for this reader alone (lib/page-cache/policy.ts).
    const res = await fetch(`${baseUrl}/u/nobody-has-this-handle`, { headers: { cookie: "ra-notice=x" } });
    const markup = withoutScripts(await res.text());
    expect(res.status).toBe(404);
    expect(markup).toContain("404: not found");
    expect(markup).not.toContain('id="__next_error__"');
    expect(res.headers.get("content-security-policy")).toContain("nonce-");
  });

  it.each(BAD_REQUEST)("%s: 400 with the site's bad-request page", async (_what, path) => {
    const { status, html } = await fetchPage(path);
    expect(status).toBe(400);
    expect(html).toContain('aria-label="readahead, front page"');
    expect(html).toContain("400: bad request");
  });

  // The discussion's own parameters (components/comments) fall back to its first page in the default order.
  it.each([
    ["an unknown comment order", `?comments=${LONG}`],
    ["a thread cursor past the int range", "?comments_after=99999999999"],
    ["a thread cursor that is not a number", "?comments_after=abc&comments=best"],
  ])("%s on an article page falls back to the discussion's first page", async (_what, query) => {
    const { status, html } = await fetchPage(`${articlePath({ id: E2E.referenceArticleId, title: E2E.referenceTitle })}${query}`);
    expect(status).toBe(200);
    expect(html).toContain("// discussion");
  });
});
