// Two web processes on one database, as behind a load balancer: a member's vote and
// comment on web A reach web B's logged-out readers within 2 s (the invalidation
// crosses processes through Postgres, lib/page-cache/cluster-bus.ts), pages for
// members are never cacheable by a shared cache, and the router's RSC requests never
// get HTML from either process.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../lib/db/migrate";
import { startApp, type RunningApp } from "../helpers/app-server";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { createDatabase, dropDatabase } from "../helpers/pg-admin";
import { cookieHeader, insertArticle, insertMember, logIn, type TestArticle } from "./members-helpers";

// The contract: a change on one web process shows on every other within this.
const VISIBLE_WITHIN_MS = 2_000;

const dbName = `readahead_e2e_multi_${randomBytes(3).toString("hex")}`;
let webA: RunningApp;
let webB: RunningApp;
let browser: LaunchedBrowser;
let article: TestArticle;
let member: { id: string; email: string };

beforeAll(async () => {
  const url = await createDatabase(dbName);
  await migrateDatabase(url);
  article = await insertArticle(url, "multiweb");
  member = await insertMember(url, "multiwebmember");
  // One at a time: starting the web server writes its launcher into .next.
  webA = await startApp({ DATABASE_URL: url, RUN_WORKER: "false" });
  webB = await startApp({ DATABASE_URL: url, RUN_WORKER: "false" });
  browser = await launchBrowser({ javaScriptEnabled: false });
});
afterAll(async () => {
  await Promise.all([webA?.stop(), webB?.stop(), browser?.close()]);
  await dropDatabase(dbName);
});

async function read(baseUrl: string, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(baseUrl + path, { headers, redirect: "manual" });
  const html = await res.text();
  const votes = /data-vote-count="true" aria-label="(\d+) votes?"/.exec(html)?.[1];
  return {
    status: res.status,
    cacheControl: res.headers.get("cache-control") ?? "",
    vary: (res.headers.get("vary") ?? "").toLowerCase(),
    contentType: res.headers.get("content-type") ?? "",
    store: res.headers.get("x-readahead-cache"),
    html,
    votes: votes === undefined ? undefined : Number(votes),
  };
}

