// Hostile documents must end fast, with bounded memory, and never expand or resolve entities.
import { describe, expect, it } from "vitest";
import { FeedParseError, parseFeed } from "../../../lib/feeds/parse";
import { BILLION_LAUGHS as LAUGHS } from "../../helpers/hostile-routes";

const QUADRATIC = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "${"a".repeat(50_000)}">]>
<rss version="2.0"><channel><title>q</title><item><title>${"&a;".repeat(20_000)}</title></item></channel></rss>`;

const XXE = `<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">
  %remote;
]>
<rss version="2.0"><channel><title>Feed &xxe;</title>
<item><title>Item &xxe;</title><description>&xxe;</description><link>http://example.com/1</link></item></channel></rss>`;

const XXE_ATOM = `<?xml version="1.0"?>
<!DOCTYPE feed SYSTEM "file:///etc/passwd">
<feed xmlns="http://www.w3.org/2005/Atom"><title>a</title><entry><id>x</id><title>t</title></entry></feed>`;

// No wall-clock assertions: an expansion or a quadratic path shows up as oversized
// output, and a hang as the per-test timeout (HANG_GUARD) failing the test.
const HANG_GUARD = { timeout: 30_000 };

describe("hostile feed documents", () => {
  it("never expands a billion-laughs entity bomb", HANG_GUARD, () => {
    const feed = parseFeed(Buffer.from(LAUGHS));
    const out = JSON.stringify(feed);
    expect(out).not.toMatch(/(lol){3}/);
    expect(out.length).toBeLessThan(5_000);
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]?.id).toBe("laugh-1");
  });

  it("never expands a quadratic-blowup entity", HANG_GUARD, () => {
    const feed = parseFeed(QUADRATIC);
    expect(JSON.stringify(feed)).not.toContain("aaaa");
  });

  it("never resolves external entities or external DTDs", HANG_GUARD, () => {
    for (const doc of [XXE, XXE_ATOM]) {
      const feed = parseFeed(Buffer.from(doc));
      const out = JSON.stringify(feed);
      expect(out).not.toContain("root:");
      expect(out).not.toContain("/bin/");
    }
    expect(parseFeed(XXE).items[0]?.link).toBe("http://example.com/1");
  });

  it("parses deeply nested markup with bounded output", HANG_GUARD, () => {
    const doc = `<rss><channel><title>d</title><item><title>x</title><description>${"&lt;b&gt;".repeat(200_000)}deep</description><content:encoded>${"<div>".repeat(200_000)}naked</content:encoded></item></channel></rss>`;
    const feed = parseFeed(doc);
    expect(feed.items[0]?.summary).toContain("deep");
    expect(feed.items[0]?.content).toContain("naked");
    expect((feed.items[0]?.summary ?? "").length).toBeLessThan(10_000);
  });

  it("handles 20,000 items", HANG_GUARD, () => {
    const doc = `<rss version="2.0"><channel><title>many</title>${'<item><title>t</title><guid>g</guid><description>&lt;p&gt;hi &lt;a href="/x"&gt;x&lt;/a&gt;&lt;/p&gt;</description></item>'.repeat(20_000)}</channel></rss>`;
    const feed = parseFeed(doc, { url: "https://example.com/feed" });
    expect(feed.items).toHaveLength(20_000);
  });

  it("keeps invalid byte sequences as U+FFFD and still parses", () => {
    const bytes = Buffer.concat([Buffer.from(`<rss version="2.0"><channel><title>bad `), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(` bytes</title></channel></rss>`)]);
    const feed = parseFeed(bytes);
    expect(feed.feed.title).toContain("\ufffd");
    expect(feed.feed.title).toMatch(/^bad .* bytes$/);
  });

  it.each([
    ["an empty document", "", /empty document/],
    ["whitespace only", "  \n ", /empty document/],
    ["an HTML page", "<!doctype html><html><head><title>x</title></head><body>hi</body></html>", /not a feed: root element <html>/],
    ["plain text", "garbage", /not a feed/],
    ["invalid JSON", '{"version": "https://jsonfeed.org/version/1.1", "items": [', /invalid JSON/],
    ["JSON that is not a feed", '{"hello": "world"}', /not a JSON Feed/],
    ["a truncated feed with no items", `<?xml version="1.0"?><rss version="2.0"><channel><title>cut`, /ends before the root element is closed/],
    ["gzip bytes never decompressed", Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xec, 0xbd]), /not a feed/],
  ])("rejects %s with a one-line FeedParseError", (_name, input, message) => {
    let error: unknown;
    try {
      parseFeed(typeof input === "string" ? Buffer.from(input) : input);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FeedParseError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });
});
