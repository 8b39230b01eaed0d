// The source console in a real Chromium, with and without JavaScript (issue 14): the
// READAHEAD_ADMINS admin adds a source by its site URL (a loopback fixture page) and
// sees it in the table, polls a source now, and a fixture that starts failing shows
// under "failing" with its error and count. Moderators and members get 404.
// Its own server: the shared one may not fetch from loopback (FEED_FETCH_ALLOW_CIDRS).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { startApp, type RunningApp } from "../helpers/app-server";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { REAL_FEEDS_DIR } from "../helpers/corpus";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server";
import { cookieHeader, insertMember, logIn, withDb } from "./members-helpers";

const dbUrl = inject("e2eDatabaseUrl");
const ADMIN = "console-admin";
let app: RunningApp;
let fx: FixtureServer;
let js: LaunchedBrowser;
let nojs: LaunchedBrowser;
const failing = new Set<string>();
const gates = new Map<string, { promise: Promise<void>; open: () => void }>();
function gate(variant: string) {
  let g = gates.get(variant);
  if (!g) {
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    g = { promise, open };
    gates.set(variant, g);
  }
  return g;
}
const slowGate = (variant: string) => gate(variant).promise;

beforeAll(async () => {
  fx = await startFixtureServer();
  for (const variant of ["js", "nojs"]) {
    fx.serveFile(`/${variant}/feed.xml`, path.join(REAL_FEEDS_DIR, "miniflux", "large_atom.xml"));
    fx.serveBody(`/${variant}/`, `<!doctype html><html><head><title>Site</title><link rel="alternate" type="application/atom+xml" href="/${variant}/feed.xml"></head><body>hi</body></html>`, { contentType: "text/html" });
    fx.serveFile(`/${variant}/suggested.xml`, path.join(REAL_FEEDS_DIR, "rss-parser", "guardian.rss"));
    fx.serveBody(`/${variant}/no-feed.html`, "<!doctype html><html><head><title>plain</title></head><body>no feed</body></html>", { contentType: "text/html" });
    fx.serveFile(`/${variant}/opml-feed.xml`, path.join(REAL_FEEDS_DIR, "rss-parser", "guardian.rss"));
    // Answers only once the test lets it: the import's progress page is seen mid-run.
    fx.route(`/${variant}/opml-slow.xml`, (_req, res) => {
      void slowGate(variant).then(() => {
        res.writeHead(200, { "content-type": "application/rss+xml" });
        res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Slow ${variant}</title><link>${fx.url("/")}</link><item><title>Late ${variant}</title><link>${fx.url(`/${variant}/late`)}</link><guid>late-${variant}</guid></item></channel></rss>`);
      });
    });
    fx.route(`/${variant}/flaky.xml`, (_req, res) => {
      if (failing.has(variant)) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end("boom");
        return;
      }
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Flaky ${variant}</title><link>${fx.url("/")}</link><item><title>One ${variant}</title><link>${fx.url(`/${variant}/one`)}</link><guid>one-${variant}</guid></item></channel></rss>`);
    });
  }
  app = await startApp({ DATABASE_URL: dbUrl, READAHEAD_ADMINS: `${ADMIN}@example.org`, FEED_FETCH_ALLOW_CIDRS: "127.0.0.1/32", RUN_WORKER: "false" });
  await insertMember(dbUrl, ADMIN);
  [js, nojs] = await Promise.all([launchBrowser(), launchBrowser({ javaScriptEnabled: false })]);
});
afterAll(async () => {
  await Promise.all([js?.close(), nojs?.close(), app?.stop(), fx?.close()]);
});

async function sourceIdByFeed(feedUrl: string): Promise<number | null> {
  return withDb(dbUrl, async (c) => (await c.query<{ id: number }>(`SELECT id FROM sources WHERE "feedUrl" = $1`, [feedUrl])).rows[0]?.id ?? null);
}

/** Adds `url` through the form and waits for the notice naming `feedUrl` (an earlier notice may still show). */
async function addSource(page: Page, url: string, feedUrl: string): Promise<void> {
  await page.fill('[data-add-source-form] input[name="url"]', url);
  await page.click("[data-add-source-submit]");
  await expect.poll(() => page.locator('[data-mod-notice="admin:sources"]').innerText(), { timeout: 30_000 }).toContain(`(${feedUrl})`);
}

describe.each([
  ["with JavaScript", "js", () => js],
  ["without JavaScript", "nojs", () => nojs],
] as const)("the console %s", (_label, variant, browser) => {
  it("adds a source by its site URL with its articles, polls one now, and shows a failing one under failing with its error", async () => {
    const page = await browser().context.newPage();
    await logIn(page, app.baseUrl, `${ADMIN}@example.org`, "/admin/sources");
    await expect.poll(() => page.locator("[data-admin-nav]").count()).toBe(1);

    await addSource(page, fx.url(`/${variant}/`), fx.url(`/${variant}/feed.xml`));
    const id = await sourceIdByFeed(fx.url(`/${variant}/feed.xml`));
    expect(id).not.toBeNull();
    const row = page.locator(`[data-source-row="${id}"]`);
    await expect.poll(() => row.locator("[data-source-articles]").innerText()).not.toBe("0");
    expect(await row.locator("[data-source-outcome]").innerText()).toBe("ok 200");

    await addSource(page, fx.url(`/${variant}/flaky.xml`), fx.url(`/${variant}/flaky.xml`));
    const flakyId = (await sourceIdByFeed(fx.url(`/${variant}/flaky.xml`)))!;
    failing.add(variant);
    await page.check(`[data-select-source="${flakyId}"]`);
    await page.click('[data-op="poll"]');
    await expect.poll(() => page.locator('[data-mod-notice="admin:sources"]').innerText(), { timeout: 30_000 }).toContain(`#${flakyId} error`);

    await page.goto(`${app.baseUrl}/admin/sources?tab=failing`);
    const failingRow = page.locator(`[data-source-row="${flakyId}"]`);
    expect(await failingRow.getAttribute("data-source-state")).toBe("failing");
    expect(await failingRow.locator("[data-source-errors]").innerText()).toMatch(/^1\b/);
    expect(await failingRow.locator("[data-source-last-error]").innerText()).toMatch(/500/);
    expect(Number(await page.locator('[data-tab-count="failing"]').innerText())).toBeGreaterThanOrEqual(1);

    // Remove without the confirmation box: refused, nothing removed.
    await page.check(`[data-select-source="${flakyId}"]`);
    await page.click('[data-op="remove"]');
    await expect.poll(() => page.locator('[data-mod-notice="admin:sources"]').innerText()).toMatch(/Nothing was removed/);
    expect(await sourceIdByFeed(fx.url(`/${variant}/flaky.xml`))).toBe(flakyId);
    await page.close();
  });
});

describe.each([
  ["with JavaScript", "js", () => js],
  ["without JavaScript", "nojs", () => nojs],
] as const)("OPML %s", (_label, variant, browser) => {
  it("imports a file after a preview of what is new, present and broken, shows its progress as it runs, and exports every source", async () => {
    const page = await browser().context.newPage();
    await logIn(page, app.baseUrl, `${ADMIN}@example.org`, "/admin/sources/opml");
    const present = await withDb(dbUrl, async (c) => (await c.query<{ feedUrl: string }>(`SELECT "feedUrl" FROM sources ORDER BY id LIMIT 1`)).rows[0]!.feedUrl);
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>
      <outline text="New one" xmlUrl="${fx.url(`/${variant}/opml-feed.xml`)}"/>
      <outline text="Slow one" xmlUrl="${fx.url(`/${variant}/opml-slow.xml`)}"/>
      <outline text="Already here" xmlUrl="${present}"/>
      <outline text="Broken" xmlUrl="gopher://example.org/feed"/></body></opml>`;
    await page.setInputFiles("#opml-file", { name: "subscriptions.opml", mimeType: "text/xml", buffer: Buffer.from(opml) });
    await page.click("[data-opml-preview-submit]");
    await expect.poll(() => page.locator("[data-opml-item]").count(), { timeout: 30_000 }).toBe(4);
    expect(await page.locator('[data-opml-item="new"]').count()).toBe(2);
    for (const status of ["present", "broken"]) expect(await page.locator(`[data-opml-item="${status}"]`).count()).toBe(1);
    expect(await sourceIdByFeed(fx.url(`/${variant}/opml-feed.xml`))).toBeNull();

    // The import answers at once with its progress page; the slow feed holds the run open.
    await page.click("[data-opml-import-submit]");
    await page.waitForURL(/\/admin\/sources\/opml\/imports\/\d+$/, { timeout: 30_000 });
    const progress = page.locator("[data-opml-progress]");
    await expect.poll(() => progress.innerText(), { timeout: 30_000 }).toMatch(/^Importing… imported 1 of 2, 0 failed/);
    expect(await progress.getAttribute("data-opml-run-state")).toBe("running");
    expect(await sourceIdByFeed(fx.url(`/${variant}/opml-feed.xml`))).not.toBeNull();
    expect(await sourceIdByFeed(fx.url(`/${variant}/opml-slow.xml`))).toBeNull();
    // Let the slow feed answer: the page refreshes itself (meta refresh or router) to the end.
    const url = page.url();
    gate(variant).open();
    await expect.poll(() => progress.innerText(), { timeout: 30_000 }).toMatch(/^Done: imported 2 of 2, 0 failed/);
    expect(page.url()).toBe(url);
    expect(await page.locator('[data-opml-result="ok"]').count()).toBe(2);
    expect(await sourceIdByFeed(fx.url(`/${variant}/opml-slow.xml`))).not.toBeNull();

    const cookie = await cookieHeader(browser().context, app.baseUrl);
    const exported = await fetch(`${app.baseUrl}/admin/sources/opml.xml`, { headers: { cookie } });
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain(fx.url(`/${variant}/opml-feed.xml`));
    expect((await fetch(`${app.baseUrl}/admin/sources/opml.xml`)).status).toBe(404);
    await page.close();
  });

  it("turns back a file over 1 MB with a clear message and imports nothing", async () => {
    const page = await browser().context.newPage();
    await logIn(page, app.baseUrl, `${ADMIN}@example.org`, "/admin/sources/opml");
    const wanted = fx.url(`/${variant}/too-big-feed.xml`);
    const padding = `<!-- ${"x".repeat(1024 * 1024 + 10)} -->`;
    const big = `<?xml version="1.0"?><opml version="2.0"><head><title>big</title></head><body><outline text="Big" xmlUrl="${wanted}"/>${padding}</body></opml>`;
    const runsBefore = await withDb(dbUrl, async (c) => Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM opml_imports`)).rows[0]!.n));
    await page.setInputFiles("#opml-file", { name: "big.opml", mimeType: "text/xml", buffer: Buffer.from(big) });
    if (variant === "js") {
      // Caught in the page before anything is sent.
      await expect.poll(() => page.locator("[data-opml-message]").innerText()).toMatch(/larger than 1 MB, so nothing was read or imported/);
      expect(await page.locator("[data-opml-preview-submit]").isDisabled()).toBe(true);
    } else {
      await Promise.all([page.waitForURL(/\/admin\/sources\/opml\?too-large=?$/), page.click("[data-opml-preview-submit]")]);
      expect(await page.locator("[data-opml-message]").innerText()).toMatch(/larger than 1 MB, so nothing was read or imported/);
    }
    expect(await page.locator("[data-opml-item]").count()).toBe(0);
    expect(await sourceIdByFeed(wanted)).toBeNull();
    expect(await withDb(dbUrl, async (c) => Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM opml_imports`)).rows[0]!.n))).toBe(runsBefore);
    expect(fx.hits(`/${variant}/too-big-feed.xml`)).toBe(0);
    await page.close();
  });
});

describe.each([
  ["with JavaScript", "js", () => js],
  ["without JavaScript", "nojs", () => nojs],
] as const)("source suggestions %s", (_label, variant, browser) => {
  it("a member suggests a feed from /sources (a page without one is refused with a message), an admin approves it, and the member is subscribed", async () => {
    const page = await browser().context.newPage();
    const m = await insertMember(dbUrl, `suggester-${variant}-${process.pid % 10000}`);
    await logIn(page, app.baseUrl, m.email, "/sources");
    const notice = page.locator('[data-mod-notice="suggest-source"]');
    await page.fill('[data-suggest-form] input[name="url"]', fx.url(`/${variant}/no-feed.html`));
    await page.click("[data-suggest-submit]");
    await expect.poll(() => notice.innerText(), { timeout: 30_000 }).toMatch(/could not find a working feed/);
    await page.fill('[data-suggest-form] input[name="url"]', fx.url(`/${variant}/suggested.xml`));
    await page.click("[data-suggest-submit]");
    await expect.poll(() => notice.innerText(), { timeout: 30_000 }).toMatch(/waiting for an admin/);
    const suggestionId = await withDb(dbUrl, async (c) => (await c.query<{ id: number }>(`SELECT id FROM source_suggestions WHERE "feedUrl" = $1`, [fx.url(`/${variant}/suggested.xml`)])).rows[0]!.id);

    await logIn(page, app.baseUrl, `${ADMIN}@example.org`, "/admin/sources");
    await page.click(`[data-approve-suggestion="${suggestionId}"]`);
    await expect.poll(() => page.locator('[data-mod-notice="admin:sources"]').innerText(), { timeout: 30_000 }).toMatch(/Suggestion approved/);
    const sourceId = await sourceIdByFeed(fx.url(`/${variant}/suggested.xml`));
    expect(sourceId).not.toBeNull();
    const subscribed = await withDb(dbUrl, async (c) => (await c.query(`SELECT 1 FROM subscriptions WHERE "userId" = $1 AND "sourceId" = $2`, [m.id, sourceId])).rowCount);
    expect(subscribed).toBe(1);
    await page.close();
  });
});

describe("the console's access", () => {
  it("answers 404 to logged-out visitors, members and moderators", async () => {
    expect((await fetch(`${app.baseUrl}/admin/sources`)).status).toBe(404);
    const page = await js.context.newPage();
    expect((await fetch(`${app.baseUrl}/admin/sources/opml`)).status).toBe(404);
    for (const role of ["member", "moderator"] as const) {
      const who = `console-${role}-${process.pid % 10000}`;
      const m = await insertMember(dbUrl, who);
      await withDb(dbUrl, (c) => c.query(`UPDATE users SET role = $2 WHERE id = $1`, [m.id, role]));
      await logIn(page, app.baseUrl, m.email, "/");
      const res = await fetch(`${app.baseUrl}/admin/sources`, { headers: { cookie: await cookieHeader(js.context, app.baseUrl) } });
      expect(res.status).toBe(404);
      expect((await fetch(`${app.baseUrl}/admin/sources/opml.xml`, { headers: { cookie: await cookieHeader(js.context, app.baseUrl) } })).status).toBe(404);
    }
    await page.close();
  });
});
