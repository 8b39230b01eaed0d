// Behaviour that needs an app configured differently from the shared one, each
// on its own database: HSTS when PUBLIC_URL is https, GitHub sign-in under the
// Content-Security-Policy, and the per-address search limit (exhausting it on the
// shared app would refuse other files' searches from the same address).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../lib/db/migrate";
import { SEARCH_PER_ADDRESS } from "../../lib/rate-limit/policies";
import { startApp, type RunningApp } from "../helpers/app-server";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { createDatabase, dropDatabase } from "../helpers/pg-admin";

const dbName = `readahead_e2e_sec_${randomBytes(3).toString("hex")}`;
let dbUrl: string;
let https: RunningApp;
let github: RunningApp;
let browser: LaunchedBrowser;

beforeAll(async () => {
  const url = (dbUrl = await createDatabase(dbName));
  await migrateDatabase(url);
  // One at a time: starting the web server writes its launcher into .next.
  https = await startApp({ DATABASE_URL: url, PUBLIC_URL: "https://news.example.org", WEB_STATEMENT_TIMEOUT_MS: "1000" });
  github = await startApp({ DATABASE_URL: url, GITHUB_ID: "csp-test-client", GITHUB_SECRET: "csp-test-secret" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await Promise.all([https?.stop(), github?.stop(), browser?.close()]);
  await dropDatabase(dbName);
});

describe("when PUBLIC_URL is https", () => {
  it("pages, route handlers and stored pages carry Strict-Transport-Security, and plain-http subresources are upgraded", async () => {
    for (const path of ["/", "/", "/login", "/rss.xml", "/api/health", "/no-such-page"]) {
      const res = await fetch(https.baseUrl + path);
      expect(res.headers.get("strict-transport-security"), path).toBe("max-age=31536000");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      if (!path.endsWith(".xml") && !path.startsWith("/api/")) expect(res.headers.get("content-security-policy"), path).toContain("upgrade-insecure-requests");
    }
  });
});

describe("GitHub sign-in under the policy", () => {
  it("goes from our login link through next-auth's page to GitHub", async () => {
    const page = await browser.context.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(github.baseUrl + "/login");
    await page.getByRole("link", { name: "Log in with GitHub" }).click();
    // next-auth's form posts to us and we redirect to GitHub; Chromium checks the
    // redirect against form-action. There is no network here, so the request
    // itself is the proof that the browser went.
    const toGitHub = page.waitForEvent("request", (r) => r.url().startsWith("https://github.com/"));
    await page.getByRole("button", { name: "Sign in with GitHub" }).click();
    const reachedGitHub = new URL((await toGitHub).url());
    expect(reachedGitHub.pathname).toBe("/login/oauth/authorize");
    expect(reachedGitHub.searchParams.get("client_id")).toBe("csp-test-client");
    expect(violations).toEqual([]);
    await page.close();
  });
});

async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe("the web app's statement timeout", () => {
  it("cuts off a search stuck behind a lock and says so, instead of holding a connection until the lock goes", async () => {
    await withDb(async (locker) => {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE");
      try {
        const res = await fetch(`${https.baseUrl}/search?q=lighthouse`);
        expect(res.status).toBe(200);
        expect(await res.text()).toContain("the search took too long");
      } finally {
        await locker.query("ROLLBACK");
      }
    });
  });
});

describe("the per-address search limit", () => {
  it("answers searches past the limit with 429, Retry-After and a page that says why; stored pages and other pages still load", async () => {
    // Both apps share this database, and so the loopback address's search count.
    await withDb((c) => c.query("DELETE FROM rate_limit_buckets"));
    // Distinct queries: each one runs (none is in the shared store yet).
    for (let i = 0; i < SEARCH_PER_ADDRESS.limit; i++) {
      const res = await fetch(`${github.baseUrl}/search?q=lighthouse${i}`);
      expect(res.status, `search ${i + 1}`).toBe(200);
    }
    const refused = await fetch(`${github.baseUrl}/search?q=one+more`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("content-security-policy")).toContain("'nonce-");
    const html = await refused.text();
    expect(html).toContain("too many searches");
    expect(html).not.toContain("data-search-results");
    // A search already in the store costs nothing and is still served.
    const stored = await fetch(`${github.baseUrl}/search?q=lighthouse${SEARCH_PER_ADDRESS.limit - 1}`);
    expect([stored.status, stored.headers.get("x-readahead-cache")]).toEqual([200, "hit"]);
    expect((await fetch(`${github.baseUrl}/new`)).status).toBe(200);

    // With JavaScript, a search from the form (a full page load: the form is a plain GET) shows the same notice.
    const page = await browser.context.newPage();
    await page.goto(`${github.baseUrl}/search`);
    await page.fill("#search-q", "yet another");
    await Promise.all([page.waitForURL(/q=yet/), page.getByRole("button", { name: "search" }).click()]);
    await expect.poll(() => page.getByText("too many searches").count()).toBe(1);
    await page.close();
  });
});
