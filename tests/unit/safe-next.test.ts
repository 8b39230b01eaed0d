import { describe, expect, it } from "vitest";
import { loginUrl, safeNextPath, safeRedirectUrl } from "../../lib/security/safe-next";

describe("safeNextPath", () => {
  it.each([
    // Paths of ours come back as they are (normalised).
    ["/a/1/title", "/a/1/title"],
    ["/a/1/title?comments=best#c4", "/a/1/title?comments=best#c4"],
    ["/me/feed", "/me/feed"],
    ["/a/./1/../2/title", "/a/2/title"],
    ["/t/c%2B%2B", "/t/c%2B%2B"],
    ["/search?q=a%2Fb", "/search?q=a%2Fb"],
    ["/t/a%2Fb", "/t/a%2Fb"],
    // Other sites, spelled plainly.
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["evil.example", "/"],
    // Dot segments that normalise into a protocol-relative "//host".
    ["/.//evil.example", "/"],
    ["/././/evil.example", "/"],
    ["/%2e//evil.example", "/"],
    ["/%2E//evil.example", "/"],
    ["/a/..//evil.example", "/"],
    ["/a/%2e%2e//evil.example", "/"],
    ["/a/b/../..//evil.example", "/"],
    ["/..//evil.example", "/"],
    // Encoded slashes and backslashes, decoded (once or twice) and then normalised.
    ["/%2F%2Fevil.example", "/"],
    ["/%2f%2fevil.example", "/"],
    ["/%2F/evil.example", "/"],
    ["/%5Cevil.example", "/"],
    ["/%5c%5cevil.example", "/"],
    ["/%252F%252Fevil.example", "/"],
    ["/a/%2e%2e%2f%2fevil.example", "/"],
    ["/a/..%2F/evil.example", "/"],
    // Backslashes anywhere (browsers read them as slashes in http URLs).
    ["/\\/evil.example", "/"],
    ["/.\\/evil.example", "/"],
    ["/a\\b", "/"],
    // Browsers strip tabs and newlines from URLs, which can turn "/\t/evil" into "//evil".
    ["/\t/evil.example", "/"],
    ["/\n/evil.example", "/"],
    ["/\r\n/evil.example", "/"],
    ["/%09/evil.example", "/"],
    ["/%0a/evil.example", "/"],
    ["/%00", "/"],
    // Not strings, empty, or too long.
    ["", "/"],
    [undefined, "/"],
    [42, "/"],
    // Malformed percent-encoding cannot be checked, so it is not followed.
    ["/%E0%A4%A", "/"],
  ])("%j -> %j", (input, out) => {
    expect(safeNextPath(input)).toBe(out);
  });

  it("refuses a path longer than 2,000 characters", () => {
    expect(safeNextPath("/" + "a".repeat(3000))).toBe("/");
  });

  it("uses the caller's fallback for anything refused", () => {
    expect(safeNextPath("/.//evil.example", "/me/feed")).toBe("/me/feed");
  });

  it("builds login URLs that encode the way back", () => {
    expect(loginUrl("/a/1/x#c2")).toBe("/login?next=%2Fa%2F1%2Fx%23c2");
    expect(loginUrl("//evil.example")).toBe("/login?next=%2F");
    expect(loginUrl("/.//evil.example")).toBe("/login?next=%2F");
  });
});

describe("safeRedirectUrl (next-auth's callbackUrl)", () => {
  const base = "https://news.example.org";
  it.each([
    ["/me/feed", "https://news.example.org/me/feed"],
    ["https://news.example.org/a/1/x?y=1", "https://news.example.org/a/1/x?y=1"],
    ["https://news.example.org", "https://news.example.org/"],
    ["/.//evil.example", "https://news.example.org/"],
    ["https://news.example.org/.//evil.example", "https://news.example.org/"],
    ["https://news.example.org.evil.example/", "https://news.example.org/"],
    ["https://evil.example/", "https://news.example.org/"],
    ["//evil.example", "https://news.example.org/"],
  ])("%j -> %j", (url, out) => {
    expect(safeRedirectUrl(url, base)).toBe(out);
  });
});
