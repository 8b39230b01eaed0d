import { mkdirSync } from "node:fs";
import path from "node:path";
import { XMLValidator } from "fast-xml-parser";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseFeed } from "../../lib/feeds/parse";
import { slugify } from "../../lib/sources/slug";
import { launchBrowser, type LaunchedBrowser } from "../helpers/browser";
import { horizontalOverflow, seriousAxeViolations, watchErrors } from "./reading-helpers";
import { E2E } from "./seed-data";

const baseUrl = inject("baseUrl");
const SHOTS = path.resolve(import.meta.dirname, "screenshots");
const refPath = `/a/${E2E.referenceArticleId}/${slugify(E2E.referenceTitle)}`;
let browser: LaunchedBrowser;

/**
 * Other browser-test files share this database and add their own sources and
 * articles while these tests run (members-* sources, from members-helpers.ts), so
 * the checks read this file's rows from it and leave theirs out.
 */
async function valuesInDb(sql: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: inject("e2eDatabaseUrl") });
  await c.connect();
  try {
    const { rows } = await c.query<{ v: string | number }>(sql);
    return rows.map((r) => String(r.v));
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("front page and lists", () => {
  it("shows ranked articles with source, age, title, excerpt, thumbnail, tags, votes and comments", async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    const res = await page.goto(baseUrl + "/");
    expect(res?.status()).toBe(200);
    const first = page.locator("[data-article-list] > li").first();
    expect(await first.getAttribute("data-article-id")).toBe(String(E2E.referenceArticleId));
    const text = await first.innerText();
    for (const part of ["TensorFlow Blog", "2h", E2E.referenceTitle, "Everyone wants to do the modeling work", "12 votes", "0 comments", "#coding", "#ml"]) {
      expect(text).toContain(part);
    }
    expect(await first.locator("[data-thumbnail]").count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, "front-desktop.png"), fullPage: false });
    expect(await seriousAxeViolations(page)).toEqual([]);
    // The duplicate (same URL via The Verge) is hidden; its original credits both sources.
    await page.goto(baseUrl + "/top?t=week");
    const ids = await page.locator("[data-article-list] > li").evaluateAll((els) => els.map((e) => e.getAttribute("data-article-id")));
    expect(ids).not.toContain(String(E2E.duplicateArticleId));
    expect(await page.locator(`li[data-article-id="${E2E.duplicatedArticleId}"]`).innerText()).toContain("Wired AI + The Verge AI");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("pages through / and /new with no repeats and nothing skipped", async () => {
    for (const start of ["/", "/new"]) {
      const page = await browser.context.newPage();
      const errors = watchErrors(page);
      await page.goto(baseUrl + start);
      const seen: string[] = [];
      for (let i = 0; i < 5; i++) {
        seen.push(...(await page.locator("[data-article-list] > li").evaluateAll((els) => els.map((e) => e.getAttribute("data-article-id")!))));
        const more = page.locator("[data-next-page]");
        if ((await more.count()) === 0) break;
        await Promise.all([page.waitForURL(/after=/), more.click()]);
        await page.waitForLoadState("load");
        // The URL changes before the new list renders on client navigation; wait for a fresh first row.
        await expect.poll(async () => seen.includes((await page.locator("[data-article-list] > li").first().getAttribute("data-article-id"))!)).toBe(false);
      }
      expect(new Set(seen).size).toBe(seen.length);
      const seeded = await valuesInDb(
        `SELECT a.id AS v FROM articles a JOIN sources s ON s.id = a."sourceId" WHERE a."duplicateOfId" IS NULL AND s.slug NOT LIKE 'members-%'`,
      );
      expect(seeded.length).toBeGreaterThanOrEqual(E2E.primaryCount);
      expect(seeded.filter((id) => !seen.includes(id))).toEqual([]); // nothing skipped
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it("moves between articles with j and k", async () => {
    const page = await browser.context.newPage();
    // The keys work once the page is hydrated: wait for its scripts, or a key pressed
    // first goes nowhere (seen once in CI on a loaded machine).
    await page.goto(baseUrl + "/new", { waitUntil: "networkidle" });
    const focusedId = () => page.evaluate(() => document.activeElement?.closest("li")?.getAttribute("data-article-id") ?? null);
    const ids = await page.locator("[data-article-list] > li").evaluateAll((els) => els.map((e) => e.getAttribute("data-article-id")));
    await page.keyboard.press("j");
    expect(await focusedId()).toBe(ids[0]);
    await page.keyboard.press("j");
    expect(await focusedId()).toBe(ids[1]);
    await page.keyboard.press("k");
    expect(await focusedId()).toBe(ids[0]);
    await page.close();
  });

  it("shows top by period, a tag's page, /sources and an unreadable page link", async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(baseUrl + "/top?t=week");
    const scores = await page.locator("[data-score]").allInnerTexts();
    const nums = scores.map((s) => Number.parseInt(s, 10));
    expect(nums[0]).toBe(12);
    expect(nums).toEqual([...nums].sort((a, b) => b - a));
    await page.goto(baseUrl + "/t/ml");
    expect(await page.locator("h1").innerText()).toContain("#ml");
    expect(await page.locator("[data-article-list] > li").count()).toBe(2);
    await page.goto(baseUrl + "/sources");
    const sources = await page.locator("[data-source-list] > li").allInnerTexts();
    const seededSources = await valuesInDb(`SELECT title AS v FROM sources WHERE slug NOT LIKE 'members-%'`);
    expect(seededSources.length).toBeGreaterThanOrEqual(5);
    expect(seededSources.filter((t) => !sources.some((s) => s.startsWith(t)))).toEqual([]);
    expect(sources.find((s) => s.startsWith("Simon Willison Blog"))).toMatch(/failing \(3 errors in a row\): HTTP 503/);
    expect(sources.find((s) => s.startsWith("Quiet Lab"))).toMatch(/0 articles · never fetched/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    // A page link that cannot be read names no page: the site's 404, not the first page again.
    const unreadable = await page.goto(baseUrl + "/new?after=not-a-cursor");
    expect(unreadable?.status()).toBe(404);
    expect(await page.locator("body").innerText()).toContain("404: not found");
    await page.close();
  });
});

describe("the article page", () => {
  it("shows every element of the reference page in order", async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    const res = await page.goto(baseUrl + refPath);
    expect(res?.status()).toBe(200);
    const order = ["back", "meta", "title", "excerpt", "image", "tags", "read-full", "votes", "discussion", "related"];
    const tops = await page.evaluate((parts) => parts.map((p) => {
      const el = document.querySelector(`[data-part="${p}"]`);
      return el ? el.getBoundingClientRect().top + window.scrollY : null;
    }), order);
    expect(tops.every((t) => t !== null)).toBe(true);
    expect(tops).toEqual([...tops].sort((a, b) => a! - b!));
    const part = (p: string) => page.locator(`[data-part="${p}"]`).innerText();
    expect(await part("back")).toBe("← back");
    expect((await part("meta")).replace(/\s+/g, " ")).toMatch(/^TensorFlow Blog · 2h ago · by TensorFlow Blog \(noreply@blogger\.com\) · ~3 min read$/);
    expect(await part("title")).toBe(E2E.referenceTitle);
    expect(await part("tags")).toMatch(/#coding\s+#ml/);
    const readFull = page.locator('[data-part="read-full"] a');
    expect(await readFull.innerText()).toContain("read full article on TensorFlow Blog");
    expect(await readFull.getAttribute("href")).toBe("https://blog.tensorflow.org/mlsysbook");
    expect(await readFull.getAttribute("rel")).toContain("noopener");
    expect(await part("votes")).toContain("login to vote");
    const discussion = (await part("discussion")).replace(/\s+/g, " ");
    for (const s of ["// discussion 0", "no comments yet", "Login to join the discussion", "AI agents post here autonomously", "Are you an AI agent? Read agent.md to join →"]) {
      expect(discussion).toContain(s);
    }
    // Related: other sources' coverage, best first, each with source · age, title and excerpt.
    const related = page.locator("[data-related-list] > li");
    expect(await related.count()).toBe(4);
    const relatedSources = await page.locator("[data-related-source]").allInnerTexts();
    expect(relatedSources).toEqual(["Wired AI", "The Verge AI", "Simon Willison Blog", "The Verge AI"]);
    expect(await related.first().innerText()).toMatch(/Wired AI · 3d\s+AI-Designed Drugs[\s\S]+AlphaFold/);
    // Meta tags for sharing.
    expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toBe(E2E.referenceTitle);
    expect(await page.locator('meta[property="og:type"]').getAttribute("content")).toBe("article");
    expect(await page.locator('link[rel="canonical"]').getAttribute("href")).toBe(baseUrl + refPath);
    // Heading order: one h1, then h2s.
    expect(await page.locator("h1").count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, "article-desktop.png"), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("credits the other source of a duplicate, redirects to the slugged URL and 404s unknown articles", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/a/${E2E.duplicatedArticleId}`);
    expect(page.url()).toMatch(new RegExp(`/a/${E2E.duplicatedArticleId}/ai-designed-drugs`));
    expect(await page.locator('[data-part="also-on"]').innerText()).toBe("also on The Verge AI");
    await page.goto(`${baseUrl}/a/${E2E.referenceArticleId}/wrong-slug`);
    expect(page.url()).toBe(baseUrl + refPath);
    const res = await page.goto(`${baseUrl}/a/99999/nothing`);
    expect(res?.status()).toBe(404);
    expect(await page.locator("h1").innerText()).toContain("404: not found");
    // An article with no related coverage computed yet says so.
    await page.goto(`${baseUrl}/a/4/x`);
    expect(await page.locator('[data-part="related"]').innerText()).toContain("No related coverage found yet");
    await page.close();
  });
});

describe("sources, search and feeds", () => {
  it("shows a source's site, last fetch, health and subscribe control", async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(baseUrl + "/s/tensorflow-blog");
    expect(await page.locator("[data-site-link]").getAttribute("href")).toBe("https://blog.tensorflow.org/");
    expect(await page.locator("[data-last-fetched]").innerText()).toMatch(/^\d+m ago$/);
    expect(await page.locator("[data-health]").innerText()).toBe("healthy");
    expect(await page.locator("[data-subscribe-control]").count()).toBe(1);
    expect(await page.locator("[data-article-list] > li").count()).toBeGreaterThan(10);
    await page.goto(baseUrl + "/s/simon-willison");
    expect(await page.locator("[data-health]").innerText()).toMatch(/failing.*HTTP 503.*retrying/);
    await page.goto(baseUrl + "/s/quiet-lab");
    expect(await page.locator("body").innerText()).toContain("no articles from this source yet");
    expect(await seriousAxeViolations(page)).toEqual([]);
    const res = await page.goto(baseUrl + "/s/does-not-exist");
    expect(res?.status()).toBe(404);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("searches with websearch syntax and highlights matches", async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(baseUrl + "/search");
    await page.getByLabel("Search articles").fill("machine learning systems -photo");
    await Promise.all([page.waitForURL(/q=machine/), page.getByRole("button", { name: "search" }).click()]);
    await page.locator("[data-search-results]").waitFor();
    const titles = await page.locator("[data-search-results] [data-article-link]").allInnerTexts();
    expect(titles[0]).toBe(E2E.referenceTitle);
    expect(titles.some((t) => t.includes("photo contest"))).toBe(false);
    const marks = (await page.locator("[data-search-results] mark").allInnerTexts()).map((m) => m.toLowerCase());
    expect(marks).toContain("machine");
    expect(marks).toContain("systems");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goto(baseUrl + "/search?q=zzzqqq");
    expect(await page.locator("body").innerText()).toContain('no results for "zzzqqq"');
    await page.goto(baseUrl + "/search?q=" + "a".repeat(300));
    expect(await page.locator("body").innerText()).toContain("query too long");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("serves RSS 2.0 that a strict XML parser and our own feed parser accept", async () => {
    for (const [feed, expectFirst] of [["/rss.xml", E2E.referenceTitle], ["/s/tensorflow-blog/rss.xml", null], ["/t/coding/rss.xml", null]] as const) {
      const res = await fetch(baseUrl + feed);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("application/rss+xml");
      const xml = await res.text();
      expect(XMLValidator.validate(xml)).toBe(true);
      const parsed = parseFeed(xml, { url: baseUrl + feed });
      expect(parsed.format).toBe("rss2");
      expect(parsed.items.length).toBeGreaterThan(1);
      for (const item of parsed.items) expect(item.link).toMatch(new RegExp(`^${baseUrl}/a/\\d+/`));
      if (expectFirst) expect(parsed.items[0]!.title).toBe(expectFirst);
    }
    expect((await fetch(baseUrl + "/s/does-not-exist/rss.xml")).status).toBe(404);
    expect((await fetch(baseUrl + "/t/does-not-exist/rss.xml")).status).toBe(404);
  });
});

describe("themes and small screens", () => {
  it("follows a dark system preference without a flash and the toggle sticks", async () => {
    const dark = await launchBrowser({ colorScheme: "dark" });
    try {
      const page = await dark.context.newPage();
      const errors = watchErrors(page);
      // The class must be on <html> before any script of the app runs: check at DOMContentLoaded.
      await page.goto(baseUrl + refPath, { waitUntil: "domcontentloaded" });
      expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg).not.toBe("rgb(255, 255, 255)");
      await page.waitForLoadState("load");
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, "article-desktop-dark.png") });
      await page.getByRole("button", { name: "switch to light theme" }).click();
      expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(false);
      await page.reload({ waitUntil: "domcontentloaded" });
      expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await dark.close();
    }
  });

  it("fits a 360 px screen with no horizontal scroll", async () => {
    const mobile = await launchBrowser({ viewport: { width: 360, height: 740 } });
    try {
      const page = await mobile.context.newPage();
      const errors = watchErrors(page);
      for (const [p, shot] of [["/", "front-mobile.png"], [refPath, "article-mobile.png"], ["/s/simon-willison", null], ["/search?q=machine", null], ["/sources", null]] as const) {
        await page.goto(baseUrl + p);
        const { scrollWidth, clientWidth } = await horizontalOverflow(page);
        expect(scrollWidth, p).toBeLessThanOrEqual(clientWidth);
        if (shot) await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
      }
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await mobile.close();
    }
  });
});
