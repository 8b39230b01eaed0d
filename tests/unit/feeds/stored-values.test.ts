// What a feed may put into the values we store: http(s) URLs only, no NUL, nothing longer
// than its column. Each of these made a poll store a dangerous link or fail as a whole.
import { describe, expect, it } from "vitest";
import { MAX_URL_CHARS, toHttpUrl } from "../../../lib/feeds/canonical-url";
import { baseEntryKey, uniquifyKeys } from "../../../lib/feeds/entry-key";
import { normalizeEntries } from "../../../lib/feeds/normalize";
import { parseFeed } from "../../../lib/feeds/parse";
import { parseForStore } from "../../../lib/ingest/parse-job";

const NOW = new Date("2026-12-01T00:00:00Z");
const FEED_URL = "https://feed.example/feed";

/** Does any string inside `value` hold U+0000? */
function hasNul(value: unknown): boolean {
  let found = false;
  JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "string" && v.includes("\u0000")) found = true;
    return v;
  });
  return found;
}

describe("toHttpUrl", () => {
  it.each([
    ["https://a.example/x", undefined, "https://a.example/x"],
    ["HTTP://A.example/x", undefined, "http://a.example/x"],
    ["/relative", "https://a.example/feed", "https://a.example/relative"],
    ["  https://a.example/padded  ", undefined, "https://a.example/padded"],
    ["javascript:alert(1)", undefined, null],
    ["JavaScript:alert(1)", "https://a.example/", null],
    ["java\tscript:alert(1)", "https://a.example/", null],
    ["data:text/html,<script>alert(1)</script>", undefined, null],
    ["file:///etc/passwd", undefined, null],
    ["ftp://a.example/x", undefined, null],
    ["mailto:a@example.org", undefined, null],
    ["not a url", undefined, null],
    ["", "https://a.example/", null],
    [null, "https://a.example/", null],
    ["a URL longer than the column", undefined, null],
  ])("%j against %j is %j", (raw, base, expected) => {
    if (raw === "a URL longer than the column") raw = `https://a.example/${"x".repeat(MAX_URL_CHARS)}`;
    expect(toHttpUrl(raw, base)?.href ?? null).toBe(expected);
  });
});

describe("a parsed feed holds no NUL", () => {
  it("drops \\u0000 from every JSON Feed string, and keeps an escaped backslash followed by u0000 as text", () => {
    const json = JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      title: "T\u0000itle",
      description: "literal \\u0000 stays",
      items: [
        {
          id: "i\u00001",
          url: "https://a.example/\u0000x",
          title: "A\u0000B",
          content_html: "<p>c\u0000d</p>",
          authors: [{ name: "N\u0000ame" }],
          tags: ["t\u0000ag"],
        },
      ],
    });
    const parsed = parseFeed(json, { url: FEED_URL });
    expect(hasNul(parsed)).toBe(false);
    expect(parsed.feed.title).toBe("Title");
    expect(parsed.feed.description).toBe("literal \\u0000 stays");
    expect(parsed.items[0]).toMatchObject({ id: "i1", title: "AB", author: "Name", categories: ["tag"] });
  });

  it("reads XML &#0; references as U+FFFD, never as NUL", () => {
    const xml = `<rss version="2.0"><channel><title>a&#0;b</title><item><title>c&#x0;d</title><guid>g&#00;</guid></item></channel></rss>`;
    const parsed = parseFeed(xml, { url: FEED_URL });
    expect(hasNul(parsed)).toBe(false);
    expect(parsed.feed.title).toBe("a\ufffdb");
  });
});

describe("stored values fit their columns", () => {
  it("hashes entry keys longer than the 512-character column, and keeps shorter ones as written", () => {
    expect(baseEntryKey({ id: "k".repeat(512), link: null, title: null, content: null, summary: null })).toBe("k".repeat(512));
    expect(baseEntryKey({ id: "k".repeat(513), link: null, title: null, content: null, summary: null })).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(baseEntryKey({ id: null, link: `https://a.example/${"x".repeat(600)}`, title: null, content: null, summary: null })).toMatch(/^sha256:/);
    const [first, second] = uniquifyKeys(["k".repeat(512), "k".repeat(512)]);
    expect(first).toBe("k".repeat(512));
    expect(second).toMatch(/^sha256:/);
    expect(second!.length).toBeLessThanOrEqual(512);
  });

  it("cuts a long byline to 300 characters and drops unsafe or overlong links and images", () => {
    const xml = `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>t</title>
      <item><guid>1</guid><title>a</title><link>javascript:alert(1)</link><author>${"\u{1F600}".repeat(200)}</author><media:thumbnail url="data:image/png;base64,AA"/></item>
      <item><guid>2</guid><title>b</title><link>https://a.example/${"x".repeat(3000)}</link><media:thumbnail url="https://a.example/i.png"/></item>
    </channel></rss>`;
    const [a, b] = normalizeEntries(parseFeed(xml, { url: FEED_URL }), { feedUrl: FEED_URL, now: NOW });
    expect(a).toMatchObject({ url: null, canonicalUrl: null, imageUrl: null });
    expect(a!.author!.length).toBeLessThanOrEqual(300);
    expect(a!.author).not.toMatch(/[\ud800-\udbff]$/); // not cut inside a surrogate pair
    expect(b).toMatchObject({ url: null, canonicalUrl: null, imageUrl: "https://a.example/i.png" });
  });

  it("keeps a source's site link and image only when they are http(s)", () => {
    const rss = (link: string, image: string) =>
      Buffer.from(`<rss version="2.0"><channel><title>t</title><link>${link}</link><image><url>${image}</url></image></channel></rss>`);
    const job = (body: Buffer) => ({ body, url: FEED_URL, contentType: "application/rss+xml", now: NOW.getTime() });
    expect(parseForStore(job(rss("javascript:alert(1)", "data:image/png;base64,AA"))).feed).toMatchObject({ link: null, image_url: null });
    expect(parseForStore(job(rss("/home", "https://cdn.example/i.png"))).feed).toMatchObject({
      link: "https://feed.example/home",
      image_url: "https://cdn.example/i.png",
    });
  });
});
