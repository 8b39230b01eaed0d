import { describe, expect, it } from "vitest";
import { extractFeedLinks, extractHtmlTitle, sniffFeedKind } from "../../lib/feeds/feed-links";

const PAGE = "https://blog.example.org/posts/hello";

describe("extractFeedLinks", () => {
  it.each([
    [
      "relative href resolved against the page",
      `<link rel="alternate" type="application/rss+xml" href="../feed.xml">`,
      [{ url: "https://blog.example.org/feed.xml", type: "application/rss+xml", title: null }],
    ],
    [
      "<base href> wins over the page URL",
      `<base href="https://cdn.example.net/site/"><link rel="alternate" type="application/atom+xml" href="atom.xml" title="Atom">`,
      [{ url: "https://cdn.example.net/site/atom.xml", type: "application/atom+xml", title: "Atom" }],
    ],
    [
      "single quotes, unquoted values, upper case, extra rel tokens, type parameters",
      `<LINK REL='Alternate Feed' TYPE="Application/RSS+XML; charset=utf-8" HREF=/rss>`,
      [{ url: "https://blog.example.org/rss", type: "application/rss+xml", title: null }],
    ],
    [
      "entities in href and title are decoded",
      `<link rel="alternate" type="application/rss+xml" href="/feed?a=1&amp;b=2" title="Tom &amp; Jerry&#39;s">`,
      [{ url: "https://blog.example.org/feed?a=1&b=2", type: "application/rss+xml", title: "Tom & Jerry's" }],
    ],
    [
      "document order among feed types; application/json last; duplicates dropped",
      `<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/2">
       <link rel="alternate" type="application/atom+xml" href="/atom">
       <link rel="alternate" type="application/rss+xml" href="/rss">
       <link rel="alternate" type="application/feed+json" href="/feed.json">
       <link rel="alternate" type="application/rss+xml" href="/rss#dup">`,
      [
        { url: "https://blog.example.org/atom", type: "application/atom+xml", title: null },
        { url: "https://blog.example.org/rss", type: "application/rss+xml", title: null },
        { url: "https://blog.example.org/feed.json", type: "application/feed+json", title: null },
        { url: "https://blog.example.org/wp-json/wp/v2/pages/2", type: "application/json", title: null },
      ],
    ],
    [
      "non-feed alternates, stylesheets, comments, scripts and javascript: URLs ignored",
      `<link rel="alternate" hreflang="fr" type="text/html" href="/fr/">
       <link rel="alternate stylesheet" type="text/css" href="/dark.css">
       <link rel="alternate" type="application/json+oembed" href="/oembed">
       <!-- <link rel="alternate" type="application/rss+xml" href="/commented"> -->
       <script>document.write('<link rel="alternate" type="application/rss+xml" href="/scripted">')</script>
       <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
       <link rel="alternate" type="application/rss+xml">`,
      [],
    ],
    ["no links at all", `<html><head><title>x</title></head><body>hi</body></html>`, []],
  ])("%s", (_name, html, expected) => {
    expect(extractFeedLinks(html, PAGE)).toEqual(expected);
  });
});

describe("extractHtmlTitle", () => {
  it.each([
    ["<title>  My\n Blog </title>", "My Blog"],
    ["<title>A &amp; B</title>", "A & B"],
    ["<title></title>", null],
    ["<p>none</p>", null],
  ])("%j → %j", (html, title) => {
    expect(extractHtmlTitle(html)).toBe(title);
  });
});

describe("sniffFeedKind", () => {
  it.each([
    ['<?xml version="1.0"?><rss version="2.0"><channel/></rss>', null, "rss"],
    ['\uFEFF<?xml version="1.0"?>\n<!-- c --><?xml-stylesheet href="x"?><rss>', null, "rss"],
    ['<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', null, "rdf"],
    ['<feed xmlns="http://www.w3.org/2005/Atom">', null, "atom"],
    ['<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">', null, "atom"],
    ['<!DOCTYPE rss [<!ENTITY a "<html>">]><rss>', null, "rss"],
    ['{"version":"https://jsonfeed.org/version/1.1","items":[]}', null, "json"],
    ['{"version":"1.0","items":[]}', "application/json", "unknown"],
    ["{not json", "application/json", "unknown"],
    ["<!doctype html><html><head></head></html>", "text/html", "html"],
    ["<html><body>x</body></html>", null, "html"],
    ["   <div>fragment</div>", "text/html; charset=utf-8", "html"],
    ["plain text", "text/plain", "unknown"],
    ["", null, "unknown"],
  ] as const)("%j (%s) → %s", (body, type, kind) => {
    expect(sniffFeedKind(Buffer.from(body), type)).toBe(kind);
  });

  it("reads a UTF-16LE feed with a BOM", () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="UTF-16"?><rss>', "utf16le")]);
    expect(sniffFeedKind(body)).toBe("rss");
  });
});
