/**
 * Polling end to end against a loopback fixture server and this file's own
 * database: outcomes recorded on the source, hostile servers contained, re-polls
 * idempotent.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../lib/env";
import { db } from "../../lib/db";
import { pollSource } from "../../lib/ingest/poll-source";
import { mapPool } from "../../lib/ingest/host-limiter";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server";
import { REAL_FEEDS_DIR } from "../helpers/corpus";

process.env.FEED_FETCH_ALLOW_CIDRS = "127.0.0.1/32";
process.env.FEED_FETCH_TIMEOUT_MS = "3000";
process.env.FEED_CONNECT_TIMEOUT_MS = "2000";
process.env.FEED_MAX_BYTES = String(4 * 1024 * 1024);
resetEnvCache();

const REAL = REAL_FEEDS_DIR;
let fx: FixtureServer;
let n = 0;

async function addSource(urlPath: string) {
  n++;
  // A query string keeps feed URLs unique while several sources share a route.
  return db.source.create({ data: { slug: `s${n}`, title: `Source ${n}`, feedUrl: fx.url(`${urlPath}?source=${n}`) } });
}

beforeAll(async () => {
  fx = await startFixtureServer();
  fx.serveFile("/good.xml", path.join(REAL, "miniflux", "large_rss.xml"));
  fx.serveFile("/same-story-a.xml", path.join(REAL, "feedjira", "TechCrunch.xml"));
  fx.serveFile("/same-story-b.xml", path.join(REAL, "feedjira", "TechCrunch.xml"), { validators: false });
});
afterAll(async () => {
  await fx?.close();
});

describe("polling a well-behaved feed", () => {
  it("stores its entries once, then uses conditional GET, then writes nothing for an unchanged body", async () => {
    const s = await addSource("/good.xml");
    const first = await pollSource(s.id);
    expect(first).toMatchObject({ outcome: "ok", httpStatus: 200, newArticles: 25 });
    expect(await db.article.count({ where: { sourceId: s.id } })).toBe(25);
    const after1 = await db.source.findUniqueOrThrow({ where: { id: s.id } });
    expect(after1.etag).toBeTruthy();
    expect(after1.errorCount).toBe(0);
    expect(after1.nextCheckAt.getTime()).toBeGreaterThanOrEqual(Date.now() + 4.4 * 60_000);

    const second = await pollSource(s.id);
    expect(second).toMatchObject({ outcome: "not_modified", httpStatus: 304, newArticles: 0 });
    expect(fx.lastRequest("/good.xml")?.headers["if-none-match"]).toBe(after1.etag);

    // Same bytes, but the client forgot its validators: nothing new, nothing updated.
    await db.source.update({ where: { id: s.id }, data: { etag: null, lastModified: null } });
    const third = await pollSource(s.id);
    expect(third).toMatchObject({ outcome: "ok", newArticles: 0, updatedArticles: 0 });
    expect(await db.article.count({ where: { sourceId: s.id } })).toBe(25);

    const logs = await db.fetchLog.findMany({ where: { sourceId: s.id }, orderBy: { id: "asc" } });
    expect(logs.map((l) => [l.outcome, l.httpStatus, l.newItems, l.bytes !== null, l.error])).toEqual([
      ["ok", 200, 25, true, null],
      ["not_modified", 304, 0, false, null],
      ["ok", 200, 0, true, null],
    ]);
  });

  it("updates an entry whose content changed, in place, with its new tags", async () => {
    const feed = (title: string, tag: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Edits</title><link>http://edits.example/</link>
      <item><guid>e1</guid><title>${title}</title><link>http://edits.example/1?utm_source=x</link><category>${tag}</category><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate><description>Body one.</description></item>
      <item><guid>e2</guid><title>Stays</title><link>http://edits.example/2</link><pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate><description>Body two.</description></item>
      </channel></rss>`;
    fx.serveBody("/edits.xml", feed("First title", "alpha"), { validators: false });
    const s = await addSource("/edits.xml");
    expect(await pollSource(s.id)).toMatchObject({ outcome: "ok", newArticles: 2, updatedArticles: 0 });
    const before = await db.article.findFirstOrThrow({ where: { sourceId: s.id, entryKey: "e1" } });
    expect(before.canonicalUrl).toBe("http://edits.example/1");

    fx.serveBody("/edits.xml", feed("Corrected title", "beta"), { validators: false });
    expect(await pollSource(s.id, { force: true })).toMatchObject({ outcome: "ok", newArticles: 0, updatedArticles: 1 });
    const after = await db.article.findFirstOrThrow({ where: { sourceId: s.id, entryKey: "e1" } });
    expect(after.id).toBe(before.id);
    expect(after.title).toBe("Corrected title");
    expect(after.publishedAt.toISOString()).toBe("2026-11-23T10:00:00.000Z");
    expect(after.tags).toEqual(["beta"]);
    expect(await db.article.count({ where: { sourceId: s.id } })).toBe(2);
  });

  it("recognises the same story through two sources by canonical URL", async () => {
    const a = await addSource("/same-story-a.xml");
    const b = await addSource("/same-story-b.xml");
    await pollSource(a.id);
    await pollSource(b.id);
    const bArticles = await db.article.findMany({ where: { sourceId: b.id }, select: { duplicateOfId: true, canonicalUrl: true } });
    expect(bArticles.length).toBeGreaterThan(0);
    expect(bArticles.every((x) => x.duplicateOfId !== null)).toBe(true);
    const primaries = await db.article.count({ where: { sourceId: a.id, duplicateOfId: null } });
    expect(primaries).toBe(bArticles.length);

    // A third copy points at the first source's primary, never at the second's duplicate.
    const c = await addSource("/same-story-a.xml");
    await pollSource(c.id);
    const aByUrl = new Map((await db.article.findMany({ where: { sourceId: a.id }, select: { id: true, canonicalUrl: true } })).map((x) => [x.canonicalUrl, x.id]));
    const cArticles = await db.article.findMany({ where: { sourceId: c.id }, select: { duplicateOfId: true, canonicalUrl: true } });
    expect(cArticles.length).toBe(bArticles.length);
    for (const x of cArticles) expect(x.duplicateOfId).toBe(aByUrl.get(x.canonicalUrl));
  });
});

describe("hostile and failing servers", () => {
  const cases: [string, string, string, RegExp | null][] = [
    ["a gzip bomb", "/hostile/gzip-bomb", "error", /larger than|limit|cap|too large/i],
    ["an endless body", "/hostile/endless", "error", /larger than|limit|cap|too large/i],
    ["a byte-a-second trickle", "/hostile/trickle", "error", /within 3000 ms/],
    ["a redirect loop", "/hostile/redirect-loop", "error", /redirect/i],
    ["a redirect to the metadata address", "/hostile/redirect-metadata", "refused", /169\.254\.169\.254/],
    ["HTTP 500", "/status/500", "error", /500/],
    ["HTTP 404", "/status/404", "error", /404/],
  ];

  it.each(cases)("%s (%s) ends with outcome %s recorded on the source", async (_name, urlPath, outcome, message) => {
    const s = await addSource(urlPath);
    const rssBefore = process.memoryUsage().rss;
    const result = await pollSource(s.id);
    expect(result.outcome).toBe(outcome);
    if (message) expect(result.error).toMatch(message);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
    const after = await db.source.findUniqueOrThrow({ where: { id: s.id } });
    expect(after.errorCount).toBe(1);
    expect(after.lastError).toMatch(message ?? /./);
    expect(after.status).toBe("active");
    const logs = await db.fetchLog.findMany({ where: { sourceId: s.id } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ outcome, newItems: 0 });
    expect(logs[0]!.error).toMatch(message ?? /./);
  });

  it("refuses a loopback source outside the allow-list", async () => {
    const s = await addSource("/good.xml");
    const result = await pollSource(s.id, { fetchOptions: { allowCidrs: "" } });
    expect(result.outcome).toBe("refused");
    expect(result.error).toMatch(/127\.0\.0\.1/);
    expect(await db.article.count({ where: { sourceId: s.id } })).toBe(0);
  });

  it("backs off exponentially on repeated errors", async () => {
    const s = await addSource("/status/500");
    const gaps: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = Date.now();
      await pollSource(s.id, { force: true });
      const src = await db.source.findUniqueOrThrow({ where: { id: s.id } });
      gaps.push((src.nextCheckAt.getTime() - before) / 60_000);
    }
    expect((await db.source.findUniqueOrThrow({ where: { id: s.id } })).errorCount).toBe(3);
    // 5, 10, 20 minutes, each ±10 % jitter
    expect(gaps[0]).toBeGreaterThan(4.4);
    expect(gaps[1]).toBeGreaterThan(gaps[0]! * 1.5);
    expect(gaps[2]).toBeGreaterThan(gaps[1]! * 1.5);
  });

  it("honours 429 Retry-After without counting it as an error", async () => {
    const s = await addSource("/status/429");
    const before = Date.now();
    const result = await pollSource(s.id);
    expect(result).toMatchObject({ outcome: "rate_limited", httpStatus: 429 });
    const src = await db.source.findUniqueOrThrow({ where: { id: s.id } });
    expect(src.errorCount).toBe(0);
    expect(src.nextCheckAt.getTime()).toBeGreaterThanOrEqual(before + 120_000);
  });

  it("treats 304 as not modified and 410 as gone (and stops polling it)", async () => {
    const a = await addSource("/status/304");
    expect((await pollSource(a.id)).outcome).toBe("not_modified");
    const g = await addSource("/status/410");
    expect((await pollSource(g.id)).outcome).toBe("gone");
    expect((await db.source.findUniqueOrThrow({ where: { id: g.id } })).status).toBe("gone");
    expect((await pollSource(g.id)).outcome).toBe("gone");
    expect(fx.hits("/status/410")).toBe(1);
  });

  it("never expands entity bombs or reads local files through external entities", async () => {
    for (const p of ["/hostile/billion-laughs", "/hostile/xxe"]) {
      const s = await addSource(p);
      const result = await pollSource(s.id);
      expect(["ok", "error"]).toContain(result.outcome);
      const stored = await db.article.findMany({ where: { sourceId: s.id }, select: { title: true, excerpt: true, contentHtml: true } });
      const text = JSON.stringify(stored);
      expect(text).not.toMatch(/root:x:0:0/);
      expect(text.length).toBeLessThan(100_000);
    }
  });

  it("keeps repeated guids as distinct articles and survives invalid bytes", async () => {
    const r = await addSource("/hostile/repeated-guids");
    const result = await pollSource(r.id);
    expect(result.outcome).toBe("ok");
    const keys = (await db.article.findMany({ where: { sourceId: r.id }, select: { entryKey: true } })).map((a) => a.entryKey);
    expect(keys.length).toBeGreaterThan(1);
    expect(new Set(keys).size).toBe(keys.length);
    expect((await pollSource(r.id, { force: true })).newArticles).toBe(0);

    const bad = await addSource("/hostile/invalid-bytes");
    expect(["ok", "error"]).toContain((await pollSource(bad.id)).outcome);
  });

  it("keeps polling the healthy sources while others misbehave", async () => {
    const healthy = await addSource("/good.xml");
    const hostile = await Promise.all(["/hostile/trickle", "/hostile/gzip-bomb", "/status/500"].map(addSource));
    const outcomes = await mapPool([healthy, ...hostile], 4, (s) => pollSource(s.id));
    expect(outcomes[0]).toMatchObject({ outcome: "ok", newArticles: 25 });
    expect(outcomes.slice(1).map((o) => o.outcome)).toEqual(["error", "error", "error"]);
  });
});

describe("the byte budget", () => {
  it("holds a feed's bytes from parse to commit, serialises feeds that do not fit together, and is released on every outcome", async () => {
    const { ByteBudget } = await import("../../lib/ingest/byte-budget");
    const { parseInProcess } = await import("../../lib/ingest/parse-job");
    const goodBytes = (await import("node:fs")).statSync(path.join(REAL, "miniflux", "large_rss.xml")).size;
    // Room for one feed at a time: the second waits for the first's transaction.
    const budget = new ByteBudget(goodBytes + 10);
    let parsing = 0;
    let peak = 0;
    const seen: number[] = [];
    const committedBefore: number[] = [];
    let watched: number[] = [];
    const parser: typeof parseInProcess = async (job) => {
      parsing++;
      peak = Math.max(peak, parsing);
      seen.push(budget.inUse);
      committedBefore.push(await db.fetchLog.count({ where: { sourceId: { in: watched } } }));
      await new Promise((r) => setTimeout(r, 50));
      try {
        return await parseInProcess(job);
      } finally {
        parsing--;
      }
    };
    const sources = [await addSource("/good.xml"), await addSource("/good.xml")];
    watched = sources.map((s) => s.id);
    const outcomes = await Promise.all(sources.map((s) => pollSource(s.id, { parser, budget })));
    expect(outcomes.map((o) => o.outcome)).toEqual(["ok", "ok"]);
    expect(outcomes.map((o) => o.newArticles)).toEqual([25, 25]);
    expect(peak).toBe(1);
    expect(seen).toEqual([goodBytes, goodBytes]);
    // The second feed was parsed only after the first one's transaction had committed.
    expect(committedBefore).toEqual([0, 1]);
    expect(budget.inUse).toBe(0);

    // a body that does not parse, and a fetch that fails before any body: nothing is left held
    fx.serveBody("/not-a-feed.html", "<html><body>hello</body></html>");
    expect(await pollSource((await addSource("/not-a-feed.html")).id, { parser, budget })).toMatchObject({ outcome: "error" });
    expect(await pollSource((await addSource("/status/500")).id, { parser, budget })).toMatchObject({ outcome: "error", httpStatus: 500 });
    expect(budget.inUse).toBe(0);
    expect(budget.waitingCount).toBe(0);
  });
});

describe("polling through parse threads", () => {
  it("stores the same articles as parsing in process, and records a parse over its time limit as that source's error", async () => {
    const { ParsePool } = await import("../../lib/ingest/parse-pool");
    const pool = new ParsePool({ threads: 1 });
    const hurried = new ParsePool({ threads: 1, timeoutMs: 100 });
    try {
      const inProcess = await pollSource((await addSource("/good.xml")).id);
      const viaPool = await pollSource((await addSource("/good.xml")).id, { parser: pool.parse });
      expect(viaPool).toMatchObject({ outcome: "ok", httpStatus: 200, newArticles: inProcess.newArticles });
      expect(viaPool.newArticles).toBeGreaterThan(0);

      const items = Array.from({ length: 6000 }, (_, i) => `<item><guid>g${i}</guid><title>T${i}</title><description>${"words ".repeat(90)}</description></item>`);
      fx.serveBody("/slow-to-parse.xml", `<rss version="2.0"><channel><title>Big</title>${items.join("")}</channel></rss>`);
      const slow = await addSource("/slow-to-parse.xml");
      const outcome = await pollSource(slow.id, { parser: hurried.parse });
      expect(outcome).toMatchObject({ outcome: "error", httpStatus: 200, newArticles: 0 });
      expect(outcome.error).toBe("not a usable feed: parsing took longer than 0.1 s");
      const row = await db.source.findUniqueOrThrow({ where: { id: slow.id } });
      expect(row.errorCount).toBe(1);
      expect(row.lastError).toBe("not a usable feed: parsing took longer than 0.1 s");
      expect(await db.fetchLog.count({ where: { sourceId: slow.id, outcome: "error" } })).toBe(1);
      expect(await db.article.count({ where: { sourceId: slow.id } })).toBe(0);

      // the replacement thread serves the next poll
      fx.serveBody("/tiny.xml", `<rss version="2.0"><channel><title>Tiny</title><item><guid>t1</guid><title>One</title></item></channel></rss>`);
      const tiny = await addSource("/tiny.xml");
      expect(await pollSource(tiny.id, { parser: hurried.parse })).toMatchObject({ outcome: "ok", newArticles: 1 });
    } finally {
      await pool.close();
      await hurried.close();
    }
  });
});
