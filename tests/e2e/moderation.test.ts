// Moderation in a real Chromium, with and without JavaScript (issue 14): flags, the
// review queue, removal with a reason seen by logged-out readers and on /moderation,
// suspensions refusing a comment, and staff pages and actions hidden (404) from
// everyone else, forged cross-site posts changing nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { E2E_ADMIN_EMAIL } from "./global-server";
import { articleCounts, cookieHeader, formFieldsFromHtml, insertArticle, insertMember, logIn, withDb, type TestArticle } from "./members-helpers";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
let js: LaunchedBrowser;
let nojs: LaunchedBrowser;
let reader: LaunchedBrowser;

async function ageAccount(id: string, days: number): Promise<void> {
  await withDb(dbUrl, (c) => c.query(`UPDATE users SET "createdAt" = now() - make_interval(days => $2) WHERE id = $1`, [id, days]));
}

async function setRole(id: string, role: "moderator" | "admin" | "member"): Promise<void> {
  await withDb(dbUrl, (c) => c.query(`UPDATE users SET role = $2 WHERE id = $1`, [id, role]));
}

async function insertComment(article: TestArticle, userId: string, body: string): Promise<number> {
  return withDb(dbUrl, async (c) => {
    const r = await c.query<{ id: number }>(
      `INSERT INTO comments ("articleId", "userId", body, "bodyHtml") VALUES ($1, $2, $3, $4) RETURNING id`,
      [article.id, userId, body, `<p>${body}</p>`],
    );
    await c.query(`UPDATE articles SET "commentCount" = "commentCount" + 1 WHERE id = $1`, [article.id]);
    return r.rows[0]!.id;
  });
}

/** The log rows about one target (ids of comments, sources and members share one column: the type tells them apart). */
async function logRows(targetType: string, targetId: number | string): Promise<{ action: string; reason: string }[]> {
  return withDb(dbUrl, async (c) => (await c.query<{ action: string; reason: string }>(`SELECT action, reason FROM moderation_log WHERE "targetType" = $1 AND "targetId" = $2 ORDER BY id`, [targetType, String(targetId)])).rows);
}

async function commentState(id: number): Promise<{ removedAt: Date | null; removalReason: string | null }> {
  return withDb(dbUrl, async (c) => (await c.query(`SELECT "removedAt", "removalReason" FROM comments WHERE id = $1`, [id])).rows[0]);
}

let n = 0;
const handle = (label: string) => `mod-${label}-${process.pid % 10000}-${++n}`;

async function member(label: string, opts: { ageDays?: number; role?: "moderator" | "admin"; isAgent?: boolean } = {}) {
  const h = handle(label);
  const m = await insertMember(dbUrl, h, { isAgent: opts.isAgent });
  await ageAccount(m.id, opts.ageDays ?? 10);
  if (opts.role) await setRole(m.id, opts.role);
  return { ...m, handle: h };
}

/** Flags comment `id` as `reason` through the page's flag form. */
async function flagComment(page: Page, article: TestArticle, id: number, reason: string, note = "") {
  await page.goto(`${baseUrl}${article.path}`);
  const flag = page.locator(`[data-flag="comment-${id}"]`);
  await flag.locator("summary").click();
  await flag.locator(`input[name="reason"][value="${reason}"]`).check();
  if (note) await flag.locator('input[name="note"]').fill(note);
  await Promise.all([page.waitForURL((u) => u.pathname === article.path, { waitUntil: "load" }), flag.locator("[data-flag-submit]").click()]);
}

/** What a logged-out reader is served (through the shared page store), waiting for the change to reach it. */
async function readerSees(path: string, text: string): Promise<void> {
  const page = await reader.context.newPage();
  await expect
    .poll(async () => {
      await page.goto(`${baseUrl}${path}`);
      return page.locator("main").innerText();
    }, { timeout: 15_000, interval: 500 })
    .toContain(text);
  await page.close();
}

beforeAll(async () => {
  [js, nojs, reader] = await Promise.all([launchBrowser(), launchBrowser({ javaScriptEnabled: false }), launchBrowser()]);
});
afterAll(async () => {
  await Promise.all([js?.close(), nojs?.close(), reader?.close()]);
});