/** Reads web B as a logged-out reader until `shows` holds or VISIBLE_WITHIN_MS after `since` has passed; returns the last read. */
async function readBUntil(since: number, shows: (r: Awaited<ReturnType<typeof read>>) => boolean) {
  for (;;) {
    const r = await read(webB.baseUrl, article.path);
    if (shows(r) || Date.now() - since > VISIBLE_WITHIN_MS) return { ...r, afterMs: Date.now() - since };
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Whether a Cache-Control value lets a shared cache (CDN, nginx) store the response. */
function sharedCacheMayStore(cacheControl: string): boolean {
  const cc = cacheControl.toLowerCase();
  return !/\b(private|no-store)\b/.test(cc) && /\b(public|s-maxage)\b/.test(cc);
}

describe("two web processes on one database", () => {
  it("show a member's vote and comment on web A to web B's logged-out readers within 2 s", async () => {
    // Web B has the page stored (and its data cached) before the change.
    expect((await read(webB.baseUrl, article.path)).votes).toBe(0);
    const warm = await read(webB.baseUrl, article.path);
    expect([warm.status, warm.store, warm.votes]).toEqual([200, "hit", 0]);

    const page = await browser.context.newPage();
    await logIn(page, webA.baseUrl, member.email, article.path);
    await Promise.all([page.waitForNavigation(), page.click("[data-vote-control] button[data-vote-button]")]);
    const votedAt = Date.now();
    expect(await page.locator("[data-vote-control] [data-vote-count]").innerText()).toBe("1");
    const afterVote = await readBUntil(votedAt, (r) => r.votes === 1);
    console.log(`web B showed web A's vote after ${afterVote.afterMs} ms (store: ${afterVote.store})`);
    expect(afterVote.votes).toBe(1);

    const text = `Seen on web B ${randomBytes(3).toString("hex")}`;
    await page.fill('[data-comment-form][data-parent-id=""] textarea', text);
    await Promise.all([page.waitForNavigation(), page.click('[data-comment-form][data-parent-id=""] [data-comment-submit]')]);
    const commentedAt = Date.now();
    expect(await page.content()).toContain(text);
    const afterComment = await readBUntil(commentedAt, (r) => r.html.includes(text));
    console.log(`web B showed web A's comment after ${afterComment.afterMs} ms (store: ${afterComment.store})`);
    expect(afterComment.html).toContain(text);
    await page.close();
  });

  it("let shared caches store logged-out readers' pages, never members' pages, notices, posts, API answers or errors", async () => {
    const page = await browser.context.newPage();
    await logIn(page, webA.baseUrl, member.email, "/");
    const session = await cookieHeader(browser.context, webA.baseUrl);
    await page.close();
    for (const web of [webA, webB]) {
      for (const path of ["/", "/new", article.path, `/s/${article.sourceSlug}`]) {
        const shared = await read(web.baseUrl, path);
        expect(shared.status, path).toBe(200);
        expect(shared.cacheControl, path).toMatch(/^public, s-maxage=\d+, stale-while-revalidate=\d+$/);
        // A shared cache must key the stored page on what made it shareable.
        for (const header of ["cookie", "rsc", "next-router-prefetch", "next-router-state-tree", "sec-fetch-dest"]) expect(shared.vary, `${path} Vary`).toContain(header);

        const asMember = await read(web.baseUrl, path, { cookie: session });
        expect(asMember.html, path).toContain('data-handle="multiwebmember"');
        expect(sharedCacheMayStore(asMember.cacheControl), `${path} for a member: ${asMember.cacheControl}`).toBe(false);
        const withNotice = await read(web.baseUrl, path, { cookie: "ra-notice=x" });
        expect(sharedCacheMayStore(withNotice.cacheControl), `${path} with a notice: ${withNotice.cacheControl}`).toBe(false);
      }
      for (const path of ["/me/saved", "/me/feed", `/u/multiwebmember`]) {
        const own = await read(web.baseUrl, path, { cookie: session });
        expect(sharedCacheMayStore(own.cacheControl), `${path}: ${own.cacheControl}`).toBe(false);
      }
      for (const path of ["/api/health", "/api/auth/session", "/no-such-page", "/a/999999999/missing", "/login"]) {
        const other = await read(web.baseUrl, path);
        expect(sharedCacheMayStore(other.cacheControl), `${path}: ${other.cacheControl}`).toBe(false);
      }
      const post = await fetch(web.baseUrl + article.path, { method: "POST", body: "x=1", headers: { "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" });
      expect(sharedCacheMayStore(post.headers.get("cache-control") ?? ""), `POST: ${post.headers.get("cache-control")}`).toBe(false);
      await post.arrayBuffer();
    }
  });

  it("never answer the router's RSC requests with HTML, stored page or not", async () => {
    for (const web of [webA, webB]) {
      for (const path of ["/", "/new", article.path]) {
        // The store may hold the page for document loads of this URL.
        await read(web.baseUrl, path);
        const variants: Record<string, string>[] = [{ rsc: "1" }, { rsc: "1", "next-router-prefetch": "1" }, { rsc: "1", "sec-fetch-dest": "empty" }];
        for (const headers of variants) {
          // As curl sends it (a redirect to the `_rsc` URL Next expects is fine), and followed.
          const direct = await read(web.baseUrl, path, headers);
          expect(direct.contentType, `${path} ${JSON.stringify(headers)}`).not.toMatch(/text\/html/);
          const followed = await fetch(web.baseUrl + path, { headers });
          expect(followed.headers.get("content-type") ?? "", `${path} ${JSON.stringify(headers)} followed`).not.toMatch(/text\/html/);
          expect(sharedCacheMayStore(followed.headers.get("cache-control") ?? ""), `${path} RSC: ${followed.headers.get("cache-control")}`).toBe(false);
          await followed.arrayBuffer();
        }
      }
    }
  });
});
