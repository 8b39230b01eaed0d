// The shared caches against a member who loops requests that change nothing, and a
// reader who walks junk page links: neither empties the page store logged-out
// readers are served from, and neither grows the data cache on disk.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { encodeCursor } from "../../lib/articles/cursor";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { articleCounts, cookieHeader, formFieldsFromHtml, insertArticle, insertMember, logIn, withDb, type TestArticle } from "./members-helpers";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
const NEXT_CACHE = path.resolve(import.meta.dirname, "..", "..", ".next", "cache");
// Ids no row will ever have in the e2e database (the int range's top).
const MISSING_ARTICLE_ID = "2147483646";
const MISSING_COMMENT_ID = "2147483645";
const ABUSE_REQUESTS = 1000;
const JUNK_CURSORS = 1000;
// The loop sends this many requests at once (the front page is probed between rounds).
const PARALLEL = 4;
// The data cache keeps nothing on disk; these allow for whatever else Next may write there.
const DISK_FILES_BOUND = 10;
const DISK_BYTES_BOUND = 1_000_000;

let browser: LaunchedBrowser;
let article: TestArticle;
let member: { id: string; email: string };

beforeAll(async () => {
  browser = await launchBrowser({ javaScriptEnabled: false });
  article = await insertArticle(dbUrl, "abuse");
  member = await insertMember(dbUrl, "abusemember");
});
afterAll(async () => {
  await browser?.close();
});

/** Files and bytes under .next/cache (Next's data cache lives in fetch-cache/). */
function diskCache(): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const p = path.join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else {
        files++;
        bytes += st.size;
      }
    }
  };
  walk(NEXT_CACHE);
  return { files, bytes };
}

async function frontPageState(): Promise<string | null> {
  const res = await fetch(baseUrl + "/");
  await res.arrayBuffer();
  return res.headers.get("x-readahead-cache");
}

/** Replays a form as a browser without JavaScript posts it, from our own origin. */
function postForm(fields: [string, string][], cookie: string): Promise<number> {
  const form = new FormData();
  for (const [n, v] of fields) form.append(n, v);
  return fetch(baseUrl + article.path, { method: "POST", body: form, headers: { cookie, origin: baseUrl }, redirect: "manual" }).then(async (r) => {
    await r.arrayBuffer();
    return r.status;
  });
}

const withValue = (fields: [string, string][], name: string, value: string): [string, string][] =>
  fields.map(([n, v]) => [n, n === name ? value : v]);

