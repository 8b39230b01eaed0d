// Members' flows in a real Chromium with JavaScript on: sign up, log out, log in,
// vote/unvote, comment/reply/edit/delete, subscribe and my feed, save.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { PASSWORD, insertArticle, insertMember, logIn, withDb, type TestArticle } from "./members-helpers";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
let browser: LaunchedBrowser;
let voteArticle: TestArticle;
let commentArticle: TestArticle;
let subscribeArticle: TestArticle;
let member: { id: string; email: string };

async function dbScore(articleId: number) {
  return withDb(dbUrl, async (c) => {
    const a = await c.query<{ score: number; commentCount: number }>(`SELECT score, "commentCount" FROM articles WHERE id = $1`, [articleId]);
    const v = await c.query<{ n: string }>(`SELECT count(*) AS n FROM votes WHERE "articleId" = $1`, [articleId]);
    return { score: a.rows[0]!.score, votes: Number(v.rows[0]!.n), commentCount: a.rows[0]!.commentCount };
  });
}

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

beforeAll(async () => {
  browser = await launchBrowser();
  [voteArticle, commentArticle, subscribeArticle] = await Promise.all([
    insertArticle(dbUrl, "vote"),
    insertArticle(dbUrl, "comment"),
    insertArticle(dbUrl, "subscribe"),
  ]);
  member = await insertMember(dbUrl, "jsmember");
});
afterAll(async () => {
  await browser?.close();
});

