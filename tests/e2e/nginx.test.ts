// The documented nginx configuration (deploy/nginx/readahead.conf), run by the real
// nginx in front of two web processes on one database: it keeps logged-out readers'
// pages for as long as their Cache-Control allows, never a member's page or the
// router's RSC payload, and a member's vote on one web process reaches readers
// through it. Skipped, saying so, where nginx is not installed.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../lib/db/migrate";
import { startApp, type RunningApp } from "../helpers/app-server";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { findNginx, startNginx, type RunningNginx } from "../helpers/nginx";
import { createDatabase, dropDatabase } from "../helpers/pg-admin";
import { cookieHeader, insertArticle, insertMember, logIn, type TestArticle } from "./members-helpers";

const nginxBin = findNginx();
if (!nginxBin) console.log("tests/e2e/nginx.test.ts skipped: nginx is not installed (apt-get install nginx-light, or set NGINX_BIN)");

// The contract for web processes (a change shows on every other within this).
const VISIBLE_WITHIN_MS = 2_000;

const dbName = `readahead_e2e_nginx_${randomBytes(3).toString("hex")}`;
let webA: RunningApp;
let webB: RunningApp;
let proxy: RunningNginx;
let browser: LaunchedBrowser;
let article: TestArticle;
let member: { id: string; email: string };

describe.skipIf(!nginxBin)("nginx in front of two web processes", () => {
  beforeAll(async () => {
    const url = await createDatabase(dbName);
    await migrateDatabase(url);
    article = await insertArticle(url, "nginx");
    member = await insertMember(url, "nginxmember");
    webA = await startApp({ DATABASE_URL: url, RUN_WORKER: "false", TRUSTED_PROXY_HOPS: "1" });
    webB = await startApp({ DATABASE_URL: url, RUN_WORKER: "false", TRUSTED_PROXY_HOPS: "1" });
    proxy = await startNginx(nginxBin!, [webA.baseUrl.replace("http://", ""), webB.baseUrl.replace("http://", "")]);
    browser = await launchBrowser({ javaScriptEnabled: false });
  });
  afterAll(async () => {
    await Promise.all([proxy?.stop(), webA?.stop(), webB?.stop(), browser?.close()]);
    await dropDatabase(dbName);
  });

  async function viaProxy(path: string, headers: Record<string, string> = {}) {
    const res = await fetch(proxy.baseUrl + path, { headers, redirect: "manual" });
    const html = await res.text();
    const votes = /data-vote-count="true" aria-label="(\d+) votes?"/.exec(html)?.[1];
    return {
      status: res.status,
      nginx: res.headers.get("x-cache-status"),
      cacheControl: res.headers.get("cache-control") ?? "",
      contentType: res.headers.get("content-type") ?? "",
      html,
      votes: votes === undefined ? undefined : Number(votes),
    };
  }

  it("keeps logged-out readers' pages, never a member's page, and never answers the router with HTML", async () => {
    const first = await viaProxy(article.path);
    expect([first.status, first.votes]).toEqual([200, 0]);
    expect(first.cacheControl).toMatch(/^public, s-maxage=\d+/);
    const second = await viaProxy(article.path);
    expect(second.nginx, proxy.errors()).toBe("HIT");

    const page = await browser.context.newPage();
    await logIn(page, webA.baseUrl, member.email, article.path);
    const session = await cookieHeader(browser.context, webA.baseUrl);
    await page.close();
    for (let i = 0; i < 4; i++) {
      // Round-robin: both web processes answer the member, and neither answer is kept.
      const own = await viaProxy(article.path, { cookie: session });
      expect(own.html).toContain('data-handle="nginxmember"');
      expect(own.nginx).toBe("BYPASS");
      const reader = await viaProxy(article.path);
      expect(reader.html).not.toContain("nginxmember");
    }

    for (const headers of [{ rsc: "1" }, { rsc: "1", "next-router-prefetch": "1" }] as Record<string, string>[]) {
      const rsc = await viaProxy(article.path, headers);
      expect(rsc.contentType, JSON.stringify(headers)).not.toMatch(/text\/html/);
      const followed = await fetch(proxy.baseUrl + article.path, { headers });
      expect(followed.headers.get("content-type") ?? "", `${JSON.stringify(headers)} followed`).not.toMatch(/text\/html/);
      await followed.arrayBuffer();
    }
    const rscParam = await viaProxy(`${article.path}?_rsc=abc`, { rsc: "1" });
    expect(rscParam.contentType).not.toMatch(/text\/html/);
  });

  it("shows a member's vote on web A to readers through nginx once its copy's Cache-Control runs out", async () => {
    const before = await viaProxy(article.path);
    const [, maxAge, swr] = /s-maxage=(\d+), stale-while-revalidate=(\d+)/.exec(before.cacheControl) ?? [];
    // What the header allows nginx on top of the web processes' own 2 s: its copy's
    // lifetime plus the stale second, and nginx counts whole seconds (one more).
    const allowedMs = VISIBLE_WITHIN_MS + (Number(maxAge) + Number(swr) + 1) * 1000;

    const page = await browser.context.newPage();
    await logIn(page, webA.baseUrl, member.email, article.path);
    await Promise.all([page.waitForNavigation(), page.click("[data-vote-control] button[data-vote-button]")]);
    const votedAt = Date.now();
    await page.close();
    let seen = await viaProxy(article.path);
    while (seen.votes !== 1 && Date.now() - votedAt <= allowedMs) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await viaProxy(article.path);
    }
    console.log(`readers through nginx saw web A's vote after ${Date.now() - votedAt} ms (nginx: ${seen.nginx}; header allows ${allowedMs} ms)`);
    expect(seen.votes).toBe(1);
  });
});