describe.each([
  ["with JavaScript", () => js],
  ["without JavaScript", () => nojs],
])("flag, review and remove %s", (_label, browser) => {
  it("a member flags a comment, a moderator removes it with a reason, a logged-out reader sees the reason in the thread and on /moderation", async () => {
    const article = await insertArticle(dbUrl, "mod-flow");
    const author = await member("author");
    const flagger = await member("flagger");
    const mod = await member("mod", { role: "moderator" });
    const commentId = await insertComment(article, author.id, "this is spam, buy now");
    const page = await browser().context.newPage();

    await logIn(page, baseUrl, flagger.email, article.path);
    await flagComment(page, article, commentId, "other");
    // "other" needs a note: a clear message, and no flag stored.
    await expect.poll(() => page.locator(`[data-mod-notice="flag:c${commentId}"]`).innerText()).toMatch(/note/);
    expect(await withDb(dbUrl, async (c) => (await c.query(`SELECT count(*)::int AS n FROM flags WHERE "commentId" = $1`, [commentId])).rows[0].n)).toBe(0);
    await flagComment(page, article, commentId, "spam");
    // With JavaScript the page re-renders in place (same URL): wait for the new notice.
    await expect.poll(() => page.locator(`[data-mod-notice="flag:c${commentId}"]`).innerText()).toMatch(/Flagged/);

    await logIn(page, baseUrl, mod.email, "/mod/queue");
    const item = page.locator(`[data-queue-item="comment-${commentId}"]`);
    expect(await item.locator("[data-flag-counts]").innerText()).toBe("spam 1");
    expect(await item.locator("[data-queue-author]").innerText()).toContain(author.handle);
    // Without a reason: a clear refusal, nothing removed, no log row.
    await Promise.all([page.waitForURL((u) => u.pathname === "/mod/queue", { waitUntil: "load" }), item.locator("[data-remove-submit]").click()]);
    await expect.poll(() => page.locator(`[data-mod-notice="mod:c${commentId}"]`).innerText()).toMatch(/reason is required/);
    expect((await commentState(commentId)).removedAt).toBeNull();
    expect(await logRows("comment", commentId)).toEqual([]);

    const reason = `spam link ${n}`;
    await item.locator("[data-remove-reason]").fill(reason);
    await Promise.all([page.waitForURL((u) => u.pathname === "/mod/queue", { waitUntil: "load" }), item.locator("[data-remove-submit]").click()]);
    await expect.poll(() => page.locator(`[data-queue-item="comment-${commentId}"]`).count()).toBe(0);
    expect(await commentState(commentId)).toMatchObject({ removalReason: reason });
    expect(await logRows("comment", commentId)).toEqual([{ action: "remove", reason }]);
    expect((await articleCounts(dbUrl, article.id)).commentCount).toBe(0);

    // Staff still read the text on the article page.
    await page.goto(`${baseUrl}${article.path}`);
    expect(await page.locator(`#c${commentId} [data-removed-text]`).innerText()).toContain("removed text");

    await readerSees(article.path, `removed by a moderator: ${reason}`);
    const readerPage = await reader.context.newPage();
    await readerPage.goto(`${baseUrl}${article.path}`);
    expect(await readerPage.locator(`#c${commentId}`).innerText()).not.toContain("buy now");
    await readerPage.close();
    await readerSees("/moderation", reason);
    await page.close();
  });
});

// Suspensions end within ten years (lib/moderation/schemas.ts).
const UNTIL = `${new Date().getUTCFullYear() + 2}-01-31`;

describe("suspensions", () => {
  it("a suspended member sees why and until when, and their comment is refused with the reason and not stored", async () => {
    const article = await insertArticle(dbUrl, "mod-suspend");
    const target = await member("suspendee");
    const mod = await member("suspender", { role: "moderator" });
    const page = await js.context.newPage();
    await logIn(page, baseUrl, mod.email, `/u/${target.handle}`);
    await page.fill("[data-suspend-reason]", "repeated spam");
    await page.fill("[data-suspend-until]", UNTIL);
    await Promise.all([page.waitForURL((u) => u.pathname === `/u/${target.handle}`, { waitUntil: "load" }), page.click("[data-suspend-submit]")]);
    await expect.poll(() => page.locator("[data-member-suspended]").innerText()).toContain(`until ${UNTIL}: repeated spam`);

    await logIn(page, baseUrl, target.email, article.path);
    expect(await page.locator("[data-suspension-banner]").innerText()).toContain(`suspended until ${UNTIL}: repeated spam`);
    const before = await articleCounts(dbUrl, article.id);
    await page.fill('[data-comment-form][data-parent-id=""] textarea', "I am back");
    await page.click('[data-comment-form][data-parent-id=""] [data-comment-submit]');
    await expect.poll(() => page.locator("[data-comment-error]").innerText()).toContain(`suspended until ${UNTIL}: repeated spam`);
    expect(await articleCounts(dbUrl, article.id)).toEqual(before);
    expect((await logRows("member", target.id)).map((r) => r.action)).toEqual(["suspend"]);
    await page.close();
  });
});

