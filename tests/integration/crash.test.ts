/**
 * A poller killed mid-run (SIGKILL: no chance to clean up) loses nothing it had
 * committed and leaves nothing half-written: each source's articles, fetch state
 * and fetch-log row commit together or not at all, and the next run completes.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server";
import { REAL_FEEDS_DIR } from "../helpers/corpus";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const REAL = REAL_FEEDS_DIR;
const SOURCES = 40;
let fx: FixtureServer;

function runPoller(): { done: Promise<number | null>; kill: () => void; lines: () => string[] } {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", "poll", "--once", "--all", "--no-related", "--concurrency", "2"], {
    cwd: ROOT,
    env: { ...process.env, FEED_FETCH_ALLOW_CIDRS: "127.0.0.1/32", LOG_LEVEL: "warn", WORKER_PER_HOST_CONCURRENCY: "2" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  return {
    done: new Promise((resolve) => child.on("exit", (code) => resolve(code))),
    kill: () => child.kill("SIGKILL"),
    lines: () => out.split("\n").filter(Boolean),
  };
}

async function consistency() {
  const sources = await db.source.findMany({ include: { _count: { select: { articles: true, fetchLogs: true } } } });
  return sources.map((s) => ({
    fetched: s.lastFetchedAt !== null,
    articles: s._count.articles,
    logs: s._count.fetchLogs,
  }));
}

beforeAll(async () => {
  fx = await startFixtureServer();
  // The big podcast feed (730 items) makes each poll take a while, so the kill lands mid-run.
  fx.serveFile("/big.xml", path.join(REAL, "rss-parser", "giantbomb-podcast.rss"));
  for (let i = 0; i < SOURCES; i++) {
    await db.source.create({ data: { slug: `c${i}`, title: `C${i}`, feedUrl: fx.url(`/big.xml?copy=${i}`) } });
  }
});
afterAll(async () => fx?.close());

describe("a poller killed mid-run", () => {
  it("leaves every source either fully written or untouched, and the next run finishes the rest", async () => {
    const first = runPoller();
    // Kill once a few polls have committed (each prints its line after its commit).
    const deadline = Date.now() + 120_000;
    while (first.lines().length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    first.kill();
    await first.done;
    const committed = first.lines().length;
    expect(committed).toBeGreaterThanOrEqual(3);
    expect(committed).toBeLessThan(SOURCES);

    const afterKill = await consistency();
    for (const s of afterKill) {
      if (s.fetched) expect(s).toEqual({ fetched: true, articles: 730, logs: 1 });
      else expect(s).toEqual({ fetched: false, articles: 0, logs: 0 });
    }
    const fetchedAfterKill = afterKill.filter((s) => s.fetched).length;
    expect(fetchedAfterKill).toBeGreaterThanOrEqual(committed);

    const second = runPoller();
    expect(await second.done).toBe(0);
    const final = await consistency();
    expect(final.every((s) => s.fetched && s.articles === 730)).toBe(true);
    // Sources done before the kill were re-polled with validators and wrote nothing new.
    expect(await db.article.count()).toBe(SOURCES * 730);
  }, 240_000);
});
