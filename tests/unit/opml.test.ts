import { describe, expect, it } from "vitest";
import { OpmlError, parseOpmlFeeds, renderOpml } from "../../lib/opml/opml";

describe("OPML", () => {
  it("finds feeds at any depth with their folders, once each", () => {
    const feeds = parseOpmlFeeds(`<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
      <outline text="AI"><outline type="rss" text="A &amp; B" xmlUrl="https://a.example/feed" htmlUrl="https://a.example/"/>
        <outline text="Deep"><outline type="rss" title="C" text="c" xmlUrl="https://c.example/rss"/></outline></outline>
      <outline type="rss" text="dup" xmlUrl="https://a.example/feed"/></body></opml>`);
    expect(feeds).toEqual([
      { title: "A & B", xmlUrl: "https://a.example/feed", htmlUrl: "https://a.example/", categories: ["AI"] },
      { title: "C", xmlUrl: "https://c.example/rss", htmlUrl: null, categories: ["AI", "Deep"] },
    ]);
  });

  it.each([
    ["entity bomb", `<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><opml version="2.0"><body><outline text="&b;" xmlUrl="https://x/"/></body></opml>`, /entities/],
    ["external entity", `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><opml><body><outline text="&e;" xmlUrl="https://x/"/></body></opml>`, /entities/],
    ["not OPML", `hello`, /not an OPML document/],
  ])("refuses %s with a clear error", (_n, text, message) => {
    expect(() => parseOpmlFeeds(text)).toThrow(OpmlError);
    expect(() => parseOpmlFeeds(text)).toThrow(message);
  });

  it("round-trips what it renders", () => {
    const xml = renderOpml("readahead", [{ title: "Simon <Willison>", xmlUrl: "https://simonwillison.net/atom/everything/", htmlUrl: "https://simonwillison.net/" }]);
    expect(parseOpmlFeeds(xml)).toEqual([
      { title: "Simon <Willison>", xmlUrl: "https://simonwillison.net/atom/everything/", htmlUrl: "https://simonwillison.net/", categories: [] },
    ]);
  });
});
