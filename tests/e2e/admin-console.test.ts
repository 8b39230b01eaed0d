// The source page and the dashboard in a real Chromium, with and without JavaScript
// (issue 14): the READAHEAD_ADMINS admin opens a source from the table, sees its fetch
// log and charts (SVG with a text alternative), edits title and paused, polls now (a
// second poll within the minute is refused with a message); /admin shows its numbers
// and charts. Members and logged-out visitors get 404 on the pages and the actions, and
// a forged cross-site post to the edit action changes nothing.
// Its own server: the shared one may not fetch from loopback (FEED_FETCH_ALLOW_CIDRS).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { startApp, type RunningApp } from "../helpers/app-server";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { REAL_FEEDS_DIR } from "../helpers/corpus";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server";
import { cookieHeader, formFieldsFromHtml, insertMember, logIn, withDb } from "./members-helpers";

const dbUrl = inject("e2eDatabaseUrl");
const ADMIN = "console-page-admin";
let app: RunningApp;
let fx: FixtureServer;
let js: LaunchedBrowser;
let nojs: LaunchedBrowser;

beforeAll(async () => {
  fx = await startFixtureServer();
  for (const variant of ["js", "nojs", "forge"]) fx.serveFile(`/${variant}/feed.xml`, path.join(REAL_FEEDS_DIR, "miniflux", "large_atom.xml"));
  app = await startApp({ DATABASE_URL: dbUrl, READAHEAD_ADMINS: `${ADMIN}@example.org`, FEED_FETCH_ALLOW_CIDRS: "127.0.0.1/32", RUN_WORKER: "false" });
  await insertMember(dbUrl, ADMIN);
  [js, nojs] = await Promise.all([launchBrowser(), launchBrowser({ javaScriptEnabled: false })]);
});
afterAll(async () => {
  await Promise.all([js?.close(), nojs?.close(), app?.stop(), fx?.close()]);
});

async function sourceState(id: number): Promise<{ title: string; status: string }> {
  return withDb(dbUrl, async (c) => (await c.query<{ title: string; status: string }>(`SELECT title, status::text AS status FROM sources WHERE id = $1`, [id])).rows[0]!);
}

async function logActions(id: number): Promise<string[]> {
  return withDb(dbUrl, async (c) => (await c.query<{ action: string }>(`SELECT action FROM moderation_log WHERE "targetType" = 'source' AND "targetId" = $1 ORDER BY id`, [String(id)])).rows.map((r) => r.action));
}

/** Adds the fixture feed through the console's form (its first fetch is logged) and returns the source's id. */
async function addFixtureSource(page: Page, variant: string): Promise<number> {
  const feedUrl = fx.url(`/${variant}/feed.xml`);
  await page.goto(`${app.baseUrl}/admin/sources`);
  await page.fill('[data-add-source-form] input[name="url"]', feedUrl);
  await page.click("[data-add-source-submit]");
  await expect.poll(() => page.locator('[data-mod-notice="admin:sources"]').innerText(), { timeout: 30_000 }).toContain(`(${feedUrl})`);
  return withDb(dbUrl, async (c) => (await c.query<{ id: number }>(`SELECT id FROM sources WHERE "feedUrl" = $1`, [feedUrl])).rows[0]!.id);
}

/** Every chart on the page is an SVG named by its <title> and <desc>, with a hidden table of its values. */
async function expectAccessibleCharts(page: Page, atLeast: number): Promise<void> {
  const svgs = page.locator("[data-chart-svg]");
  expect(await svgs.count()).toBeGreaterThanOrEqual(atLeast);
  for (const svg of await svgs.all()) {
    expect(await svg.getAttribute("role")).toBe("img");
    const [titleId, descId] = (await svg.getAttribute("aria-labelledby"))!.split(" ");
    expect((await page.locator(`[id="${titleId}"]`).textContent())!.length).toBeGreaterThan(5);
    expect(await page.locator(`[id="${descId}"]`).textContent()).toMatch(/in all/);
  }
  expect(await page.locator("[data-chart-table]").count()).toBe(await svgs.count());
}

