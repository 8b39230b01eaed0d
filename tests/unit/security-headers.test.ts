import { describe, expect, it } from "vitest";
import {
  createNonce,
  isRouteHandlerPath,
  pageContentSecurityPolicy,
  routeHandlerContentSecurityPolicy,
  strictTransportSecurity,
} from "../../lib/security/headers";

const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.split(" ")[0] === name);

describe("pageContentSecurityPolicy", () => {
  const prod = pageContentSecurityPolicy("abc123", { isDev: false, isHttps: false });

  it("runs only scripts with the nonce (and what they load), never inline handlers or eval", () => {
    expect(directive(prod, "script-src")).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(prod).not.toContain("unsafe-inline");
    expect(prod).not.toContain("unsafe-eval");
  });

  it.each([
    ["object-src", "object-src 'none'"],
    ["frame-ancestors", "frame-ancestors 'none'"],
    ["base-uri", "base-uri 'self'"],
    ["form-action", "form-action 'self'"],
    ["img-src", "img-src 'self' data: https:"],
  ])("sets %s", (name, expected) => {
    expect(directive(prod, name)).toBe(expected);
  });

  it("upgrades plain-http subresources only on an https site", () => {
    expect(prod).not.toContain("upgrade-insecure-requests");
    expect(pageContentSecurityPolicy("n", { isDev: false, isHttps: true })).toContain("upgrade-insecure-requests");
  });

  it("allows what next dev needs only in development", () => {
    const dev = pageContentSecurityPolicy("n", { isDev: true, isHttps: false });
    expect(directive(dev, "script-src")).toContain("'unsafe-eval'");
    expect(directive(dev, "style-src")).toBe("style-src 'self' 'unsafe-inline'");
    expect(directive(prod, "style-src")).toBe("style-src 'self' 'nonce-abc123'");
  });
});

describe("routeHandlerContentSecurityPolicy", () => {
  it("allows no script, and lets next-auth's sign-in form redirect to GitHub", () => {
    const csp = routeHandlerContentSecurityPolicy();
    expect(directive(csp, "default-src")).toBe("default-src 'none'");
    expect(directive(csp, "script-src")).toBeUndefined();
    expect(directive(csp, "form-action")).toBe("form-action 'self' https://github.com");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
  });
});

describe("strictTransportSecurity", () => {
  it.each([
    ["https://news.example.org", "max-age=31536000"],
    ["http://localhost:3000", null],
    ["http://news.example.org", null],
  ])("for %s is %s", (url, expected) => {
    expect(strictTransportSecurity(url)).toBe(expected);
  });
});

describe("createNonce", () => {
  it("is 128 random bits in CSP's base64 alphabet, new each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("isRouteHandlerPath", () => {
  it.each([
    ["/api/health", true],
    ["/api/auth/signin", true],
    ["/rss.xml", true],
    ["/s/some-source/rss.xml", true],
    ["/", false],
    ["/a/1/title", false],
    ["/search", false],
    ["/apiary", false],
    ["/agent.md", true],
    ["/llms.txt", true],
    ["/u/agent.md", false],
  ])("%s → %s", (path, expected) => {
    expect(isRouteHandlerPath(path)).toBe(expected);
  });
});
