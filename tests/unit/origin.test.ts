import { describe, expect, it } from "vitest";
import { isSameSiteRequest } from "../../lib/security/origin";

const h = (o: Record<string, string>) => new Headers(o);
const PUBLIC = "news.example.org";

describe("isSameSiteRequest", () => {
  it.each([
    ["same origin", { origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }, true],
    ["public URL behind a proxy", { origin: "https://news.example.org", host: "10.0.0.5:3000" }, true],
    ["forwarded host", { origin: "https://alias.example.org", host: "10.0.0.5", "x-forwarded-host": "alias.example.org" }, true],
    ["another site", { origin: "https://evil.example", host: "news.example.org" }, false],
    ["another port is another origin", { origin: "http://127.0.0.1:4000", host: "127.0.0.1:3000" }, false],
    ["opaque origin", { origin: "null", host: "news.example.org" }, false],
    ["garbage origin", { origin: "::::", host: "news.example.org" }, false],
    ["no origin, browser says cross-site", { host: "news.example.org", "sec-fetch-site": "cross-site" }, false],
    ["no origin, browser says same-site (sibling subdomain)", { host: "news.example.org", "sec-fetch-site": "same-site" }, false],
    ["no origin, browser says same-origin", { host: "news.example.org", "sec-fetch-site": "same-origin" }, true],
    ["no origin, no browser metadata (curl)", { host: "news.example.org" }, true],
  ])("%s", (_name, headers, expected) => {
    expect(isSameSiteRequest(h(headers), PUBLIC)).toBe(expected);
  });
});
