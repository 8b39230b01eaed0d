// Stories in the browser (issue 15): a story told by three sources is one entry on
// the front page, whose "also:" line names the other two and links to their pages,
// with JavaScript and without. The story is grouped by the worker's own function
// (clusterStories) from related pairs written into the e2e database.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { articlePath } from "../../lib/articles/paths";
import { encodeInvalidation } from "../../lib/page-cache/invalidation-message";
import { INVALIDATION_CHANNEL } from "../../lib/page-cache/cluster-bus";
import { clusterStories } from "../../lib/stories/store";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";

const baseUrl = inject("baseUrl");
const dbUrl = inject("e2eDatabaseUrl");
const browsers: LaunchedBrowser[] = [];
let story: { id: number; title: string; source: string }[];

beforeAll(async () => {
  const tag = randomBytes(3).toString("hex");
  const pool = new pg.Pool({ connectionString: dbUrl, max: 2 });
  try {
    story = [];
    for (const [i, outlet] of ["Harbor Times", "Coast Wire", "Bay Ledger"].entries()) {
      const src = await pool.query<{ id: number }>(
        `INSERT INTO sources (slug, title, "feedUrl", "updatedAt", "lastSuccessAt") VALUES ($1, $2, $3, now(), now()) RETURNING id`,
        [`story-${tag}-${i}`, `${outlet} ${tag}`, `http://127.0.0.1:9/story-${tag}-${i}.xml`],
      );
      const title = `Harbor bridge reopens after repairs, take ${i + 1} ${tag}`;
      const art = await pool.query<{ id: number }>(
        `INSERT INTO articles ("sourceId", "entryKey", title, excerpt, "publishedAt", "contentHash", "updatedAt")
         VALUES ($1, $2, $3, 'The harbor bridge is open again.', now() - make_interval(mins => 10 - $4::int), $2, now()) RETURNING id`,
        [src.rows[0]!.id, `story-${tag}-${i}`, title, i],
      );
      story.push({ id: art.rows[0]!.id, title, source: `${outlet} ${tag}` });
    }
    for (const a of story) for (const b of story) if (a.id !== b.id) await pool.query(`INSERT INTO related_articles ("articleId", "relatedId", score) VALUES ($1, $2, 0.6)`, [a.id, b.id]);
    await clusterStories(pool, story.map((s) => s.id));
    // What the worker's announcement does: every web process drops its stored pages and lists.
    await pool.query("SELECT pg_notify($1, $2)", [INVALIDATION_CHANNEL, encodeInvalidation({ from: "e2e-stories", pages: true, tags: [], all: true })]);
  } finally {
    await pool.end();
  }
});

afterAll(async () => {
  for (const b of browsers) await b.close();
});

/** The front page once it shows the story's also-line (the invalidation is asynchronous). */
async function frontWithStory(page: Page): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    await page.goto(baseUrl + "/");
    if ((await page.locator(`[data-article-id="${story[0]!.id}"] [data-story-also]`).count()) > 0) return;
    await page.waitForTimeout(200);
  }
  throw new Error("the front page never showed the story's also-line");
}

describe.each([
  ["with JavaScript", true],
  ["without JavaScript", false],
])("the story's also-line %s", (_label, javaScriptEnabled) => {
  it("shows one entry naming the other coverage, and its links open those articles", async () => {
    const browser = await launchBrowser({ javaScriptEnabled });
    browsers.push(browser);
    const page = await browser.context.newPage();
    await frontWithStory(page);
    const [lead, second, third] = story as [(typeof story)[0], (typeof story)[0], (typeof story)[0]];
    // The earliest is the lead; the others are not rows of their own.
    expect(await page.locator(`[data-article-id="${second.id}"]`).count()).toBe(0);
    expect(await page.locator(`[data-article-id="${third.id}"]`).count()).toBe(0);
    const also = page.locator(`[data-article-id="${lead.id}"] [data-story-also]`);
    expect(await also.innerText()).toBe(`also: ${second.source}, ${third.source}`);
    const links = also.locator("a[data-story-member]");
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual([articlePath(second), articlePath(third)]);

    await links.first().click();
    await page.waitForURL((u) => u.pathname === articlePath(second));
    expect(await page.locator('h1[data-part="title"]').innerText()).toBe(second.title);
    // Its `// related` names the story's other members first.
    const inStory = await page.locator("[data-related-list] li[data-in-story]").evaluateAll((lis) => lis.map((li) => Number(li.getAttribute("data-related-id"))));
    expect(inStory.sort()).toEqual([lead.id, third.id].sort());
    await page.close();
  });
});

describe("the front page's RSS", () => {
  it("carries the story once, as its lead", async () => {
    const xml = await (await fetch(`${baseUrl}/rss.xml`)).text();
    expect(xml).toContain(articlePath(story[0]!));
    expect(xml).not.toContain(articlePath(story[1]!));
    expect(xml).not.toContain(articlePath(story[2]!));
  });
});
