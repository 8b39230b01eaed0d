import { describe, expect, it } from "vitest";
import { normalizeEntries, tagsFromCategories } from "../../../lib/feeds/normalize";
import { parseFeed } from "../../../lib/feeds/parse";
import type { ParsedFeed, ParsedItem } from "../../../lib/feeds/types";

const NOW = new Date("2026-01-15T12:00:00Z");
const opts = { feedUrl: "https://example.com/feed.xml", now: NOW };

function item(over: Partial<ParsedItem>): ParsedItem {
  return { id: null, title: null, link: null, published: null, updated: null, author: null, summary: null, content: null, image_url: null, enclosures: [], categories: [], ...over };
}
const feedOf = (...items: ParsedItem[]): ParsedFeed => ({ format: "rss2", feed: { title: "f", link: null, description: null, language: null, image_url: null, author: null }, items });

describe("normalizeEntries", () => {
  it("keeps repeated guids as distinct entries with stable suffixes across re-polls", () => {
    const doc = `<rss version="2.0"><channel><title>dup</title>
      <item><guid>same</guid><title>One</title></item>
      <item><guid>same</guid><title>Two</title></item>
      <item><guid>same</guid><title>Three</title></item></channel></rss>`;
    const first = normalizeEntries(parseFeed(doc), opts);
    const again = normalizeEntries(parseFeed(doc), { ...opts, now: new Date("2026-01-16T00:00:00Z") });
    expect(first.map((e) => e.entryKey)).toEqual(["same", "same#2", "same#3"]);
    expect(again.map((e) => e.entryKey)).toEqual(first.map((e) => e.entryKey));
    // undated entries: the hash ignores the first-seen date, so an unchanged re-poll writes nothing
    expect(again.map((e) => e.contentHash)).toEqual(first.map((e) => e.contentHash));
  });

  it.each([
    ["published", item({ published: "2025-01-02T03:04:05Z", updated: "2025-02-02T00:00:00Z" }), "2025-01-02T03:04:05.000Z"],
    ["updated when no published", item({ updated: "2025-02-02T00:00:00Z" }), "2025-02-02T00:00:00.000Z"],
    ["first seen when undated", item({}), NOW.toISOString()],
    ["first seen when far in the future", item({ published: "2030-01-01T00:00:00Z" }), NOW.toISOString()],
  ])("publishedAt from %s", (_name, it_, want) => {
    expect(normalizeEntries(feedOf(it_), opts)[0]?.publishedAt.toISOString()).toBe(want);
  });

  it.each([
    ["title as given", item({ title: "Hello" }), "Hello"],
    ["first words of the excerpt", item({ summary: "<p>Some body text that goes on</p>" }), "Some body text that goes on"],
    ["untitled when empty", item({}), "(untitled)"],
  ])("title: %s", (_name, it_, want) => {
    expect(normalizeEntries(feedOf(it_), opts)[0]?.title).toBe(want);
  });

  it("builds excerpt, canonical URL, reading time, content and hash", () => {
    const body = `<p>${"word ".repeat(600)}</p>`;
    const [e] = normalizeEntries(
      feedOf(item({ id: "g", link: "https://Example.com/a?utm_source=rss&id=1#frag", title: "T", content: body, author: " Ann ", image_url: "https://img/x.png" })),
      opts,
    );
    expect(e?.entryKey).toBe("g");
    expect(e?.url).toBe("https://example.com/a?utm_source=rss&id=1#frag");
    expect(e?.canonicalUrl).toBe("https://example.com/a?id=1");
    expect(e?.excerpt.length).toBeLessThanOrEqual(500);
    expect(e?.excerpt.endsWith("…")).toBe(true);
    expect(e?.readingMinutes).toBe(2); // 600 words at 265 wpm
    expect(e?.contentHtml).toBe(body);
    expect(e?.author).toBe("Ann");
    expect(e?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const [changed] = normalizeEntries(feedOf(item({ id: "g", link: "https://example.com/a", title: "T2", content: body })), opts);
    expect(changed?.contentHash).not.toBe(e?.contentHash);
  });

  it("falls back to the link, then a content hash, for the entry key", () => {
    const [byLink, byHash] = normalizeEntries(feedOf(item({ link: "https://example.com/p" }), item({ title: "x", content: "y" })), opts);
    expect(byLink?.entryKey).toBe("https://example.com/p");
    expect(byHash?.entryKey).toMatch(/^sha256:/);
  });

  it("resolves a link or image still relative after parsing against the feed URL, and drops non-http ones", () => {
    const [rel, js] = normalizeEntries(
      feedOf(item({ link: "/post/1", image_url: "img/1.png" }), item({ link: "javascript:alert(1)", image_url: "javascript:alert(1)" })),
      opts,
    );
    expect(rel?.url).toBe("https://example.com/post/1");
    expect(rel?.imageUrl).toBe("https://example.com/img/1.png");
    expect(js?.url).toBeNull();
    expect(js?.imageUrl).toBeNull();
  });
});

describe("tagsFromCategories", () => {
  it.each([
    [[" Tech ", "tech", "AI"], ["tech", "ai"]],
    [["", "  "], []],
    [["x".repeat(101), "ok"], ["ok"]],
    [["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"], ["a", "b", "c", "d", "e", "f", "g", "h"]],
    [["Multi   Word"], ["multi word"]],
  ])("%j -> %j", (input, want) => {
    expect(tagsFromCategories(input)).toEqual(want);
  });
});