describe("staff pages and actions", () => {
  it("answer 404 to logged-out visitors, members and agents, and the listed admin gets the staff menu", async () => {
    const plain = await member("plain");
    const agent = await member("agent", { isAgent: true });
    const page = await js.context.newPage();
    expect((await fetch(`${baseUrl}/mod/queue`, { redirect: "manual" })).status).toBe(404);
    for (const who of [plain, agent]) {
      await logIn(page, baseUrl, who.email, "/");
      const cookie = await cookieHeader(js.context, baseUrl);
      expect((await fetch(`${baseUrl}/mod/queue`, { headers: { cookie }, redirect: "manual" })).status).toBe(404);
      expect(await page.locator("[data-staff-nav]").count()).toBe(0);
    }
    // An agent made "moderator" by a stray SQL update is still no staff.
    await setRole(agent.id, "moderator");
    await logIn(page, baseUrl, agent.email, "/");
    expect((await fetch(`${baseUrl}/mod/queue`, { headers: { cookie: await cookieHeader(js.context, baseUrl) }, redirect: "manual" })).status).toBe(404);

    // READAHEAD_ADMINS: this account becomes admin when it logs in.
    const admin = await withDb(dbUrl, async (c) => (await c.query(`SELECT id FROM users WHERE email = $1`, [E2E_ADMIN_EMAIL])).rows[0]);
    if (!admin) await insertMember(dbUrl, E2E_ADMIN_EMAIL.split("@")[0]!);
    await logIn(page, baseUrl, E2E_ADMIN_EMAIL, "/mod/queue");
    expect(await page.locator("[data-staff-nav]").count()).toBe(1);
    const res = await fetch(`${baseUrl}/mod/queue`, { headers: { cookie: await cookieHeader(js.context, baseUrl) } });
    expect(res.status).toBe(200);
    await page.close();
  });

  it("a staff action posted by a member answers 404, a forged cross-site post by a moderator changes nothing, the same-site post works", async () => {
    const article = await insertArticle(dbUrl, "mod-forge");
    const author = await member("forge-author");
    const commentId = await insertComment(article, author.id, "keep me");
    const mod = await member("forge-mod", { role: "moderator" });
    const plain = await member("forge-plain");
    const page = await js.context.newPage();
    await logIn(page, baseUrl, mod.email, article.path);
    const modCookie = await cookieHeader(js.context, baseUrl);
    const html = await (await fetch(baseUrl + article.path, { headers: { cookie: modCookie } })).text();
    const fields = formFieldsFromHtml(html, `data-remove-form="comment-${commentId}"`);
    expect(fields.some(([k]) => k.startsWith("$ACTION_ID_"))).toBe(true);
    const post = (cookie: string, headers: Record<string, string>) => {
      const form = new FormData();
      for (const [k, v] of fields) form.append(k, k === "reason" ? "forged" : v);
      return fetch(baseUrl + article.path, { method: "POST", body: form, headers: { cookie, ...headers }, redirect: "manual" });
    };
    await post(modCookie, { origin: "https://evil.example" });
    await post(modCookie, { origin: "null" });
    await post(modCookie, { "sec-fetch-site": "cross-site" });
    expect((await commentState(commentId)).removedAt).toBeNull();

    await logIn(page, baseUrl, plain.email, "/");
    const memberPost = await post(await cookieHeader(js.context, baseUrl), { origin: baseUrl });
    expect(memberPost.status).toBe(404);
    const anonPost = await post("", { origin: baseUrl });
    expect(anonPost.status).toBe(404);
    expect((await commentState(commentId)).removedAt).toBeNull();
    expect(await logRows("comment", commentId)).toEqual([]);

    const ok = await post(modCookie, { origin: baseUrl });
    expect(ok.status).toBeLessThan(400);
    expect(await commentState(commentId)).toMatchObject({ removalReason: "forged" });
    await page.close();
  });
});
