// Every list pages with the same "more →" link and keyset cursor, without JavaScript:
// a member's feed, their saved articles, a member's comments, and search. A cursor
// that cannot be read is a 404, and an old `?page=` search link goes to the first page.
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { insertMember, logIn, withDb } from "./members-helpers";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
let browser: LaunchedBrowser;
let member: { id: string; email: string };
const tag = randomBytes(3).toString("hex");
const handle = `pager${tag}`;
// A word only this file's articles carry, for search.
const WORD = `zorblax${tag}`;
let feedIds: number[];
let savedIds: number[];
let commentIds: number[];
let searchIds: number[];

beforeAll(async () => {
  browser = await launchBrowser({ javaScriptEnabled: false });
  member = await insertMember(dbUrl, handle);
  await withDb(dbUrl, async (c) => {
    const src = await c.query<{ id: number }>(
      `INSERT INTO sources (slug, title, "feedUrl", "updatedAt", "lastSuccessAt") VALUES ($1, $2, $3, now(), now()) RETURNING id`,
      [`paging-${tag}`, `Paging ${tag}`, `http://127.0.0.1:9/paging-${tag}.xml`],
    );
    const sourceId = src.rows[0]!.id;
    // 65 articles, in pairs published in the same second (the id breaks the tie): three pages of 30.
    // The first 25 carry WORD (two search pages of 20).
    const arts = await c.query<{ id: number }>(
      `INSERT INTO articles ("sourceId", "entryKey", title, excerpt, "publishedAt", "contentHash", "updatedAt")
       SELECT $1, 'paging-' || $2 || '-' || g, 'Paging story ' || g || CASE WHEN g <= 25 THEN ' ' || $3 ELSE '' END,
              'An article for the paging tests.', date_trunc('second', now()) - make_interval(secs => 60 + g / 2), md5(g::text), now()
         FROM generate_series(1, 65) g
       RETURNING id`,
      [sourceId, tag, WORD],
    );
    const ids = arts.rows.map((r) => r.id);
    await c.query(`INSERT INTO subscriptions ("userId", "sourceId") VALUES ($1, $2)`, [member.id, sourceId]);
    const feed = await c.query<{ id: number }>(`SELECT id FROM articles WHERE "sourceId" = $1 ORDER BY "publishedAt" DESC, id DESC`, [sourceId]);
    feedIds = feed.rows.map((r) => r.id);
    // 40 saved, in fours saved in the same millisecond.
    await c.query(
      `INSERT INTO saved_articles ("userId", "articleId", "createdAt")
       SELECT $1, a, date_trunc('second', now()) - make_interval(secs => i / 4) FROM unnest($2::int[]) WITH ORDINALITY AS t(a, i)`,
      [member.id, ids.slice(0, 40)],
    );
    const saved = await c.query<{ id: number }>(`SELECT "articleId" AS id FROM saved_articles WHERE "userId" = $1 ORDER BY "createdAt" DESC, "articleId" DESC`, [member.id]);
    savedIds = saved.rows.map((r) => r.id);
    // 35 comments (two pages of 30).
    const com = await c.query<{ id: number }>(
      `INSERT INTO comments ("articleId", "userId", body, "bodyHtml", "createdAt")
       SELECT $1, $2, 'paging comment ' || g, '<p>paging comment ' || g || '</p>', date_trunc('second', now()) - make_interval(secs => g / 3)
         FROM generate_series(1, 35) g RETURNING id`,
      [ids[0], member.id],
    );
    await c.query(`UPDATE articles SET "commentCount" = 35 WHERE id = $1`, [ids[0]]);
    const comments = await c.query<{ id: number }>(`SELECT id FROM comments WHERE "userId" = $1 ORDER BY "createdAt" DESC, id DESC`, [member.id]);
    commentIds = comments.rows.map((r) => r.id);
    expect(commentIds).toHaveLength(com.rows.length);
    searchIds = ids.slice(0, 25);
  });
});
afterAll(async () => {
  await browser?.close();
});

/** Follows "more →" from `start` to the last page; returns the ids listed (by `attr`) and the page count. */
async function walkPages(page: Page, start: string, attr: string): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let pages = 0;
  expect((await page.goto(baseUrl + start))?.status()).toBe(200);
  for (;;) {
    pages++;
    for (const v of await page.locator(`[${attr}]`).evaluateAll((els, a) => els.map((e) => e.getAttribute(a)), attr)) ids.push(Number(v));
    const more = page.locator("[data-next-page]");
    if ((await more.count()) === 0) return { ids, pages };
    expect(pages).toBeLessThan(20);
    await Promise.all([page.waitForURL((u) => u.searchParams.has("after")), more.click()]);
  }
}

async function statusOf(page: Page, path: string): Promise<number | undefined> {
  return (await page.goto(baseUrl + path))?.status();
}

describe("without JavaScript, with the same pager as the front page", () => {
  it("pages a member's feed and saved articles, and answers a garbled cursor with 404", async () => {
    const page = await browser.context.newPage();
    await logIn(page, baseUrl, member.email, "/me/feed");
    const feed = await walkPages(page, "/me/feed", "data-article-id");
    expect(feed.pages).toBe(3);
    expect(feed.ids).toEqual(feedIds);
    const saved = await walkPages(page, "/me/saved", "data-article-id");
    expect(saved.pages).toBe(2);
    expect(saved.ids).toEqual(savedIds);
    for (const path of ["/me/feed", "/me/saved"]) {
      expect(await statusOf(page, `${path}?after=not-a-cursor`), path).toBe(404);
      expect(await statusOf(page, `${path}?after=${Buffer.from('["2026-01-01T00:00:00.000Z", 1.5]').toString("base64url")}`), path).toBe(404);
    }
    await page.close();
  });

  it("pages a member's comments on their page", async () => {
    const page = await browser.context.newPage();
    const walked = await walkPages(page, `/u/${handle}`, "data-member-comment");
    expect(walked.pages).toBe(2);
    expect(walked.ids).toEqual(commentIds);
    expect(await statusOf(page, `/u/${handle}?after=%21%21`)).toBe(404);
    await page.close();
  });

  it("pages search by cursor; an old ?page= link goes to the first page; a garbled cursor is a 404", async () => {
    const page = await browser.context.newPage();
    const walked = await walkPages(page, `/search?q=${WORD}`, "data-article-id");
    expect(walked.pages).toBe(2);
    expect([...walked.ids].sort()).toEqual([...searchIds].sort());
    expect(new Set(walked.ids).size).toBe(walked.ids.length);
    expect(await statusOf(page, `/search?q=${WORD}&page=2`)).toBe(200);
    expect(new URL(page.url()).search).toBe(`?q=${WORD}`);
    expect(await page.locator("[data-search-results] [data-article-id]").count()).toBe(20);
    expect(await statusOf(page, `/search?q=${WORD}&after=garbled`)).toBe(404);
    await page.close();
  });
});
