// A member mutes a source from its page: it leaves that member's front page only
// (another member and logged-out readers still see it), and unmuting from
// /me/settings brings it back. With JavaScript and without.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ARTICLES_TAG } from "../../lib/articles/cache-tag";
import { encodeInvalidation } from "../../lib/page-cache/invalidation-message";
import { INVALIDATION_CHANNEL } from "../../lib/page-cache/cluster-bus";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { insertArticle, insertMember, logIn, withDb, type TestArticle } from "./members-helpers";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
let withJs: LaunchedBrowser;
let noJs: LaunchedBrowser;
let muter: { email: string };
let bystander: { email: string };

// The articles pushed to the top here, put back below everyone else's afterwards: the
// e2e files share one database, and another file may read the front page's first entry.
const topped: number[] = [];

/** A fresh source whose one article tops the front page, announced so cached pages show it. */
async function topArticle(label: string): Promise<TestArticle> {
  const a = await insertArticle(dbUrl, label);
  topped.push(a.id);
  await withDb(dbUrl, async (c) => {
    await c.query(`UPDATE articles SET "hotRank" = 1000 + id WHERE id = $1`, [a.id]);
    await c.query(`SELECT pg_notify($1, $2)`, [INVALIDATION_CHANNEL, encodeInvalidation({ from: "e2e-mutes", pages: true, tags: [ARTICLES_TAG], all: true })]);
  });
  return a;
}

/** Whether the front page's first screen, as `page` loads it, lists the article (retrying while a shared cache catches up). */
async function frontLists(page: Page, articleId: number): Promise<boolean> {
  await page.goto(`${baseUrl}/`);
  return (await page.locator(`[data-article-list] [data-article-id="${articleId}"]`).count()) === 1;
}

/** The logged-out front page's HTML lists the article. */
async function loggedOutSees(articleId: number): Promise<boolean> {
  const html = await (await fetch(`${baseUrl}/`)).text();
  return html.includes(`data-article-id="${articleId}"`);
}

beforeAll(async () => {
  [withJs, noJs] = await Promise.all([launchBrowser(), launchBrowser({ javaScriptEnabled: false })]);
  muter = await insertMember(dbUrl, "mutemember");
  bystander = await insertMember(dbUrl, "mutebystander");
});
afterAll(async () => {
  await withJs?.close();
  await noJs?.close();
  await withDb(dbUrl, async (c) => {
    await c.query(`UPDATE articles SET "hotRank" = 0, "frontRank" = NULL WHERE id = ANY($1::int[])`, [topped]);
    await c.query(`SELECT pg_notify($1, $2)`, [INVALIDATION_CHANNEL, encodeInvalidation({ from: "e2e-mutes", pages: true, tags: [ARTICLES_TAG], all: true })]);
  });
});

describe.each([
  ["with JavaScript", () => withJs],
  ["without JavaScript", () => noJs],
])("muting a source %s", (label, browser) => {
  it("removes it from that member's front page only, and unmuting in settings brings it back", async () => {
    const article = await topArticle(label === "with JavaScript" ? "mute-js" : "mute-nojs");
    const page = await browser().context.newPage();
    await logIn(page, baseUrl, muter.email, "/");
    await expect.poll(() => frontLists(page, article.id), { timeout: 45_000, interval: 1_000 }).toBe(true);

    await page.goto(`${baseUrl}/s/${article.sourceSlug}`);
    const control = page.locator('[data-mute-control="source"]');
    expect(await control.getAttribute("data-muted")).toBe("false");
    await control.locator("button").click();
    await expect.poll(() => control.getAttribute("data-muted"), { timeout: 15_000 }).toBe("true");
    expect(new URL(page.url()).pathname).toBe(`/s/${article.sourceSlug}`);

    // Gone from the muter's front page (at once: their page is their own, never cached)…
    expect(await frontLists(page, article.id)).toBe(false);
    expect(await page.locator("[data-front-muted]").innerText()).toContain("1 muted source");
    // …but not from anyone else's.
    expect(await loggedOutSees(article.id)).toBe(true);
    await logIn(page, baseUrl, bystander.email, "/");
    expect(await frontLists(page, article.id)).toBe(true);
    expect(await page.locator("[data-front-muted]").count()).toBe(0);

    // Unmute from settings.
    await logIn(page, baseUrl, muter.email, "/me/settings");
    const row = page.locator(`[data-muted-source="${article.sourceSlug}"]`);
    expect(await row.count()).toBe(1);
    await row.locator("button").click();
    await expect.poll(() => page.locator(`[data-muted-source="${article.sourceSlug}"]`).count(), { timeout: 15_000 }).toBe(0);
    expect(new URL(page.url()).pathname).toBe("/me/settings");
    expect(await page.locator("[data-no-mutes]").count()).toBe(1);
    expect(await frontLists(page, article.id)).toBe(true);
    await page.close();
  });
});
