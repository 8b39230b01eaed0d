// Hostile input and forged requests against the running app: a hostile comment
// renders inert in Chromium, and cross-site posts to the vote and comment actions
// change nothing even when they carry the member's cookie.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { articleCounts, cookieHeader, formFieldsFromHtml, insertArticle, insertMember, logIn, type TestArticle } from "./members-helpers";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
let browser: LaunchedBrowser;
let article: TestArticle;
let member: { id: string; email: string };

beforeAll(async () => {
  browser = await launchBrowser();
  article = await insertArticle(dbUrl, "security");
  member = await insertMember(dbUrl, "secmember");
});
afterAll(async () => {
  await browser?.close();
});

const HOSTILE = [
  "<script>window.__pwned = 'script'</script>",
  "<img src=x onerror=\"window.__pwned = 'img'\">",
  "<svg onload=\"window.__pwned = 'svg'\"><circle r=5 /></svg>",
  "<details open ontoggle=\"window.__pwned = 'details'\">x</details>",
  "<iframe srcdoc=\"<script>parent.__pwned = 'iframe'</script>\"></iframe>",
  "[click me](javascript:window.__pwned='link')",
  "<a href=\"java&#x09;script:window.__pwned='entity'\">entity link</a>",
  "&lt;script&gt;window.__pwned = 'entity-script'&lt;/script&gt;",
  "`</code><script>window.__pwned = 'code'</script>`",
  "> <img src=x onerror=\"window.__pwned = 'quote'\">",
  "<style>@import 'http://127.0.0.1:9/x.css';</style>",
].join("\n\n");

const dbCounts = () => articleCounts(dbUrl, article.id);

describe("hostile comments", () => {
  it("render inert in the browser: no script runs, no element outside the Markdown subset", async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __alerts: string[] };
      w.__alerts = [];
      window.alert = (m?: unknown) => void w.__alerts.push(String(m));
    });
    await logIn(page, baseUrl, member.email, article.path);
    await page.fill('[data-comment-form][data-parent-id=""] textarea', HOSTILE);
    await page.click('[data-comment-form][data-parent-id=""] [data-comment-submit]');
    const body = page.locator("[data-comment-body]").filter({ hasText: "click me" });
    await expect.poll(() => body.count()).toBe(1);
    await page.reload();
    await page.waitForTimeout(500);
    // The words are there, as text.
    expect(await body.innerText()).toContain("<script>window.__pwned = 'script'</script>");
    expect(await body.locator("script, img, svg, iframe, details, style").count()).toBe(0);
    const hrefs = await body.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs.every((h) => h === null || /^https?:|^mailto:/.test(h))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __alerts: string[] }).__alerts)).toEqual([]);
    await page.close();
  });
});

describe("forged cross-site posts", () => {
  it("to the vote action change nothing, while the same post from the site itself works", async () => {
    const page = await browser.context.newPage();
    await logIn(page, baseUrl, member.email, article.path);
    const cookie = await cookieHeader(browser.context, baseUrl);
    const html = await (await fetch(baseUrl + article.path, { headers: { cookie } })).text();
    const fields = formFieldsFromHtml(html, 'name="intent" value="up"');
    expect(fields.some(([n]) => n.startsWith("$ACTION_ID_"))).toBe(true);
    const post = (headers: Record<string, string>) => {
      const form = new FormData();
      for (const [n, v] of fields) form.append(n, v);
      return fetch(baseUrl + article.path, { method: "POST", body: form, headers: { cookie, ...headers }, redirect: "manual" });
    };
    const before = await dbCounts();
    await post({ origin: "https://evil.example" });
    await post({ origin: "null" });
    // No Origin at all, but the browser says it came from another site: Next alone would let this through.
    await post({ "sec-fetch-site": "cross-site" });
    expect(await dbCounts()).toEqual(before);
    // The control: the same replayed form from our own origin is a valid vote.
    const ok = await post({ origin: baseUrl });
    expect(ok.status).toBe(303);
    expect(await dbCounts()).toMatchObject({ votes: before.votes + 1, score: before.score + 1 });
    await page.close();
  });

  it("to the comment action change nothing, while the same post from the site itself works", async () => {
    const page = await browser.context.newPage();
    await logIn(page, baseUrl, member.email, article.path);
    const cookie = await cookieHeader(browser.context, baseUrl);
    const html = await (await fetch(baseUrl + article.path, { headers: { cookie } })).text();
    const fields = formFieldsFromHtml(html, 'data-parent-id=""');
    const post = (headers: Record<string, string>, text: string) => {
      const form = new FormData();
      for (const [n, v] of fields) form.append(n, v);
      form.append("body", text);
      return fetch(baseUrl + article.path, { method: "POST", body: form, headers: { cookie, ...headers }, redirect: "manual" });
    };
    const before = await dbCounts();
    await post({ origin: "https://evil.example" }, "forged comment");
    await post({ "sec-fetch-site": "cross-site" }, "forged comment without origin");
    expect(await dbCounts()).toEqual(before);
    const ok = await post({ origin: baseUrl }, "a real comment");
    expect(ok.status).toBe(303);
    expect((await dbCounts()).comments).toBe(before.comments + 1);
    await page.close();
  });
});

describe("next-auth's Credentials endpoint (removed)", () => {
  async function csrf(): Promise<{ token: string; cookie: string }> {
    const res = await fetch(`${baseUrl}/api/auth/csrf`);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    return { token: csrfToken, cookie };
  }
  async function signIn(email: string, password: string, origin = baseUrl): Promise<Response> {
    const { token, cookie } = await csrf();
    return fetch(`${baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie, origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: token, email, password, callbackUrl: "/" }),
    });
  }

  it("no longer logs anyone in: login is our own form's action only (it rotates the session row)", async () => {
    const m = await insertMember(dbUrl, "viaroute");
    const res = await signIn(m.email, "members-e2e-password");
    expect(res.status).toBeLessThan(500);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("next-auth.session-token="))).toBe(false);
    // Whatever cookies it handed out, they do not make a member.
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const feed = await fetch(`${baseUrl}/me/feed`, { headers: { cookie }, redirect: "manual" });
    expect(feed.status).toBe(307);
    expect(feed.headers.get("location")).toContain("/login");
  });

  it("refuses cross-site posts with 403", async () => {
    const m = await insertMember(dbUrl, "routelimit");
    expect((await signIn(m.email, "members-e2e-password", "https://evil.example")).status).toBe(403);
  });
});

describe("the way back after login", () => {
  it("never leaves the site, whatever dot segments or encoded slashes `next` carries", async () => {
    const page = await browser.context.newPage();
    await logIn(page, baseUrl, member.email, "/");
    const cookie = await cookieHeader(browser.context, baseUrl);
    for (const next of ["/.//evil.example", "/%2e//evil.example", "/a/..//evil.example", "/%2F%2Fevil.example"]) {
      for (const form of ["/login", "/signup"]) {
        const res = await fetch(`${baseUrl}${form}?next=${encodeURIComponent(next)}`, { headers: { cookie }, redirect: "manual" });
        expect(res.status, `${form}?next=${next}`).toBe(307);
        const location = new URL(res.headers.get("location")!, baseUrl);
        expect(location.origin, `${form}?next=${next}`).toBe(baseUrl);
        expect(location.pathname.startsWith("//"), `${form}?next=${next}`).toBe(false);
      }
    }
    await page.close();
  });
});
