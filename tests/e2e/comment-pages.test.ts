// A long discussion without JavaScript: "more comments" is a plain link to the next page
// of top-level threads, and a comment at the depth limit offers no reply.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { insertArticle, insertMember, withDb, type TestArticle } from "./members-helpers";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
let browser: LaunchedBrowser;
let article: TestArticle;
let chain: number[];

beforeAll(async () => {
  browser = await launchBrowser({ javaScriptEnabled: false });
  article = await insertArticle(dbUrl, "pages");
  const member = await insertMember(dbUrl, "pagesmember");
  chain = await withDb(dbUrl, async (c) => {
    // 60 top-level comments, oldest "old 0", a minute apart, then a thread 9 comments deep (depths 0–8).
    await c.query(
      `INSERT INTO comments ("articleId", "userId", body, "bodyHtml", "createdAt")
       SELECT $1, $2, 'old ' || i, '<p>old ' || i || '</p>', now() - interval '2 hours' + i * interval '1 minute' FROM generate_series(0, 59) i`,
      [article.id, member.id],
    );
    const ids: number[] = [];
    for (let depth = 0; depth <= 8; depth++) {
      const r = await c.query<{ id: number }>(
        `INSERT INTO comments ("articleId", "userId", "parentId", body, "bodyHtml") VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [article.id, member.id, ids.at(-1) ?? null, `depth ${depth}`, `<p>depth ${depth}</p>`],
      );
      ids.push(r.rows[0]!.id);
    }
    await c.query(`UPDATE articles SET "commentCount" = 69 WHERE id = $1`, [article.id]);
    return ids;
  });
});
afterAll(async () => {
  await browser?.close();
});

describe("a long discussion without JavaScript", () => {
  it("shows 50 threads, then the rest behind a 'more comments' link, and no reply past depth 8", async () => {
    const page = await browser.context.newPage();
    await page.goto(baseUrl + article.path);
    const threads = page.locator("[data-comment-thread] > li");
    expect(await page.locator("[data-comment-count]").innerText()).toBe("69");
    expect(await threads.count()).toBe(50);
    // Newest first: the deep thread leads, and the oldest comments are not on this page.
    expect(await threads.first().locator("article").first().getAttribute("data-comment-id")).toBe(String(chain[0]));
    expect(await page.locator("[data-comment-id]").filter({ hasText: /^old 0$/ }).count()).toBe(0);

    const deepest = page.locator(`article[data-comment-id="${chain[8]}"]`);
    expect(await deepest.locator("[data-reply-limit]").count()).toBe(1);
    expect(await deepest.locator("[data-reply-login]").count()).toBe(0);
    const parent = page.locator(`article[data-comment-id="${chain[7]}"]`);
    expect(await parent.locator("[data-reply-login]").count()).toBe(1);

    await page.click("[data-comments-more]");
    expect(new URL(page.url()).searchParams.get("comments_after")).toMatch(/^\d+$/);
    expect(await threads.count()).toBe(11);
    expect(await page.locator("[data-comment-body]").filter({ hasText: /^old 0$/ }).count()).toBe(1);
    expect(await page.locator("[data-comments-more]").count()).toBe(0);
    await page.click("[data-comments-first]");
    expect(await threads.count()).toBe(50);
    await page.close();
  });
});
