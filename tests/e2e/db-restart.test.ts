/**
 * The database goes away under load and comes back (issue 12, "Survives its database
 * going away"). The test owns its Postgres cluster (embedded, on its own port and data
 * folder) so it can stop and start it; it runs two web processes (RUN_WORKER=false, the
 * shared build in .next) and two worker processes as users run them, against fixture
 * feeds on loopback.
 *
 * While both webs serve a steady load of reads (logged-out and member, so some requests
 * are answered from the page store and some must reach the database) and both workers
 * poll, Postgres is stopped for a few seconds and started again. No request may outlive
 * REQUEST_TIMEOUT_MS, every answer is 200 or 503, and afterwards both webs answer 200 and
 * both workers poll again without being restarted. One poll is in flight when the
 * database stops (its feed answers only once the database is down), so its write fails;
 * one feed gains an item while the database is down. At the end every source's articles
 * are exactly its feed's items, once each.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePath } from "../../lib/articles/paths";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../lib/db/embedded";
import { migrateDatabase } from "../../lib/db/migrate";
import { freePort, startApp, type RunningApp } from "../helpers/app-server";
import { startFixtureServer, type FixtureServer } from "../helpers/fixture-server";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const WORKER_SCRIPT = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.worker!;
const AUTH_SECRET = "db-restart-secret-db-restart-secret-0123456789";
// A request that takes longer than this counts as hung.
const REQUEST_TIMEOUT_MS = 15_000;
// How long the database stays down.
const OUTAGE_MS = 6_000;
const SOURCES = 8;
const ITEMS_PER_FEED = 4;
const SLOW = 0; // index of the source whose poll is in flight when the database stops
const GAINS = 1; // index of the source whose feed gains an item while the database is down

let dataDir: string;
let pgPort: number;
let cluster: EmbeddedDatabase | undefined;
let fx: FixtureServer;
const webs: RunningApp[] = [];
const workers: { child: ChildProcess; output: () => string }[] = [];

interface FeedItem {
  guid: string;
  title: string;
}
const feeds: FeedItem[][] = [];

function rss(i: number): string {
  const items = feeds[i]!.map(
    (it, n) =>
      `<item><title>${it.title}</title><link>http://feeds.example.org/s${i}/${it.guid}</link><guid>${it.guid}</guid>` +
      `<pubDate>${new Date(Date.UTC(2026, 11, 1, 12, n)).toUTCString()}</pubDate><description>Item ${n} of source ${i}.</description></item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Restart source ${i}</title><link>http://feeds.example.org/s${i}/</link>${items.join("")}</channel></rss>`;
}

async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: cluster!.url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // the database may be starting; try again
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function startWorker(n: number): { child: ChildProcess; output: () => string } {
  // exec: the shell is replaced by node, so signals reach the worker itself.
  const child = spawn("sh", ["-c", `exec ${WORKER_SCRIPT}`], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: cluster!.url,
      FEED_FETCH_ALLOW_CIDRS: "127.0.0.1/32",
      // The in-flight poll's feed answers only after the database has stopped.
      FEED_FETCH_TIMEOUT_MS: "60000",
      LOG_LEVEL: "info",
      NODE_ENV: "production",
      PARSE_THREADS: "0",
      WORKER_CONCURRENCY: "4",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  child.on("exit", (code, signal) => (out += `\n[worker ${n} exited: ${code ?? signal}]\n`));
  return { child, output: () => out };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "readahead-db-restart-"));
  // As root the server runs as the OS user postgres, which must reach the folder.
  chmodSync(dataDir, 0o755);
  pgPort = await freePort();
  cluster = await startEmbeddedDatabase({ dataDir, port: pgPort, database: "restart" });
  await migrateDatabase(cluster.url);
  fx = await startFixtureServer();
}, 120_000);

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
  await Promise.all(webs.map((w) => w.stop()));
  await fx?.close();
  await cluster?.stop().catch(() => {});
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Tally {
  byStatus: Map<string, number>;
  maxLatencyMs: number;
  unexpected: string[];
}

/** Requests `paths` in turn against `baseUrl` until `stop` is set, counting what comes back. */
async function readLoop(baseUrl: string, paths: string[], headers: Record<string, string>, tally: Tally, stop: { now: boolean }): Promise<void> {
  for (let i = 0; !stop.now; i++) {
    const p = paths[i % paths.length]!;
    const started = performance.now();
    let outcome: string;
    try {
      const res = await fetch(baseUrl + p, { headers, redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const body = await res.text();
      outcome = String(res.status);
      if (res.status !== 200 && res.status !== 503) tally.unexpected.push(`${res.status} ${baseUrl}${p} ${body.slice(0, 200)}`);
      if (res.status === 503) {
        if (!res.headers.get("retry-after")) tally.unexpected.push(`503 without Retry-After: ${baseUrl}${p}`);
        const isPage = (res.headers.get("content-type") ?? "").startsWith("text/html");
        if (isPage && !/database is unreachable/i.test(body)) tally.unexpected.push(`503 page without the explanation: ${baseUrl}${p} ${body.slice(0, 200)}`);
      }
    } catch (err) {
      outcome = (err as Error).name === "TimeoutError" ? "timeout" : "error";
      tally.unexpected.push(`${outcome} ${baseUrl}${p}: ${(err as Error).message}`);
    }
    tally.maxLatencyMs = Math.max(tally.maxLatencyMs, performance.now() - started);
    tally.byStatus.set(outcome, (tally.byStatus.get(outcome) ?? 0) + 1);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the database restarts under two webs and two workers", () => {
  it("answers 200 or 503, never hangs, and every process recovers by itself with nothing lost or duplicated", async () => {
    // --- sources and their feeds -------------------------------------------------------
    for (let i = 0; i < SOURCES; i++) {
      feeds.push(Array.from({ length: ITEMS_PER_FEED }, (_, n) => ({ guid: `s${i}-item-${n}`, title: `Restart source ${i} item ${n}` })));
      if (i !== SLOW) fx.serveBody(`/feeds/s${i}.xml`, rss(i), { contentType: "application/rss+xml" });
    }
    // The slow feed holds its first request until the database is down.
    let releaseSlow!: () => void;
    const slowReleased = new Promise<void>((r) => (releaseSlow = r));
    let slowRequests = 0;
    fx.route(`/feeds/s${SLOW}.xml`, async (_req, res) => {
      slowRequests++;
      if (slowRequests === 1) await slowReleased;
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.end(rss(SLOW));
    });
    const sourceIds = await withDb(async (c) => {
      const ids: number[] = [];
      for (let i = 0; i < SOURCES; i++) {
        // The slow source comes due only once the load runs (see below).
        const r = await c.query<{ id: number }>(
          `INSERT INTO sources (slug, title, "feedUrl", "updatedAt", "nextCheckAt") VALUES ($1, $2, $3, now(), now() + $4::interval) RETURNING id`,
          [`restart-s${i}`, `Restart source ${i}`, fx.url(`/feeds/s${i}.xml`), i === SLOW ? "1 day" : "0 seconds"],
        );
        ids.push(r.rows[0]!.id);
      }
      return ids;
    });
    const member = await withDb(async (c) => {
      const user = await c.query<{ id: string }>(
        `INSERT INTO users (id, handle, email, "updatedAt") VALUES (gen_random_uuid()::text, 'restartreader', 'restartreader@example.org', now()) RETURNING id`,
      );
      const sid = "restart-session-" + Math.random().toString(36).slice(2);
      await c.query(`INSERT INTO sessions (id, "sessionToken", "userId", expires) VALUES (gen_random_uuid()::text, $1, $2, now() + interval '1 day')`, [sid, user.rows[0]!.id]);
      return { id: user.rows[0]!.id, sid };
    });
    const cookie = `next-auth.session-token=${await encode({ token: { sub: member.id, name: "restartreader", sid: member.sid }, secret: AUTH_SECRET, maxAge: 86400 })}`;

    // --- two webs, two workers ---------------------------------------------------------
    const webEnv = { DATABASE_URL: cluster!.url, RUN_WORKER: "false", AUTH_SECRET, LOG_LEVEL: "warn" };
    // One after the other: startApp bundles the web server into one file under .next.
    webs.push(await startApp(webEnv));
    webs.push(await startApp(webEnv));
    workers.push(startWorker(1), startWorker(2));

    // Every due source is fetched exactly once by the two workers.
    await until(async () => {
      const polled = await withDb((c) => c.query<{ n: number }>(`SELECT count(*)::int AS n FROM sources WHERE "lastFetchedAt" IS NOT NULL`));
      return polled.rows[0]!.n === SOURCES - 1;
    }, "the first polls");
    await new Promise((r) => setTimeout(r, 2_000)); // room for a second fetch, were there one
    for (let i = 0; i < SOURCES; i++) expect(fx.hits(`/feeds/s${i}.xml`), `fetches of source ${i}`).toBe(i === SLOW ? 0 : 1);

    const article = await withDb(async (c) => (await c.query<{ id: number; title: string }>(`SELECT id, title FROM articles ORDER BY id LIMIT 1`)).rows[0]!);
    const readPaths = ["/", "/new", articlePath(article), "/api/health"];
    const memberPaths = ["/", "/new", articlePath(article)];
    for (const web of webs) {
      for (const p of readPaths) expect((await fetch(web.baseUrl + p)).status, `${web.baseUrl}${p} before the restart`).toBe(200);
    }

    // --- a steady load of reads on both webs ---------------------------------------------
    const tallies = webs.map((): Tally => ({ byStatus: new Map(), maxLatencyMs: 0, unexpected: [] }));
    const stop = { now: false };
    const loops = webs.flatMap((web, w) => [
      readLoop(web.baseUrl, readPaths, {}, tallies[w]!, stop),
      readLoop(web.baseUrl, memberPaths, { cookie }, tallies[w]!, stop),
    ]);
    // The slow source comes due; its poll is in flight once its feed has been asked for
    // (a worker's enqueue pass runs every 15 s).
    await withDb((c) => c.query(`UPDATE sources SET "nextCheckAt" = now() WHERE id = $1`, [sourceIds[SLOW]]));
    await until(() => slowRequests === 1, "the slow source's poll to start");

    // --- Postgres goes away -------------------------------------------------------------
    await cluster!.stop();
    cluster = undefined;
    const downAt = Date.now();
    // The in-flight poll now gets its feed, and its write finds no database.
    releaseSlow();
    // A feed gains an item while nothing can poll it.
    feeds[GAINS]!.push({ guid: `s${GAINS}-item-late`, title: `Restart source ${GAINS} late item` });
    fx.serveBody(`/feeds/s${GAINS}.xml`, rss(GAINS), { contentType: "application/rss+xml" });
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - downAt))));
    const healthWhileDown = await Promise.all(
      webs.map(async (web) => {
        const res = await fetch(`${web.baseUrl}/api/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        return { status: res.status, body: (await res.json()) as { database: { status: string } } };
      }),
    );

    // --- Postgres comes back ------------------------------------------------------------
    cluster = await startEmbeddedDatabase({ dataDir, port: pgPort, database: "restart" });
    const restartedAt = await withDb(async (c) => (await c.query<{ now: Date }>(`SELECT (now() AT TIME ZONE 'UTC')::timestamp(3) AS now`)).rows[0]!.now);
    // Sources come due again, so the workers must poll after the restart.
    await withDb((c) => c.query(`UPDATE sources SET "nextCheckAt" = now() - interval '1 second' WHERE id <> $1`, [sourceIds[SLOW]]));

    // Both webs serve 200 again, to readers and members, without being restarted.
    for (const web of webs) {
      for (const p of readPaths) {
        await until(async () => (await fetch(web.baseUrl + p, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })).status === 200, `${web.baseUrl}${p} to recover`);
      }
      for (const p of memberPaths) {
        await until(async () => (await fetch(web.baseUrl + p, { headers: { cookie }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })).status === 200, `${web.baseUrl}${p} to recover for members`);
      }
    }
    await new Promise((r) => setTimeout(r, 2_000));
    stop.now = true;
    await Promise.all(loops);

    // --- what was seen -------------------------------------------------------------------
    webs.forEach((web, w) => {
      const t = tallies[w]!;
      const counts = Object.fromEntries([...t.byStatus].sort());
      console.log(`db-restart: web ${w + 1} (${web.baseUrl}): ${JSON.stringify(counts)}, max latency ${Math.round(t.maxLatencyMs)} ms`);
    });
    console.log(`db-restart: /api/health while down: ${healthWhileDown.map((h) => `${h.status} database ${h.body.database.status}`).join(", ")}`);

    for (const t of tallies) expect(t.unexpected).toEqual([]);
    // The outage was seen: not every answer came from a store.
    expect(tallies.reduce((n, t) => n + (t.byStatus.get("503") ?? 0), 0)).toBeGreaterThan(0);
    for (const h of healthWhileDown) {
      expect(h.status).toBe(503);
      expect(h.body.database.status).toBe("down");
    }
    for (const web of webs) expect(web.process.exitCode, "a web process exited").toBeNull();

    // Both workers poll again: the late item and the in-flight poll's articles arrive, every
    // source is polled after the restart, and each worker beats again.
    const workerPids = workers.map((w) => w.child.pid!);
    const workersLog = () => workers.map((w, n) => `--- worker ${n + 1}, last lines:\n${w.output().split("\n").slice(-15).join("\n")}`).join("\n");
    await until(
      async () =>
        withDb(async (c) => {
          const late = await c.query(`SELECT 1 FROM articles WHERE "entryKey" = $1`, [`s${GAINS}-item-late`]);
          const slow = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM articles WHERE "sourceId" = $1`, [sourceIds[SLOW]]);
          const stale = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM sources WHERE "lastFetchedAt" IS NULL OR "lastFetchedAt" < $1`, [restartedAt]);
          const beats = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM worker_heartbeats WHERE pid = ANY($1) AND "beatAt" >= $2`, [workerPids, restartedAt]);
          return late.rowCount === 1 && slow.rows[0]!.n === ITEMS_PER_FEED && stale.rows[0]!.n === 0 && beats.rows[0]!.n === 2;
        }),
      "both workers to poll and beat again",
      90_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${workersLog()}`);
    });

    for (const [n, w] of workers.entries()) expect(w.child.exitCode, `worker ${n + 1} exited:\n${w.output().slice(-3000)}`).toBeNull();

    // Every source's articles are exactly its feed's items, once each.
    const stored = await withDb(async (c) =>
      (await c.query<{ sourceId: number; entryKey: string; title: string }>(`SELECT "sourceId", "entryKey", title FROM articles ORDER BY "sourceId", "entryKey"`)).rows,
    );
    for (let i = 0; i < SOURCES; i++) {
      const got = stored.filter((a) => a.sourceId === sourceIds[i]).map((a) => `${a.entryKey} ${a.title}`).sort();
      const want = feeds[i]!.map((it) => `${it.guid} ${it.title}`).sort();
      expect(got, `articles of source ${i}`).toEqual(want);
    }
    expect(stored.length).toBe(SOURCES * ITEMS_PER_FEED + 1);
  }, 300_000);
});
