import { describe, expect, it } from "vitest";
import { canonicalizeUrl } from "../../../lib/feeds/canonical-url";

describe("canonicalizeUrl", () => {
  it.each([
    ["https://Example.COM/a?utm_source=x&utm_medium=y&id=3", "https://example.com/a?id=3"],
    ["https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1"], // order kept on purpose
    ["https://example.com/a?fbclid=abc&gclid=d&mc_cid=1&mc_eid=2&igshid=3&_hsenc=4&ref=hn", "https://example.com/a"],
    ["https://example.com:443/a#section", "https://example.com/a"],
    ["http://example.com:80/a", "http://example.com/a"],
    ["http://example.com:8080/a", "http://example.com:8080/a"],
    ["https://user:pw@example.com/a", "https://example.com/a"],
    ["https://example.com/Path/Case/", "https://example.com/Path/Case/"],
    ["  https://example.com/a?UTM_Campaign=z  ", "https://example.com/a"],
    ["https://example.com/a?", "https://example.com/a"],
    ["https://example.com/search?q=a+b&ref_src=tw", "https://example.com/search?q=a+b"],
    ["HTTPS://Example.com:443/plain/path", "https://example.com/plain/path"],
    ["https://example.com/a#", "https://example.com/a"],
    ["https://user@example.com/a", "https://example.com/a"],
  ])("%s -> %s", (input, want) => {
    expect(canonicalizeUrl(input)).toBe(want);
    // Given the URL already parsed, the same answer, and the caller's URL left as it was.
    const parsed = new URL(input.trim());
    const before = parsed.href;
    expect(canonicalizeUrl(parsed)).toBe(want);
    expect(parsed.href).toBe(before);
  });

  it.each([["javascript:alert(1)"], ["mailto:a@b.c"], ["/relative/only"], [""], [null]])("refuses %s", (input) => {
    expect(canonicalizeUrl(input)).toBeNull();
  });
});
