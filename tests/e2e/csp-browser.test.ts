// The app still works in Chromium under its Content-Security-Policy: hydration on
// fresh and stored pages, client-side navigation, the theme script and toggle,
// forms with and without JavaScript, and not one violation reported.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { PASSWORD, articleCounts, insertArticle, insertMember, logIn, type TestArticle } from "./members-helpers";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
let js: LaunchedBrowser;
let noJs: LaunchedBrowser;
let jsArticle: TestArticle;
let noJsArticle: TestArticle;
let member: { id: string; email: string };

/** CSP violations the console reports (and uncaught page errors, which a blocked script often causes). */
function watchViolations(context: BrowserContext): string[] {
  const violations: string[] = [];
  const watch = (page: Page) => {
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => violations.push(`${page.url()}: page error ${e.message}`));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  return violations;
}

async function recordedViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

/** Waits until React has hydrated the header (a click before that is a plain link's full page load). */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const toggle = document.querySelector("[data-theme-toggle]");
    return !!toggle && Object.keys(toggle).some((k) => k.startsWith("__reactFiber"));
  });
}

let violations: string[];
let noJsViolations: string[];

beforeAll(async () => {
  [js, noJs] = await Promise.all([launchBrowser(), launchBrowser({ javaScriptEnabled: false })]);
  // Injected by the browser itself (not subject to the page's policy): collects
  // violations the page sees, including ones the console does not print.
  await js.context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  violations = watchViolations(js.context);
  noJsViolations = watchViolations(noJs.context);
  [jsArticle, noJsArticle] = await Promise.all([insertArticle(dbUrl, "csp-js"), insertArticle(dbUrl, "csp-nojs")]);
  member = await insertMember(dbUrl, "cspmember");
});
afterAll(async () => {
  await Promise.all([js?.close(), noJs?.close()]);
});

describe("under the Content-Security-Policy, with JavaScript", () => {
  it("hydrates fresh and stored pages: the theme toggle works on both and the theme script applies the choice on load", async () => {
    const page = await js.context.newPage();
    const html = page.locator("html");
    const isDark = async () => (await html.getAttribute("class"))?.includes("dark") ?? false;
    // A URL no one loaded yet: rendered now (a miss), then replayed from the store.
    const path = `/new?csp=${Date.now()}`;
    const fresh = await page.goto(baseUrl + path);
    expect(fresh?.headers()["x-readahead-cache"]).toBe("miss");
    expect(await isDark()).toBe(false);
    await hydrated(page);
    await page.click("[data-theme-toggle]");
    await expect.poll(isDark).toBe(true);
    // The inline theme script (it carries the page's nonce) applies the choice on load.
    const stored = await page.reload();
    expect(stored?.headers()["x-readahead-cache"]).toBe("hit");
    expect(await isDark()).toBe(true);
    // The stored copy hydrates too: its scripts carry the nonce its replayed header names.
    await hydrated(page);
    await page.click("[data-theme-toggle]");
    await expect.poll(isDark).toBe(false);
    await page.reload();
    expect(await isDark()).toBe(false);
    expect(await recordedViolations(page)).toEqual([]);
    await page.close();
  });

  it("navigates client-side by clicking the header's links", async () => {
    const page = await js.context.newPage();
    await page.goto(baseUrl + "/");
    await hydrated(page);
    // A full page load would lose this marker; a client-side navigation keeps it.
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 42));
    for (const [name, path] of [["new", "/new"], ["top", "/top"], ["sources", "/sources"], ["search", "/search"], ["hot", "/"]] as const) {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).click();
      await page.waitForURL((u) => u.pathname === path);
      expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker), `to ${path}`).toBe(42);
    }
    // A search from the form, then an article link.
    await page.goto(baseUrl + "/search");
    await page.fill("#search-q", "machine");
    await Promise.all([page.waitForURL(/q=machine/), page.getByRole("button", { name: "search" }).click()]);
    await page.locator("[data-search-results] [data-article-link]").first().waitFor();
    expect(await recordedViolations(page)).toEqual([]);
    await page.close();
  });

  it("logs in and votes through the server action", async () => {
    const page = await js.context.newPage();
    await logIn(page, baseUrl, member.email, jsArticle.path);
    await page.click("[data-vote-control] button[data-vote-button]");
    await expect.poll(() => page.locator("[data-vote-control] [data-vote-count]").innerText()).toBe("1");
    // The count is optimistic: the server action may still be running when it shows.
    await expect.poll(() => articleCounts(dbUrl, jsArticle.id)).toMatchObject({ score: 1, votes: 1 });
    await page.fill('[data-comment-form][data-parent-id=""] textarea', "Posted under the policy");
    await page.click('[data-comment-form][data-parent-id=""] [data-comment-submit]');
    await expect.poll(() => page.locator("[data-comment-id]").filter({ hasText: "Posted under the policy" }).count()).toBe(1);
    expect(await recordedViolations(page)).toEqual([]);
    await page.close();
  });

  it("reported no violation anywhere", () => {
    expect(violations).toEqual([]);
  });
});

describe("under the Content-Security-Policy, without JavaScript", () => {
  it("logs in and votes with plain form posts", async () => {
    const page = await noJs.context.newPage();
    await page.goto(`${baseUrl}/login?next=${encodeURIComponent(noJsArticle.path)}`);
    await page.fill('input[name="email"]', member.email);
    await page.fill('input[name="password"]', PASSWORD);
    await page.click("[data-login-submit]");
    expect(new URL(page.url()).pathname).toBe(noJsArticle.path);
    await page.click("[data-vote-control] button[data-vote-button]");
    expect(new URL(page.url()).pathname).toBe(noJsArticle.path);
    expect(await page.locator("[data-vote-control] [data-vote-count]").innerText()).toBe("1");
    expect(await articleCounts(dbUrl, noJsArticle.id)).toMatchObject({ score: 1, votes: 1 });
    expect(noJsViolations).toEqual([]);
    await page.close();
  });
});