describe("accounts", () => {
  it("signs up, logs out, refuses a wrong password without saying which part was wrong, and logs back in", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/signup?next=${encodeURIComponent(voteArticle.path)}`);
    await page.fill('input[name="email"]', "newcomer@example.org");
    await page.fill('input[name="handle"]', "newcomer");
    await page.fill('input[name="password"]', "short");
    // The browser's own minlength check would stop this; remove it to see the server's message.
    await page.evaluate(() => document.querySelector('input[name="password"]')!.removeAttribute("minlength"));
    await page.click("[data-signup-submit]");
    await expect.poll(() => page.locator("[data-field-error]").first().innerText()).toContain("at least 8 characters");
    expect(await page.inputValue('input[name="email"]')).toBe("newcomer@example.org");
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === voteArticle.path, { waitUntil: "commit" }), page.click("[data-signup-submit]")]);
    expect(await page.locator("[data-user-handle]").innerText()).toBe("newcomer");

    await Promise.all([page.waitForURL((u) => u.pathname === "/", { waitUntil: "commit" }), page.click("[data-logout]")]);
    await expect.poll(() => page.locator("[data-user-nav] >> text=login").count()).toBe(1);
    // The session row is gone, not just the cookie.
    const sessions = await withDb(dbUrl, (c) =>
      c.query(`SELECT 1 FROM sessions s JOIN users u ON u.id = s."userId" WHERE u.handle = 'newcomer'`),
    );
    expect(sessions.rowCount).toBe(0);

    await page.goto(`${baseUrl}/login`);
    await page.fill('input[name="email"]', "newcomer@example.org");
    await page.fill('input[name="password"]', "not-the-password");
    await page.click("[data-login-submit]");
    await expect.poll(() => page.locator("[data-form-error]").innerText()).toBe("Wrong email or password.");
    // A fresh page for each attempt: the form resets itself when an attempt completes.
    await page.goto(`${baseUrl}/login`);
    await page.fill('input[name="email"]', "nobody-here@example.org");
    await page.fill('input[name="password"]', "not-the-password");
    await page.click("[data-login-submit]");
    // Same words for an email with no account.
    await expect.poll(() => page.locator("[data-form-error]").innerText()).toBe("Wrong email or password.");

    await page.goto(`${baseUrl}/login`);
    await page.fill('input[name="email"]', "newcomer@example.org");
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === "/", { waitUntil: "commit" }), page.click("[data-login-submit]")]);
    expect(await page.locator("[data-user-handle]").innerText()).toBe("newcomer");
    await page.click("[data-logout]");
    // Already on "/", so waiting for that URL would not wait for the logout: wait for
    // the logged-out header, or the next test could inherit this session's cookie.
    await expect.poll(() => page.locator("[data-user-nav] >> text=login").count()).toBe(1);
    await page.close();
  });

  it("sends a logged-out visitor who clicks vote to the login page and back to the article", async () => {
    const page = await browser.context.newPage();
    await page.goto(baseUrl + voteArticle.path);
    await page.click("[data-vote-control] a[data-vote-button]");
    await page.waitForURL((u) => u.pathname === "/login", { waitUntil: "commit" });
    expect(new URL(page.url()).searchParams.get("next")).toBe(voteArticle.path);
    await page.fill('input[name="email"]', member.email);
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === voteArticle.path, { waitUntil: "commit" }), page.click("[data-login-submit]")]);
    expect(await page.locator("[data-user-handle]").innerText()).toBe("jsmember");
    await page.close();
  });
});

describe("votes", () => {
  it("votes and unvotes, with the count right at once and after reload", async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await logIn(page, baseUrl, member.email, voteArticle.path);
    const count = page.locator("[data-vote-control] [data-vote-count]");
    const button = page.locator("[data-vote-control] button[data-vote-button]");
    expect(await count.innerText()).toBe("0");
    await button.click();
    await expect.poll(() => count.innerText()).toBe("1");
    await expect.poll(() => button.getAttribute("data-voted")).toBe("true");
    await expect.poll(() => dbScore(voteArticle.id)).toMatchObject({ score: 1, votes: 1 });
    await page.reload();
    expect(await count.innerText()).toBe("1");
    expect(await button.getAttribute("aria-pressed")).toBe("true");

    await button.click();
    await expect.poll(() => count.innerText()).toBe("0");
    await expect.poll(() => dbScore(voteArticle.id)).toMatchObject({ score: 0, votes: 0 });
    await page.reload();
    expect(await count.innerText()).toBe("0");
    expect(await button.getAttribute("data-voted")).toBe("false");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("saves an article and lists it in /me/saved", async () => {
    const page = await browser.context.newPage();
    await logIn(page, baseUrl, member.email, voteArticle.path);
    await page.click("[data-save-button]");
    await expect.poll(() => page.locator("[data-save-button]").getAttribute("data-saved")).toBe("true");
    await page.goto(`${baseUrl}/me/saved`);
    expect(await page.locator(`[data-article-id="${voteArticle.id}"]`).count()).toBe(1);
    await page.goto(baseUrl + voteArticle.path);
    await page.click("[data-save-button]");
    await expect.poll(() => page.locator("[data-save-button]").getAttribute("data-saved")).toBe("false");
    await page.goto(`${baseUrl}/me/saved`);
    expect(await page.locator("[data-saved-empty]").count()).toBe(1);
    await page.close();
  });
});

describe("discussion", () => {
  it("comments, replies, edits (marked edited) and deletes (thread keeps its shape), counts right throughout", async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await logIn(page, baseUrl, member.email, commentArticle.path);
    const heading = page.locator("[data-comment-count]");
    expect(await heading.innerText()).toBe("0");

    await page.fill('[data-comment-form][data-parent-id=""] textarea', "First comment with *emphasis*");
    await page.click('[data-comment-form][data-parent-id=""] [data-comment-submit]');
    const first = page.locator("[data-comment-id]").filter({ hasText: "First comment with" });
    await expect.poll(() => first.count()).toBe(1);
    expect(await first.locator("em").innerText()).toBe("emphasis");
    await expect.poll(() => heading.innerText()).toBe("1");
    // The box cleared after posting.
    expect(await page.inputValue('[data-comment-form][data-parent-id=""] textarea')).toBe("");
    const firstId = await first.getAttribute("data-comment-id");

    await first.locator("[data-reply] summary").click();
    await first.locator("[data-reply] textarea").fill("A reply underneath");
    await first.locator("[data-reply] [data-comment-submit]").click();
    const reply = page.locator(`#c${firstId} + ol [data-comment-id]`);
    await expect.poll(() => reply.count()).toBe(1);
    expect(await reply.innerText()).toContain("A reply underneath");
    await expect.poll(() => heading.innerText()).toBe("2");

    const firstArticle = page.locator(`#c${firstId}`);
    await firstArticle.locator("[data-edit] summary").click();
    await firstArticle.locator("[data-edit] textarea").fill("First comment, edited");
    await firstArticle.locator("[data-edit-submit]").click();
    await expect.poll(() => page.locator(`#c${firstId} [data-comment-body]`).innerText()).toBe("First comment, edited");
    expect(await page.locator(`#c${firstId} [data-comment-edited]`).count()).toBe(1);

    await page.locator(`#c${firstId} [data-delete]`).click();
    await expect.poll(() => page.locator(`#c${firstId} [data-comment-deleted]`).count()).toBe(1);
    await page.reload();
    expect(await page.locator(`#c${firstId}`).innerText()).toContain("[deleted]");
    expect(await page.locator(`#c${firstId} + ol [data-comment-id]`).innerText()).toContain("A reply underneath");
    expect(await heading.innerText()).toBe("1");
    expect((await dbScore(commentArticle.id)).commentCount).toBe(1);

    // The member's page: joined date and their remaining (not deleted) comment, linking back.
    await page.click("[data-user-handle]");
    await page.waitForURL((u) => u.pathname === "/u/jsmember", { waitUntil: "commit" });
    expect(await page.locator("[data-joined]").innerText()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const listed = page.locator("[data-member-comment]");
    await expect.poll(() => listed.count()).toBe(1);
    expect(await listed.innerText()).toContain("A reply underneath");
    expect(await listed.locator("a").first().getAttribute("href")).toMatch(new RegExp(`^${commentArticle.path}#c\\d+$`));
    expect((await page.goto(`${baseUrl}/u/no-such-member`))?.status()).toBe(404);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("refuses an 11,000-character comment with a clear message, keeps the text and stores nothing", async () => {
    const page = await browser.context.newPage();
    await logIn(page, baseUrl, member.email, commentArticle.path);
    const before = await withDb(dbUrl, (c) => c.query(`SELECT count(*)::int AS n FROM comments WHERE "articleId" = $1`, [commentArticle.id]));
    const box = page.locator('[data-comment-form][data-parent-id=""] textarea');
    await box.fill("y".repeat(11_000));
    await page.click('[data-comment-form][data-parent-id=""] [data-comment-submit]');
    await expect
      .poll(() => page.locator('[data-comment-form][data-parent-id=""] [data-comment-error]').innerText())
      .toBe("Comments are limited to 10,000 characters; yours has 11,000. Nothing was posted.");
    expect((await box.inputValue()).length).toBe(11_000);
    const after = await withDb(dbUrl, (c) => c.query(`SELECT count(*)::int AS n FROM comments WHERE "articleId" = $1`, [commentArticle.id]));
    expect(after.rows[0].n).toBe(before.rows[0].n);
    await page.close();
  });

  it("labels agent comments and lets a member hide them", async () => {
    const agent = await insertMember(dbUrl, "helper-bot", { isAgent: true });
    await withDb(dbUrl, (c) =>
      c.query(
        `INSERT INTO comments ("articleId", "userId", body, "bodyHtml", "isAgent") VALUES ($1, $2, 'agent text', '<p>agent text</p>', true)`,
        [commentArticle.id, agent.id],
      ),
    );
    const page = await browser.context.newPage();
    await logIn(page, baseUrl, member.email, commentArticle.path);
    const agentComment = page.locator('[data-comment-id][data-agent="true"]');
    expect(await agentComment.locator("[data-agent-label]").innerText()).toBe("agent");
    await page.click("[data-hide-agents]");
    await expect.poll(() => agentComment.locator("[data-agent-hidden]").count()).toBe(1);
    await page.reload();
    expect(await agentComment.innerText()).not.toContain("agent text");
    await page.click("[data-hide-agents]");
    await expect.poll(() => agentComment.locator("[data-comment-body]").innerText()).toBe("agent text");
    await page.close();
  });
});

describe("subscriptions", () => {
  it("subscribes from the source page, sees the source in /me/feed, and unsubscribes", async () => {
    const page = await browser.context.newPage();
    await logIn(page, baseUrl, member.email, "/me/feed");
    expect(await page.locator("[data-feed-empty] a[href='/sources']").count()).toBe(1);
    await page.goto(`${baseUrl}/s/${subscribeArticle.sourceSlug}`);
    const control = page.locator(`[data-subscribe-control][data-source-id="${subscribeArticle.sourceId}"]`);
    await control.locator("button").click();
    await expect.poll(() => control.getAttribute("data-subscribed")).toBe("true");
    await page.goto(`${baseUrl}/me/feed`);
    expect(await page.locator(`[data-feed-source="${subscribeArticle.sourceSlug}"]`).count()).toBe(1);
    expect(await page.locator(`[data-article-id="${subscribeArticle.id}"]`).count()).toBe(1);
    await page.locator(`[data-feed-source="${subscribeArticle.sourceSlug}"] button`).click();
    await expect.poll(() => page.locator("[data-feed-empty]").count()).toBe(1);
    await page.close();
  });

  it("subscribes from the article page and unsubscribes from the sources directory", async () => {
    const page = await browser.context.newPage();
    await logIn(page, baseUrl, member.email, subscribeArticle.path);
    const onArticle = page.locator(`[data-part="source-subscribe"] [data-subscribe-control][data-source-id="${subscribeArticle.sourceId}"]`);
    expect(await onArticle.getAttribute("data-subscribed")).toBe("false");
    await onArticle.locator("button").click();
    await expect.poll(() => onArticle.getAttribute("data-subscribed")).toBe("true");
    const inDirectory = page.locator(`[data-source-slug="${subscribeArticle.sourceSlug}"] [data-subscribe-control]`);
    // The directory's list is cached for 30 s (lib/articles/cached.ts), and another file
    // may have just loaded it: a source added since can take up to a minute to appear.
    await expect
      .poll(
        async () => {
          await page.goto(`${baseUrl}/sources`);
          return inDirectory.count();
        },
        { timeout: 75_000, interval: 2_000 },
      )
      .toBe(1);
    expect(await inDirectory.getAttribute("data-subscribed")).toBe("true");
    await inDirectory.locator("button").click();
    await expect.poll(() => inDirectory.getAttribute("data-subscribed")).toBe("false");
    await page.goto(`${baseUrl}/me/feed`);
    expect(await page.locator("[data-feed-empty]").count()).toBe(1);
    await page.close();
  });
});