describe("cache abuse", () => {
  it(`${ABUSE_REQUESTS} refused votes and unknown-comment edits leave the logged-out front page in the store`, async () => {
    const page = await browser.context.newPage();
    await logIn(page, baseUrl, member.email, article.path);
    const cookie = await cookieHeader(browser.context, baseUrl);
    await page.close();
    // The member's own comment, so the page carries an edit form to replay.
    const first = await (await fetch(baseUrl + article.path, { headers: { cookie } })).text();
    const commentFields = formFieldsFromHtml(first, 'data-parent-id=""');
    expect(await postForm([...commentFields, ["body", "A comment to edit"]], cookie)).toBe(303);
    const html = await (await fetch(baseUrl + article.path, { headers: { cookie } })).text();
    const vote = withValue(formFieldsFromHtml(html, 'name="intent" value="up"'), "articleId", MISSING_ARTICLE_ID);
    const edit = withValue(formFieldsFromHtml(html, "data-edit-form"), "commentId", MISSING_COMMENT_ID);
    expect(vote.some(([n]) => n.startsWith("$ACTION_ID_"))).toBe(true);
    expect(edit.some(([n]) => n === "commentId")).toBe(true);
    const before = await articleCounts(dbUrl, article.id);

    expect(await frontPageState()).not.toBeNull();
    // The comment just posted (and other files' changes on this server just before)
    // may have left a paced trailing clear due within 2 s: read until the page is stored.
    await expect.poll(frontPageState, { timeout: 5_000, interval: 100 }).toBe("hit");
    const states: (string | null)[] = [];
    const statuses = new Map<number, number>();
    for (let sent = 0; sent < ABUSE_REQUESTS; sent += PARALLEL) {
      const round = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) => postForm((sent + i) % 2 === 0 ? vote : [...edit, ["body", `edit ${sent + i}`]], cookie)),
      );
      for (const s of round) statuses.set(s, (statuses.get(s) ?? 0) + 1);
      if (sent % (PARALLEL * 10) === 0) states.push(await frontPageState());
    }
    states.push(await frontPageState());

    // Edits are rate-limited per member, refused ones included: the loop was cut off.
    const form = new FormData();
    for (const [n, v] of [...edit, ["body", "one more"] as [string, string]]) form.append(n, v);
    const limited = await fetch(baseUrl + article.path, { method: "POST", body: form, headers: { cookie, origin: baseUrl } });
    expect(await limited.text()).toContain("You&#x27;re editing too fast");
    // The posts reached the actions and were refused (a 5xx would mean they broke instead).
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect(await articleCounts(dbUrl, article.id)).toEqual(before);
    const body = await withDb(dbUrl, async (c) => (await c.query<{ body: string }>(`SELECT body FROM comments WHERE "userId" = $1`, [member.id])).rows);
    expect(body).toEqual([{ body: "A comment to edit" }]);
    // Served from the store throughout: "stale" is the stored page while its 15 s
    // refresh renders, "miss" would be a reader waiting for a render after the
    // store was emptied.
    expect(states.filter((s) => s === "miss")).toEqual([]);
    expect(states.at(-1)).toBe("hit");
  });

  it("real changes in a quick row all reach logged-out readers: the paced clears end with a trailing one", async () => {
    const page = await browser.context.newPage();
    await logIn(page, baseUrl, member.email, article.path);
    const cookie = await cookieHeader(browser.context, baseUrl);
    await page.close();
    const html = await (await fetch(baseUrl + article.path, { headers: { cookie } })).text();
    const commentFields = formFieldsFromHtml(html, 'data-parent-id=""');
    const readerPage = async () => {
      const res = await fetch(baseUrl + article.path);
      return { cache: res.headers.get("x-readahead-cache"), html: await res.text() };
    };
    // More changes than the store's burst of clears (3), back to back, a logged-out reader
    // loading the page after each: the last ones wait for the trailing clear.
    const states: (string | null)[] = [];
    for (let i = 1; i <= 5; i++) {
      expect(await postForm([...commentFields, ["body", `Quick comment ${i}`]], cookie)).toBe(303);
      states.push((await readerPage()).cache);
    }
    expect(states.filter((s) => s === "hit").length).toBeGreaterThan(0); // some changes were held back…
    // …and the last one shows through an emptied store (a "miss"): had the trailing clear
    // been lost, it would first show after the stored copy aged out (a "stale" refill).
    let shown: string | null = null;
    for (let tries = 0; shown === null && tries < 200; tries++) {
      const { cache, html } = await readerPage();
      if (html.includes("Quick comment 5")) shown = cache;
      else await new Promise((r) => setTimeout(r, 200));
    }
    expect(shown).toBe("miss");
  });

  it("600 front-page links with made-up parameters are one stored page, and the pages readers want stay stored", async () => {
    const articleState = async () => {
      const res = await fetch(baseUrl + article.path);
      await res.arrayBuffer();
      return res.headers.get("x-readahead-cache");
    };
    // The store holds 500 pages: a key per made-up parameter would have pushed these out.
    await frontPageState();
    await articleState();
    const states = new Map<string | null, number>();
    for (let i = 0; i < 600; i += 10) {
      const round = await Promise.all(
        Array.from({ length: 10 }, async (_, j) => {
          const res = await fetch(`${baseUrl}/?junk${i + j}=${Math.random().toString(36).slice(2)}`);
          const html = await res.text();
          expect(res.status).toBe(200);
          expect(html).toContain('aria-label="readahead, front page"');
          return res.headers.get("x-readahead-cache");
        }),
      );
      for (const s of round) states.set(s, (states.get(s) ?? 0) + 1);
    }
    // Every one was the front page's entry (a miss would be a render of its own).
    expect(states.get("miss") ?? 0).toBe(0);
    expect(await articleState()).toMatch(/^(hit|stale)$/);
  });

  it(`${JUNK_CURSORS} distinct page links add a bounded number of files to the data cache on disk`, async () => {
    const before = diskCache();
    const urls = Array.from({ length: JUNK_CURSORS }, (_, i) =>
      // Half cannot be read; half are well-formed keys of pages nobody links to.
      i % 2 === 0 ? `/?after=junk-${i}-${Math.random().toString(36).slice(2)}` : `/new?after=${encodeCursor([new Date(Date.now() - i * 1000), 1_000_000 + i])}`,
    );
    const statuses = new Map<number, number>();
    for (let i = 0; i < urls.length; i += 8) {
      const round = await Promise.all(
        urls.slice(i, i + 8).map(async (u) => {
          const res = await fetch(baseUrl + u);
          await res.arrayBuffer();
          return res.status;
        }),
      );
      for (const s of round) statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    const after = diskCache();
    expect(after.files - before.files).toBeLessThanOrEqual(DISK_FILES_BOUND);
    expect(after.bytes - before.bytes).toBeLessThan(DISK_BYTES_BOUND);
    // The unreadable half are the site's 404; the well-formed half are (empty) pages.
    expect(Object.fromEntries(statuses)).toEqual({ 200: JUNK_CURSORS / 2, 404: JUNK_CURSORS / 2 });
  });
});
