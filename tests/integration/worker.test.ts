/**
 * The worker as deployed: two worker processes' worth of consumers on one
 * database share the due sources through the job queue, and none is fetched twice.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../lib/env";
import { db, pgPool } from "../../lib/db";
import { startWorker, type RunningWorker } from "../../jobs/worker";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server";
import { REAL_FEEDS_DIR } from "../helpers/corpus";

process.env.FEED_FETCH_ALLOW_CIDRS = "127.0.0.1/32";
process.env.WORKER_CONCURRENCY = "4";
resetEnvCache();

const REAL = REAL_FEEDS_DIR;
const FEEDS = ["miniflux/large_rss.xml", "miniflux/large_atom.xml", "feedjira/TechCrunch.xml", "rss-parser/guardian.rss", "miniflux/rdf_UTF8.xml", "feedjira/json_feed.json"];
let fx: FixtureServer;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  fx = await startFixtureServer();
  for (const [i, f] of FEEDS.entries()) {
    fx.serveFile(`/feed-${i}`, path.join(REAL, f));
    await db.source.create({ data: { slug: `w${i}`, title: `W${i}`, feedUrl: fx.url(`/feed-${i}`) } });
  }
  await db.source.create({ data: { slug: "broken", title: "Broken", feedUrl: fx.url("/status/500") } });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await fx?.close();
});

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("the worker", () => {
  it("polls every due source exactly once across two workers, then computes related coverage", async () => {
    workers.push(await startWorker({ db: pgPool, workerId: "a", enqueueIntervalMs: 300 }));
    workers.push(await startWorker({ db: pgPool, workerId: "b", enqueueIntervalMs: 300 }));
    await until(async () => (await db.source.count({ where: { lastFetchedAt: null } })) === 0);
    // Several enqueue passes ran in the meantime from both workers.
    await new Promise((r) => setTimeout(r, 1500));
    for (const i of FEEDS.keys()) expect(fx.hits(`/feed-${i}`)).toBe(1);
    expect(fx.hits("/status/500")).toBe(1);

    const sources = await db.source.findMany({ orderBy: { id: "asc" } });
    expect(sources.filter((s) => s.slug !== "broken").every((s) => s.errorCount === 0 && s.lastSuccessAt)).toBe(true);
    expect(sources.find((s) => s.slug === "broken")).toMatchObject({ errorCount: 1, status: "active" });
    expect(await db.article.count()).toBeGreaterThan(100);
    expect(await db.fetchLog.count()).toBe(FEEDS.length + 1);
    // New articles get a hot rank at insert and are queued for related coverage.
    expect(await db.article.count({ where: { hotRank: { lte: 0 } } })).toBe(0);
    await until(async () => {
      const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'compute-related' AND state <> 'completed'`;
      return Number(rows[0]!.n) === 0;
    });
    // Polls that added articles ask for the front page's source-cap placement (debounced,
    // within 60 s): six sources with hundreds of entries each, so it moves some.
    await until(async () => {
      const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'place-front' AND state = 'completed'`;
      return Number(rows[0]!.n) > 0;
    }, 45_000);
    expect(await db.article.count({ where: { frontRank: { not: null } } })).toBeGreaterThan(0);
  }, 150_000);

  it("stops gracefully, leaving no poll job active", async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    const active = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'poll-source' AND state = 'active'`;
    expect(Number(active[0]!.n)).toBe(0);
  });
});
