// Every kind of answer the app gives carries its security headers, for readers
// and members, freshly rendered and replayed from the shared page store; and a
// page's Content-Security-Policy names the nonce its own scripts carry.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { articlePath } from "../../lib/articles/paths";
import { cookieHeader, insertMember, logIn } from "./members-helpers";
import { E2E } from "./seed-data";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
let browser: LaunchedBrowser;
let memberCookie: string;
const HANDLE = "headersmember";

beforeAll(async () => {
  browser = await launchBrowser({ javaScriptEnabled: false });
  const member = await insertMember(dbUrl, HANDLE);
  const page = await browser.context.newPage();
  await logIn(page, baseUrl, member.email, "/");
  memberCookie = await cookieHeader(browser.context, baseUrl);
  await page.close();
});
afterAll(async () => {
  await browser?.close();
});

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

async function get(path: string, cookie?: string): Promise<Answer> {
  const res = await fetch(baseUrl + path, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

function directives(csp: string | null): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (csp ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values.join(" "));
  }
  return map;
}

/** The headers every answer carries, whatever it is. */
function expectBaseHeaders(a: Answer, what: string) {
  expect(a.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(a.headers.get("referrer-policy"), what).toBe("strict-origin-when-cross-origin");
  // PUBLIC_URL is http here: no HSTS (see security-instances.test.ts for https).
  expect(a.headers.get("strict-transport-security"), what).toBeNull();
}

/** A page: the nonce policy, and every script in the HTML carries the header's nonce. */
function expectPagePolicy(a: Answer, what: string): string {
  expectBaseHeaders(a, what);
  const csp = directives(a.headers.get("content-security-policy"));
  const script = csp.get("script-src") ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(script)?.[1];
  expect(nonce, `${what}: script-src ${script}`).toBeTruthy();
  expect(script, what).not.toContain("unsafe-inline");
  expect(csp.get("object-src"), what).toBe("'none'");
  expect(csp.get("frame-ancestors"), what).toBe("'none'");
  expect(csp.get("base-uri"), what).toBe("'self'");
  expect(csp.get("form-action"), what).toBe("'self'");
  expect(csp.get("img-src"), what).toContain("https:");
  const scripts = [...a.body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
  expect(scripts.length, what).toBeGreaterThan(0);
  for (const attrs of scripts) expect(/\bnonce="([^"]+)"/.exec(attrs)?.[1], `${what}: <script${attrs}>`).toBe(nonce);
  // No inline event handlers anywhere in the markup (the policy would block them).
  expect(a.body, what).not.toMatch(/<[^>]+\son[a-z]+=/i);
  return nonce!;
}

/** A route handler's answer: a policy that allows no script at all. */
function expectRouteHandlerPolicy(a: Answer, what: string) {
  expectBaseHeaders(a, what);
  const csp = directives(a.headers.get("content-security-policy"));
  expect(csp.get("default-src"), what).toBe("'none'");
  expect(csp.has("script-src"), what).toBe(false);
  expect(csp.get("frame-ancestors"), what).toBe("'none'");
}

const SHARED_PAGES = ["/", "/new", "/top?t=week", "/sources", "/search", "/search?q=machine", "/s/tensorflow-blog", "/t/coding", articlePath({ id: E2E.referenceArticleId, title: E2E.referenceTitle })];
const OTHER_PAGES = ["/login", "/signup", `/u/${HANDLE}`];

describe("security headers", () => {
  it("are on every page a logged-out reader loads, fresh and replayed from the store, each replay with its own render's nonce", async () => {
    for (const path of SHARED_PAGES) {
      const first = await get(path);
      const second = await get(path);
      const stored = [first, second].find((a) => a.headers.get("x-readahead-cache") === "hit");
      expect(first.status, path).toBe(200);
      expect(stored, `${path} was not replayed from the store`).toBeDefined();
      const firstNonce = expectPagePolicy(first, `${path} (first)`);
      const secondNonce = expectPagePolicy(second, `${path} (stored)`);
      // A replay is the same render: same bytes, same nonce.
      if (second.headers.get("x-readahead-cache") === "hit" && first.headers.get("x-readahead-cache") !== null) expect(secondNonce).toBe(firstNonce);
    }
    for (const path of OTHER_PAGES) expectPagePolicy(await get(path), path);
  });

  it("are on every page a member loads, each render with a fresh nonce", async () => {
    const nonces = new Set<string>();
    for (const path of [...SHARED_PAGES, `/u/${HANDLE}`, "/me/feed", "/me/feed"]) {
      const a = await get(path, memberCookie);
      expect(a.status, path).toBe(200);
      expect(a.headers.get("x-readahead-cache"), path).toBeNull();
      expect(a.body, path).toContain(`data-handle="${HANDLE}"`);
      nonces.add(expectPagePolicy(a, `${path} (member)`));
    }
    expect(nonces.size).toBe(SHARED_PAGES.length + 3);
  });

  it("are on the not-found page, logged out and in", async () => {
    for (const cookie of [undefined, memberCookie]) {
      for (const path of ["/no-such-page", "/s/no-such-source", "/a/999999"]) {
        const a = await get(path, cookie);
        expect(a.status, path).toBe(404);
        expectPagePolicy(a, `${path} (404)`);
      }
    }
  });

  it("are on route handlers (RSS, health, auth) with a policy that allows no script", async () => {
    for (const cookie of [undefined, memberCookie]) {
      for (const path of ["/rss.xml", "/s/tensorflow-blog/rss.xml", "/t/coding/rss.xml", "/api/health", "/api/auth/csrf"]) {
        const a = await get(path, cookie);
        expect(a.status, path).toBe(200);
        expectRouteHandlerPolicy(a, path);
      }
    }
  });

  it("nosniff and the referrer policy are on Next's static files too", async () => {
    const html = (await get("/")).body;
    const assets = [...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets.slice(0, 3)) {
      const a = await get(asset);
      expect(a.status, asset).toBe(200);
      expect(a.headers.get("x-content-type-options"), asset).toBe("nosniff");
      expect(a.headers.get("referrer-policy"), asset).toBe("strict-origin-when-cross-origin");
    }
  });
});
