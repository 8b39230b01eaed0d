// The same members' flows with JavaScript disabled: every form is a plain HTML
// form that posts, redirects and renders the result.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { PASSWORD, articleCounts, insertArticle, insertMember, type TestArticle } from "./members-helpers";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
let browser: LaunchedBrowser;
let article: TestArticle;
let member: { id: string; email: string };

beforeAll(async () => {
  browser = await launchBrowser({ javaScriptEnabled: false });
  article = await insertArticle(dbUrl, "nojs");
  member = await insertMember(dbUrl, "nojsmember");
});
afterAll(async () => {
  await browser?.close();
});

const counts = () => articleCounts(dbUrl, article.id);

describe("without JavaScript", () => {
  it("logs in from a vote link, votes and unvotes, comments, replies, and subscribes", async () => {
    const page = await browser.context.newPage();
    // Members' pages send a logged-out visitor to the login page, which brings them back.
    await page.goto(`${baseUrl}/me/feed`);
    expect(page.url()).toBe(`${baseUrl}/login?next=%2Fme%2Ffeed`);
    await page.goto(baseUrl + article.path);
    // Logged out: the ▲ is a link to the login page that comes back here.
    await page.click("[data-vote-control] a[data-vote-button]");
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.fill('input[name="email"]', member.email);
    await page.fill('input[name="password"]', "wrong-password");
    await page.click("[data-login-submit]");
    expect(await page.locator("[data-form-error]").innerText()).toBe("Wrong email or password.");
    await page.fill('input[name="password"]', PASSWORD);
    await page.click("[data-login-submit]");
    expect(new URL(page.url()).pathname).toBe(article.path);
    expect(await page.locator("[data-user-handle]").innerText()).toBe("nojsmember");

    const count = page.locator("[data-vote-control] [data-vote-count]");
    expect(await count.innerText()).toBe("0");
    await page.click("[data-vote-control] button[data-vote-button]");
    expect(new URL(page.url()).pathname).toBe(article.path);
    expect(await count.innerText()).toBe("1");
    expect(await counts()).toMatchObject({ score: 1, votes: 1 });
    await page.reload();
    expect(await count.innerText()).toBe("1");
    await page.click("[data-vote-control] button[data-vote-button]");
    expect(await count.innerText()).toBe("0");
    expect(await counts()).toMatchObject({ score: 0, votes: 0 });

    await page.fill('[data-comment-form][data-parent-id=""] textarea', "Posted without JavaScript");
    await page.click('[data-comment-form][data-parent-id=""] [data-comment-submit]');
    const comment = page.locator("[data-comment-id]").filter({ hasText: "Posted without JavaScript" });
    expect(await comment.count()).toBe(1);
    const id = await comment.getAttribute("data-comment-id");
    expect(new URL(page.url()).hash).toBe(`#c${id}`);
    expect(await page.locator("[data-comment-count]").innerText()).toBe("1");

    await page.locator(`#c${id} [data-reply] summary`).click();
    await page.locator(`#c${id} [data-reply] textarea`).fill("A reply without JavaScript");
    await page.locator(`#c${id} [data-reply] [data-comment-submit]`).click();
    expect(await page.locator(`#c${id} + ol [data-comment-id]`).innerText()).toContain("A reply without JavaScript");
    expect(await counts()).toMatchObject({ comments: 2, commentCount: 2 });

    await page.fill('[data-comment-form][data-parent-id=""] textarea', "z".repeat(11_000));
    await page.click('[data-comment-form][data-parent-id=""] [data-comment-submit]');
    expect(await page.locator('[data-comment-form][data-parent-id=""] [data-comment-error]').innerText()).toContain(
      "Comments are limited to 10,000 characters",
    );
    expect(await counts()).toMatchObject({ comments: 2, commentCount: 2 });

    await page.goto(`${baseUrl}/s/${article.sourceSlug}`);
    await page.click(`[data-subscribe-control][data-source-id="${article.sourceId}"] button`);
    expect(new URL(page.url()).pathname).toBe(`/s/${article.sourceSlug}`);
    expect(await page.locator(`[data-subscribe-control][data-source-id="${article.sourceId}"]`).getAttribute("data-subscribed")).toBe("true");
    await page.goto(`${baseUrl}/me/feed`);
    expect(await page.locator(`[data-article-id="${article.id}"]`).count()).toBe(1);
    await page.click(`[data-feed-source="${article.sourceSlug}"] button`);
    expect(new URL(page.url()).pathname).toBe("/me/feed");
    expect(await page.locator("[data-feed-empty]").count()).toBe(1);
    await page.close();
  });
});
