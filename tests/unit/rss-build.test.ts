import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { buildRss, escapeXml } from "../../lib/rss/build";

describe("escapeXml", () => {
  it.each([
    ["a & b", "a &amp; b"],
    ["<script>", "&lt;script&gt;"],
    [`"q" 'a'`, "&quot;q&quot; &apos;a&apos;"],
    ["bell\u0007 and nul\u0000 dropped", "bell and nul dropped"],
    ["emoji 🚀 kept", "emoji 🚀 kept"],
  ])("%j → %j", (input, expected) => expect(escapeXml(input)).toBe(expected));
});

describe("buildRss", () => {
  const xml = buildRss({
    title: "readahead & friends",
    link: "http://127.0.0.1:3000/",
    selfUrl: "http://127.0.0.1:3000/rss.xml",
    description: "front page",
    lastBuildDate: new Date("2026-11-29T10:00:00Z"),
    items: [
      {
        title: "Tom & Jerry <3 ]]>\u0001 x",
        link: "http://127.0.0.1:3000/a/1/tom-jerry",
        guid: "http://127.0.0.1:3000/a/1/tom-jerry",
        description: "An <em>excerpt</em> with \"quotes\"",
        pubDate: new Date("2026-11-29T09:00:00Z"),
        categories: ["ai", "c++"],
        sourceName: "Wired AI",
        sourceUrl: "http://127.0.0.1:3000/s/wired-ai/rss.xml?x=1&y=2",
      },
    ],
  });

  it("is well-formed XML to a strict validator", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it("carries the item's text back out exactly", () => {
    const doc = new XMLParser({ ignoreAttributes: false, processEntities: true }).parse(xml);
    const item = doc.rss.channel.item;
    expect(doc.rss["@_version"]).toBe("2.0");
    expect(item.title).toBe("Tom & Jerry <3 ]]> x");
    expect(item.description).toBe('An <em>excerpt</em> with "quotes"');
    expect(item.pubDate).toBe("Sun, 29 Nov 2026 09:00:00 GMT");
    expect(item.category).toEqual(["ai", "c++"]);
    expect(item.source["@_url"]).toBe("http://127.0.0.1:3000/s/wired-ai/rss.xml?x=1&y=2");
  });
});
