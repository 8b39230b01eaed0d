// Comment votes in Chromium, with and without JavaScript: a member upvotes a comment
// and sees it move up under ?comments=best; no ▲ on one's own comment; a forged
// cross-site post to the comment vote action changes nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { cookieHeader, formFieldsFromHtml, insertArticle, insertMember, logIn, withDb, type TestArticle } from "./members-helpers";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
let withJs: LaunchedBrowser;
let withoutJs: LaunchedBrowser;
let article: TestArticle;
let author: { id: string; email: string };
let voter: { id: string; email: string };
let voterNoJs: { id: string; email: string };
let older: number;
let newer: number;
let voters: number;

async function insertComment(userId: string, body: string, minutesAgo: number): Promise<number> {
  return withDb(dbUrl, async (c) => {
    const r = await c.query<{ id: number }>(
      `INSERT INTO comments ("articleId", "userId", body, "bodyHtml", "createdAt") VALUES ($1, $2, $3, $4, (now() AT TIME ZONE 'UTC') - make_interval(mins => $5)) RETURNING id`,
      [article.id, userId, body, `<p>${body}</p>`, minutesAgo],
    );
    await c.query(`UPDATE articles SET "commentCount" = "commentCount" + 1 WHERE id = $1`, [article.id]);
    return r.rows[0]!.id;
  });
}

async function commentScore(id: number): Promise<{ score: number; votes: number }> {
  return withDb(dbUrl, async (c) => {
    const r = await c.query<{ score: number; votes: number }>(
      `SELECT score, (SELECT count(*)::int FROM comment_votes WHERE "commentId" = $1) AS votes FROM comments WHERE id = $1`,
      [id],
    );
    return r.rows[0]!;
  });
}

/** The top-level threads of the page, in the order shown. */
async function threadOrder(page: Page): Promise<number[]> {
  const ids = await page.locator("[data-comment-thread] > li > article").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-comment-id"))));
  return ids;
}

beforeAll(async () => {
  withJs = await launchBrowser();
  withoutJs = await launchBrowser({ javaScriptEnabled: false });
  article = await insertArticle(dbUrl, "cvotes");
  author = await insertMember(dbUrl, "cvauthor");
  voter = await insertMember(dbUrl, "cvvoter");
  voterNoJs = await insertMember(dbUrl, "cvvoternojs");
  older = await insertComment(author.id, "An older point", 120);
  newer = await insertComment(author.id, "A newer point", 60);
  voters = await insertComment(voter.id, "The voter's own remark", 30);
});
afterAll(async () => {
  await withJs?.close();
  await withoutJs?.close();
});

describe("comment votes", () => {
  it("with JavaScript: a vote moves the comment up under ?comments=best, and there is no ▲ on one's own comment", async () => {
    const page = await withJs.context.newPage();
    const best = `${article.path}?comments=best`;
    await logIn(page, baseUrl, voter.email, best);
    // No votes yet: best is newest first.
    expect(await threadOrder(page)).toEqual([voters, newer, older]);
    expect(await page.locator(`#c${voters} [data-comment-vote-button]`).count()).toBe(0);
    expect(await page.locator(`#c${voters} [data-comment-points]`).innerText()).toBe("0");
    const points = page.locator(`#c${older} [data-comment-points]`);
    expect(await points.innerText()).toBe("0");
    await page.click(`#c${older} button[data-comment-vote-button]`);
    // The count moves at once (optimistic), then the action lands and the page re-renders.
    await expect.poll(() => points.innerText()).toBe("1");
    await expect.poll(() => commentScore(older)).toEqual({ score: 1, votes: 1 });
    await expect.poll(() => page.locator(`#c${older} button[data-comment-vote-button]`).getAttribute("data-voted")).toBe("true");
    await expect.poll(() => threadOrder(page)).toEqual([older, voters, newer]);
    await page.reload();
    expect(await threadOrder(page)).toEqual([older, voters, newer]);
    // "newest" still orders by time; the sort link leads back to best.
    await page.click("[data-comment-sort=new]");
    await page.waitForURL((u) => u.searchParams.get("comments") === "new");
    expect(await threadOrder(page)).toEqual([voters, newer, older]);
    await page.close();
  });

  it("without JavaScript: the ▲ leads a reader to log in; a member's vote is a plain post that returns to the comment", async () => {
    const page = await withoutJs.context.newPage();
    await page.context().clearCookies();
    const best = `${article.path}?comments=best`;
    await page.goto(baseUrl + best);
    expect(await page.locator(`#c${newer} a[data-comment-vote-button]`).getAttribute("href")).toContain("/login?next=");
    await logIn(page, baseUrl, voterNoJs.email, best);
    expect(await threadOrder(page)).toEqual([older, voters, newer]);
    await page.click(`#c${newer} button[data-comment-vote-button]`);
    const url = new URL(page.url());
    expect(url.pathname).toBe(article.path);
    expect(url.searchParams.get("comments")).toBe("best");
    expect(url.hash).toBe(`#c${newer}`);
    // Both voted threads have one point now; the newer one goes first.
    expect(await threadOrder(page)).toEqual([newer, older, voters]);
    expect(await page.locator(`#c${newer} [data-comment-points]`).innerText()).toBe("1");
    expect(await commentScore(newer)).toEqual({ score: 1, votes: 1 });
    // Taking it back puts the thread where it was.
    await page.click(`#c${newer} button[data-comment-vote-button]`);
    expect(await threadOrder(page)).toEqual([older, voters, newer]);
    expect(await commentScore(newer)).toEqual({ score: 0, votes: 0 });
    await page.close();
  });

  it("a forged cross-site post changes nothing, while the same post from the site itself counts", async () => {
    const page = await withJs.context.newPage();
    await logIn(page, baseUrl, voterNoJs.email, article.path);
    const cookie = await cookieHeader(withJs.context, baseUrl);
    const html = await (await fetch(baseUrl + article.path, { headers: { cookie } })).text();
    const fields = formFieldsFromHtml(html, `name="commentId" value="${voters}"`);
    expect(fields.some(([n]) => n.startsWith("$ACTION_ID_"))).toBe(true);
    const post = (headers: Record<string, string>) => {
      const form = new FormData();
      for (const [n, v] of fields) form.append(n, v);
      return fetch(baseUrl + article.path, { method: "POST", body: form, headers: { cookie, ...headers }, redirect: "manual" });
    };
    const before = await commentScore(voters);
    await post({ origin: "https://evil.example" });
    await post({ origin: "null" });
    await post({ "sec-fetch-site": "cross-site" });
    expect(await commentScore(voters)).toEqual(before);
    const ok = await post({ origin: baseUrl });
    expect(ok.status).toBe(303);
    expect(await commentScore(voters)).toEqual({ score: before.score + 1, votes: before.votes + 1 });
    await page.close();
  });
});
