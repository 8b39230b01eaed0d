/**
 * The worker process exactly as `npm run worker` starts it (package.json's script,
 * through the shell): its heap flags take effect, it beats and polls, and SIGTERM
 * stops it cleanly, releasing its heartbeat and leaving no job active.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server";
import { REAL_FEEDS_DIR } from "../helpers/corpus";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const REAL = REAL_FEEDS_DIR;
const script = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.worker!;

let fx: FixtureServer;
let child: ChildProcess | undefined;

beforeAll(async () => {
  fx = await startFixtureServer();
  fx.serveFile("/feed.xml", path.join(REAL, "miniflux", "large_rss.xml"));
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await fx?.close();
});

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("npm run worker", () => {
  it("runs under WORKER_HEAP_MB, polls, beats, and stops on SIGTERM leaving nothing behind", async () => {
    const source = await db.source.create({ data: { slug: "wp", title: "WP", feedUrl: fx.url("/feed.xml") } });
    // exec: the shell is replaced by node, so the signal reaches the worker itself.
    child = spawn("sh", ["-c", `exec ${script}`], {
      cwd: ROOT,
      env: { ...process.env, FEED_FETCH_ALLOW_CIDRS: "127.0.0.1/32", LOG_LEVEL: "info", NODE_ENV: "production", WORKER_HEAP_MB: "300" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child!.on("exit", (code) => resolve(code)));
    const lines = () => out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);

    await until(() => lines().some((l) => l.msg === "worker started"), "the worker to start");
    const started = lines().find((l) => l.msg === "worker started")!;
    // --max-old-space-size=300 plus the young generation's few MB.
    expect(started.heapLimitMb).toBeGreaterThanOrEqual(300);
    expect(started.heapLimitMb).toBeLessThanOrEqual(300 + 64);
    expect(out).not.toContain("not running under its configured heap limit");

    await until(async () => (await db.source.findUniqueOrThrow({ where: { id: source.id } })).lastFetchedAt !== null, "the poll");
    expect(await db.article.count({ where: { sourceId: source.id } })).toBe(25);
    expect(await db.workerHeartbeat.count({ where: { pid: child.pid! } })).toBe(1);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(await db.workerHeartbeat.count()).toBe(0);
    const active = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE state = 'active'`;
    expect(active[0]!.n).toBe(0);
    expect(out).toContain("worker stopping");
  }, 120_000);
});
