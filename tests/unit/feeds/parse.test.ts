// Behaviour of parseFeed beyond the corpus: our own policies (base URLs, images, ttl, authors).
import { describe, expect, it } from "vitest";
import { parseFeed } from "../../../lib/feeds/parse";

describe("parseFeed", () => {
  it("resolves relative links against xml:base, then the document URL", () => {
    const doc = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example/dir/">
      <title>t</title><link href="/home"/>
      <entry><id>1</id><title>e</title><link href="post.html"/>
        <content type="html" xml:base="https://other.example/x/">&lt;a href="rel"&gt;r&lt;/a&gt;&lt;img src="i.png"&gt;</content></entry>
    </feed>`;
    const f = parseFeed(doc, { url: "https://doc.example/feed" });
    expect(f.format).toBe("atom10");
    expect(f.feed.link).toBe("https://base.example/home");
    expect(f.items[0]?.link).toBe("https://base.example/dir/post.html");
    expect(f.items[0]?.content).toContain('href="https://other.example/x/rel"');
    expect(f.items[0]?.image_url).toBe("https://other.example/x/i.png");

    const rss = parseFeed(`<rss version="2.0"><channel><link>/</link><item><link>a/b</link></item></channel></rss>`, { url: "https://doc.example/feeds/main.xml" });
    expect(rss.feed.link).toBe("https://doc.example/");
    expect(rss.items[0]?.link).toBe("https://doc.example/feeds/a/b");
  });

  it("reads ttl, images, enclosures, categories, authors and dates from RSS", () => {
    const doc = `<?xml version="1.0"?>
      <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel><title>Cast &amp; Co</title><ttl>90</ttl><image><url>https://x.example/logo.png</url></image>
        <item><title>Ep &lt;1&gt;</title><guid isPermaLink="false">ep1</guid><dc:creator>Jo</dc:creator>
          <pubDate>Tue, 10 Jun 2003 04:00:00 +0200</pubDate><category> News </category><category>Tech</category>
          <enclosure url="https://x.example/1.mp3" type="audio/mpeg" length="123"/>
          <media:thumbnail url="https://x.example/thumb.jpg"/><itunes:image href="https://x.example/cover.jpg"/>
          <description>&lt;p onclick="x()"&gt;Hi&lt;script&gt;bad()&lt;/script&gt;&lt;/p&gt;</description></item>
      </channel></rss>`;
    const f = parseFeed(Buffer.from(doc));
    expect(f.feed).toMatchObject({ title: "Cast & Co", ttl_minutes: 90, image_url: "https://x.example/logo.png" });
    const it0 = f.items[0]!;
    expect(it0).toMatchObject({ id: "ep1", title: "Ep <1>", link: null, author: "Jo", published: "2003-06-10T02:00:00Z", categories: ["News", "Tech"] });
    expect(it0.enclosures).toEqual([{ url: "https://x.example/1.mp3", type: "audio/mpeg", length: 123 }]);
    expect(it0.image_url).toBe("https://x.example/thumb.jpg");
    expect(it0.summary).toBe("<p>Hi</p>");
  });

  it("inherits the Atom feed author into entries without one", () => {
    const doc = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><author><name>Feed Author</name></author>
      <entry><id>1</id><title>a</title><updated>2024-01-01T00:00:00Z</updated></entry>
      <entry><id>2</id><title>b</title><author><name>Own</name></author></entry></feed>`;
    const f = parseFeed(doc);
    expect(f.items.map((i) => i.author)).toEqual(["Feed Author", "Own"]);
    expect(f.items[0]?.published).toBe("2024-01-01T00:00:00Z"); // updated stands in for published
  });

  it("reads JSON Feed 1.1 with authors, attachments and text content", () => {
    const doc = JSON.stringify({
      version: "https://jsonfeed.org/version/1.1", title: "J", home_page_url: "https://j.example/", authors: [{ name: "A" }],
      items: [{ id: 7, url: "/p/7", title: "Seven", content_text: "a < b", date_published: "2024-05-01T10:00:00+02:00", tags: ["x"], attachments: [{ url: "https://j.example/a.mp3", mime_type: "audio/mpeg", size_in_bytes: 5 }] }],
    });
    const f = parseFeed(Buffer.from(doc), { url: "https://j.example/feed.json" });
    expect(f.format).toBe("json");
    expect(f.items[0]).toMatchObject({ id: "7", link: "https://j.example/p/7", author: "A", published: "2024-05-01T08:00:00Z", content: "<p>a &lt; b</p>", categories: ["x"] });
    expect(f.items[0]?.enclosures).toEqual([{ url: "https://j.example/a.mp3", type: "audio/mpeg", length: 5 }]);
  });

  it("recovers values from non-well-formed RSS (HTML entities, unclosed tags)", () => {
    const f = parseFeed(`<rss><channel><title>caf&eacute; &mdash; news</title><item><title>x &amp y</title><link>https://e.example/1</link></channel></rss>`);
    expect(f.feed.title).toBe("café — news");
    expect(f.items[0]?.link).toBe("https://e.example/1");
  });

  it("detects RSS 1.0 / RDF and Atom 0.3", () => {
    const rdf = parseFeed(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel><item rdf:about="https://r.example/1"><title>one</title><link>https://r.example/1</link></item></rdf:RDF>`);
    expect(rdf.format).toBe("rss1");
    expect(rdf.items[0]).toMatchObject({ id: "https://r.example/1", title: "one" });
    const a03 = parseFeed(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>A</title><entry><title mode="escaped" type="text/html">&lt;b&gt;bold&lt;/b&gt;</title><issued>2004-01-01T00:00:00Z</issued></entry></feed>`);
    expect(a03.format).toBe("atom03");
    expect(a03.items[0]).toMatchObject({ title: "bold", published: "2004-01-01T00:00:00Z" });
  });
});