describe.each([
  ["with JavaScript", "js", () => js],
  ["without JavaScript", "nojs", () => nojs],
] as const)("the source page and dashboard %s", (_label, variant, browser) => {
  it("opens a source from the table, shows its fetch log and charts, edits title and paused, polls now once a minute", async () => {
    const page = await browser().context.newPage();
    await logIn(page, app.baseUrl, `${ADMIN}@example.org`, "/admin/sources");
    const id = await addFixtureSource(page, variant);

    await Promise.all([page.waitForURL((u) => u.pathname === `/admin/sources/${id}`), page.click(`[data-source-link="${id}"]`)]);
    expect(await page.locator("[data-fetch-row]").count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('[data-fetch-row="ok"]').first().innerText()).toContain("200");
    expect(await page.locator("[data-source-http-status]").innerText()).toBe("200");
    await expectAccessibleCharts(page, 2);

    const title = `Edited ${variant}`;
    await page.fill("#source-title", title);
    await page.check("#source-paused");
    await page.click("[data-edit-source-submit]");
    const notice = page.locator(`[data-mod-notice="admin:source:${id}"]`);
    await expect.poll(() => notice.innerText(), { timeout: 30_000 }).toMatch(/^Saved: .*paused/);
    expect(await sourceState(id)).toEqual({ title, status: "disabled" });
    expect(await page.locator("[data-source-status]").innerText()).toBe("paused");

    // Bad input: an interval that is not a number changes nothing and says why.
    await page.fill("#source-title", "Should not stick");
    await page.fill("#source-interval", "soon");
    await page.click("[data-edit-source-submit]");
    await expect.poll(() => notice.innerText(), { timeout: 30_000 }).toMatch(/^Nothing was saved: The refresh interval/);
    expect((await sourceState(id)).title).toBe(title);

    await page.click("[data-poll-now]");
    await expect.poll(() => notice.innerText(), { timeout: 30_000 }).toMatch(/^Polled now: ok 200/);
    await page.click("[data-poll-now]");
    await expect.poll(() => notice.innerText(), { timeout: 30_000 }).toMatch(/less than a minute ago/);
    expect(await logActions(id)).toEqual(["add", "edit", "poll"]);
    expect(await page.locator("[data-fetch-row]").count()).toBe(2);

    await page.goto(`${app.baseUrl}/admin/sources`);
    await Promise.all([page.waitForURL((u) => u.pathname === "/admin"), page.click("[data-admin-dashboard-link]")]);
    expect(await page.locator("[data-dashboard-card]").count()).toBe(8);
    expect(Number(await page.locator('[data-dashboard-value="articles"]').innerText())).toBeGreaterThan(0);
    expect(await page.locator('[data-dashboard-value="fetch-success"]').innerText()).toMatch(/^\d+\.\d%$/);
    await expectAccessibleCharts(page, 8);
    await page.close();
  });
});

describe("the source page and dashboard for everyone else", () => {
  it("answer 404 to members and logged-out visitors, pages and actions alike; a forged cross-site edit changes nothing", async () => {
    const page = await js.context.newPage();
    await logIn(page, app.baseUrl, `${ADMIN}@example.org`, "/admin/sources");
    const id = await addFixtureSource(page, "forge");
    const adminCookie = await cookieHeader(js.context, app.baseUrl);
    const pagePath = `/admin/sources/${id}`;
    const html = await (await fetch(app.baseUrl + pagePath, { headers: { cookie: adminCookie } })).text();
    const editFields = formFieldsFromHtml(html, "data-edit-source-form").filter(([k]) => k !== "paused");
    const pollFields = formFieldsFromHtml(html, "data-poll-now-form");
    expect(editFields.some(([k]) => k.startsWith("$ACTION_ID_"))).toBe(true);
    const post = (fields: [string, string][], cookie: string, headers: Record<string, string>) => {
      const form = new FormData();
      for (const [k, v] of fields) form.append(k, k === "title" ? "Forged" : v);
      return fetch(app.baseUrl + pagePath, { method: "POST", body: form, headers: { cookie, ...headers }, redirect: "manual" });
    };
    const before = await sourceState(id);
    const logBefore = await logActions(id);

    // Logged out and a member: 404 on the pages and on both actions.
    const member = await insertMember(dbUrl, `console-member-${process.pid % 10000}`);
    await logIn(page, app.baseUrl, member.email, "/");
    const memberCookie = await cookieHeader(js.context, app.baseUrl);
    for (const cookie of ["", memberCookie]) {
      for (const p of ["/admin", pagePath]) expect((await fetch(app.baseUrl + p, { headers: { cookie }, redirect: "manual" })).status).toBe(404);
      expect((await post(editFields, cookie, { origin: app.baseUrl })).status).toBe(404);
      expect((await post(pollFields, cookie, { origin: app.baseUrl })).status).toBe(404);
    }
    expect(await page.locator("[data-admin-dashboard-link]").count()).toBe(0);

    // The admin's cookie from another site: nothing changes.
    await post(editFields, adminCookie, { origin: "https://evil.example" });
    await post(editFields, adminCookie, { "sec-fetch-site": "cross-site" });
    await post(pollFields, adminCookie, { origin: "https://evil.example" });
    expect(await sourceState(id)).toEqual(before);
    expect(await logActions(id)).toEqual(logBefore);

    // The same post from the site itself works (so the refusals above were the checks').
    const ok = await post(editFields, adminCookie, { origin: app.baseUrl });
    expect(ok.status).toBeLessThan(400);
    expect((await sourceState(id)).title).toBe("Forged");
    expect(await logActions(id)).toEqual([...logBefore, "edit"]);
    await page.close();
  });
});
