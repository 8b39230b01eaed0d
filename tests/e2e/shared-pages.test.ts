// Pages every reader shares are stored for logged-out readers (proxy.ts): they
// get a stored copy, members always get their own render, and a member's vote
// or comment shows to logged-out readers at once (within 2 s after a burst of changes).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { cookieHeader, insertArticle, insertMember, logIn, type TestArticle } from "./members-helpers";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
let browser: LaunchedBrowser;
let article: TestArticle;
let member: { id: string; email: string };

beforeAll(async () => {
  browser = await launchBrowser({ javaScriptEnabled: false });
  article = await insertArticle(dbUrl, "shared");
  member = await insertMember(dbUrl, "sharedmember");
});
afterAll(async () => {
  await browser?.close();
});

async function get(path: string, cookie?: string) {
  const res = await fetch(baseUrl + path, { headers: cookie ? { cookie } : {} });
  const html = await res.text();
  const votes = /data-vote-count="true" aria-label="(\d+) votes?"/.exec(html)?.[1];
  return { status: res.status, cache: res.headers.get("x-readahead-cache"), html, votes: votes === undefined ? undefined : Number(votes) };
}

/** The first logged-out load of the article that shows what `shows` looks for (reloading until it does, up to 40 s). */
async function firstShowing(shows: (r: Awaited<ReturnType<typeof get>>) => boolean) {
  for (let tries = 0; ; tries++) {
    const r = await get(article.path);
    if (shows(r) || tries >= 200) return r;
    await new Promise((done) => setTimeout(done, 200));
  }
}

describe("pages shared by logged-out readers", () => {
  it("are rendered once and stored; members get their own render; a vote or comment shows to readers within the store's pace", async () => {
    const first = await get(article.path);
    const second = await get(article.path);
    expect([first.status, first.cache, first.votes]).toEqual([200, "miss", 0]);
    expect([second.status, second.cache, second.votes]).toEqual([200, "hit", 0]);
    expect((await get("/")).status).toBe(200);
    expect((await get("/")).cache).toBe("hit");

    const page = await browser.context.newPage();
    await logIn(page, baseUrl, member.email, article.path);
    const cookie = await cookieHeader(browser.context, baseUrl);
    const own = await get(article.path, cookie);
    expect(own.cache).toBeNull();
    expect(own.html).toContain('data-handle="sharedmember"');

    await page.click("[data-vote-control] button[data-vote-button]");
    expect(await page.locator("[data-vote-control] [data-vote-count]").innerText()).toBe("1");
    // Emptying the store is paced (lib/page-cache/pacer.ts): at once after a quiet spell,
    // within 2 s when other tests' changes on this server came just before. Either way
    // the change first shows through an emptied store ("miss"), not an aged-out copy ("stale").
    const afterVote = await firstShowing((r) => r.votes === 1);
    expect(afterVote.cache).toBe("miss");
    expect(afterVote.html).not.toContain("sharedmember");

    await page.fill('[data-comment-form][data-parent-id=""] textarea', "Seen by logged-out readers at once");
    await page.click('[data-comment-form][data-parent-id=""] [data-comment-submit]');
    expect((await firstShowing((r) => r.html.includes("Seen by logged-out readers at once"))).cache).toBe("miss");
    await page.close();
  });
});
