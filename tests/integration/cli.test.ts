/**
 * The operators' command line, run as a real process against this file's
 * database and the loopback fixture server.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server";
import { REAL_FEEDS_DIR } from "../helpers/corpus";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const REAL = REAL_FEEDS_DIR;
let fx: FixtureServer;

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/cli.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, FEED_FETCH_ALLOW_CIDRS: "127.0.0.1/32", LOG_LEVEL: "warn", ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  fx = await startFixtureServer();
  fx.serveFile("/blog/feed.xml", path.join(REAL, "miniflux", "large_atom.xml"));
  fx.serveFile("/other/rss.xml", path.join(REAL, "rss-parser", "guardian.rss"));
  fx.serveBody("/blog/", `<!doctype html><html><head><title>Blog</title><link rel="alternate" type="application/atom+xml" href="/blog/feed.xml"></head><body>hi</body></html>`, { contentType: "text/html" });
});
afterAll(async () => fx?.close());

describe("readahead CLI", () => {
  it("adds a source by site URL through feed discovery, refuses duplicates and non-feeds", async () => {
    const added = await cli(["sources", "add", fx.url("/blog/")]);
    expect(added.code).toBe(0);
    const source = JSON.parse(added.stdout);
    expect(source).toMatchObject({ feedUrl: fx.url("/blog/feed.xml"), status: "active" });
    expect(source.title.length).toBeGreaterThan(0);
    // Discovery's response is stored as the first poll: the feed is fetched once, its articles are in.
    expect(fx.hits("/blog/feed.xml")).toBe(1);
    expect(source.firstFetch).toMatchObject({ outcome: "ok" });
    expect(source.firstFetch.newArticles).toBeGreaterThan(0);
    expect(await db.article.count({ where: { sourceId: source.id } })).toBe(source.firstFetch.newArticles);

    const again = await cli(["sources", "add", fx.url("/blog/feed.xml")]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toMatch(/already a source/);

    const html = await cli(["sources", "add", fx.url("/html-without-feed")]);
    expect(html.code).toBe(1);
    expect(html.stderr.trim().split("\n")).toHaveLength(1);
    expect(html.stderr).toMatch(/no feed/i);

    const refused = await cli(["sources", "add", fx.url("/other/rss.xml")], { FEED_FETCH_ALLOW_CIDRS: "" });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/127\.0\.0\.1/);

    const invalid = await cli(["sources", "add", "javascript:alert(1)"]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/invalid URL/);
    expect(await db.source.count()).toBe(1);
  });

  it("imports OPML, polls once, lists health, and exports OPML", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "readahead-opml-"));
    const opml = path.join(dir, "subs.opml");
    writeFileSync(opml, `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body><outline text="News">
      <outline type="rss" text="Guardian" xmlUrl="${fx.url("/other/rss.xml")}"/>
      <outline type="rss" text="Broken" xmlUrl="${fx.url("/status/500")}"/></outline></body></opml>`);
    const imported = await cli(["opml", "import", opml]);
    expect(imported.code).toBe(0);
    const results = imported.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[1].error).toMatch(/500/);

    // Adding and importing stored each feed's first fetch (its articles are in already), with
    // its validators: a forced poll of both is conditional and brings nothing new.
    const imported0 = results[0].id as number;
    expect(await db.article.count({ where: { sourceId: imported0 } })).toBeGreaterThan(0);
    const poll = await cli(["poll", "--once", "--all"]);
    expect(poll.code).toBe(0);
    const lines = poll.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect(l).toEqual(expect.objectContaining({ id: expect.any(Number), url: expect.any(String), outcome: "not_modified", httpStatus: 304 }));
      expect(l.newArticles).toBe(0);
    }
    const repoll = await cli(["poll", "--once", "--all"]);
    expect(repoll.stdout.trim().split("\n").map((l) => JSON.parse(l).outcome)).toEqual(["not_modified", "not_modified"]);
    // Nothing was due: the normal pass polls nothing.
    expect((await cli(["poll", "--once"])).stdout.trim()).toBe("");

    const list = await cli(["sources", "list", "--json"]);
    const rows = JSON.parse(list.stdout);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(expect.objectContaining({ id: expect.any(Number), url: expect.any(String), title: expect.any(String), status: "active", errorCount: 0, lastError: null, nextCheckAt: expect.any(String) }));
    expect(rows.every((r: { articleCount: number }) => r.articleCount > 0)).toBe(true);

    const exported = await cli(["opml", "export"]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`xmlUrl="${fx.url("/other/rss.xml")}"`);
    expect(exported.stdout).toContain(`xmlUrl="${fx.url("/blog/feed.xml")}"`);
  });

  it("reports a poll failure as an outcome and exits 0; rejects bad arguments with usage", async () => {
    const s = await db.source.create({ data: { slug: "gone", title: "Gone", feedUrl: fx.url("/status/410") } });
    const r = await cli(["poll", "--once", "--source", String(s.id)]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: s.id, outcome: "gone", httpStatus: 410, newArticles: 0 });
    expect((await cli(["poll", "--once", "--source", "abc"])).code).toBe(2);
    expect((await cli(["frobnicate"])).code).toBe(2);
    expect((await cli(["opml", "import", "/nonexistent.opml"])).stderr).toMatch(/cannot read/);
    const noTitle = await cli(["sources", "add", fx.url("/blog/"), "--title"]);
    expect([noTitle.code, noTitle.stderr.trim()]).toEqual([1, "readahead: --title needs a value"]);
    const noSub = await cli(["sources", "rename"]);
    expect(noSub.code).toBe(2);
    expect(noSub.stderr).toMatch(/^usage: readahead sources add URL/);
  });
});
