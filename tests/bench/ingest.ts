// npm run bench:ingest — ingestion throughput against the 30 real feeds of the
// corpus, served from loopback as many distinct sources. Prints figures; asserts
// no times. Measured in one run, so ratios compare like with like:
//   (a) bare parse: parseFeed over the same bytes (tests/bench/parse-pass.ts, a fresh process)
//   (b) cold ingest: `poll --once --all` in a fresh process (fetch, parse, normalize, store),
//       under the flags package.json's "readahead" script gives the command line (CLI_NODE_ARGS)
//   (c) re-poll where every server answers 304 (validators sent)
//   (d) re-poll with validators dropped: full bodies, unchanged content
//   (e) the worker itself (`npm run worker`: pg-boss, related coverage and all) doing the
//       cold ingest of (b) again, to its last related-coverage job: its wall time and
//       peak RSS (VmHWM), which is the figure the 300 MB target is about
// (a) and (b) are measured in pairs, BENCH_ROUNDS times (default 5; the articles are
// emptied between rounds), and the ratio reported is the median of the pairs' ratios:
// on these noisy machines one pair's ratio has been seen to move by a quarter. Every
// pair is printed. (b)-(d) are timed inside the child from its first poll (start-up
// excluded); the child reports its own peak RSS (getrusage maxrss).
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { startFixtureServer } from "../helpers/fixture-server";
import { createBenchDatabase, serverCpuSeconds } from "./bench-db";
import { runWorkerUntilDrained } from "./bench-worker";
import { CLI_NODE_ARGS } from "../../jobs/node-args";
import { CORPUS_DIR } from "../helpers/corpus";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const CORPUS = CORPUS_DIR;
const ALIASES = Number(process.env.BENCH_ALIASES ?? 12);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
// BENCH_ONLY=worker runs (e) alone (for working on the worker's memory; prints no (a)-(d) keys);
// BENCH_ONLY=cold runs the (a)+(b) rounds alone (for working on the ratio; no (c)-(e) keys).
const ONLY_WORKER = process.env.BENCH_ONLY === "worker";
const ONLY_COLD = process.env.BENCH_ONLY === "cold";
// Extra node flags for the worker of (e), after package.json's own, e.g. BENCH_WORKER_NODE_ARGS="--cpu-prof".
const WORKER_NODE_ARGS = (process.env.BENCH_WORKER_NODE_ARGS ?? "").split(" ").filter(Boolean);
// Extra node flags for the polling child, e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);

interface RealFeed { file: string; items: number }

/** The environment of the polling child and the worker: loopback feeds allowed, no per-host cap below CONCURRENCY. */
function childEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: databaseUrl, FEED_FETCH_ALLOW_CIDRS: "127.0.0.1/32", LOG_LEVEL: "warn", WORKER_PER_HOST_CONCURRENCY: String(CONCURRENCY), NODE_ENV: "production" };
}

async function pollAll(databaseUrl: string): Promise<{ ms: number; peakRssMb: number; cpuS: number; lines: { outcome: string; newArticles: number }[] }> {
  const child = spawn(process.execPath, [...CLI_NODE_ARGS, ...NODE_ARGS, "--import", "tsx", "scripts/cli.ts", "poll", "--once", "--all", "--no-related", "--stats", "--concurrency", String(CONCURRENCY)], {
    cwd: ROOT,
    env: childEnv(databaseUrl),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`poll exited ${code}: ${err}`);
  const statsLine = err.split("\n").find((l) => l.startsWith('{"stats"'));
  if (!statsLine) throw new Error(`poll printed no stats: ${err}`);
  const { stats } = JSON.parse(statsLine) as { stats: { pollMs: number; maxRssMb: number; cpuMs: number } };
  const lines = out.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
  return { ms: stats.pollMs, peakRssMb: stats.maxRssMb, cpuS: stats.cpuMs / 1000, lines };
}

/** (a): one cold parse pass over `list` in a fresh process. */
async function parsePass(listFile: string): Promise<{ items: number; parseMs: number; entries: number; parseNormalizeMs: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "tests/bench/parse-pass.ts", listFile], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production" },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

/** Empties what a cold ingest writes and makes every source new again. */
async function resetIngest(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`TRUNCATE articles, fetch_logs RESTART IDENTITY CASCADE`);
    await c.query(`UPDATE sources SET etag = NULL, "lastModified" = NULL, "lastFetchedAt" = NULL, "lastSuccessAt" = NULL,
                   "lastHttpStatus" = NULL, "errorCount" = 0, "lastError" = NULL, "nextCheckAt" = now()`);
    await c.query(`ANALYZE articles`);
  } finally {
    await c.end();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** (e): a real worker process ingests every source cold; returns when its queues are drained. */
function workerIngest(databaseUrl: string, expectedLogs: number) {
  return runWorkerUntilDrained({
    databaseUrl,
    env: { ...childEnv(databaseUrl), WORKER_CONCURRENCY: String(CONCURRENCY) },
    expectedLogs,
    limitMs: 10 * 60_000,
    nodeArgs: WORKER_NODE_ARGS,
  });
}

async function counts(url: string): Promise<{ articles: number; logs: number; updatedArticles: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT (SELECT count(*) FROM articles)::int AS articles, (SELECT count(*) FROM fetch_logs)::int AS logs,
      (SELECT count(*) FROM articles WHERE "updatedAt" > "createdAt" + interval '1 second')::int AS "updatedArticles"`);
    return rows[0];
  } finally {
    await c.end();
  }
}

async function main() {
  const feeds: RealFeed[] = JSON.parse(readFileSync(path.join(CORPUS, "reports", "real_feeds.json"), "utf8"));
  const fx = await startFixtureServer();
  fx.serveDir("/real", path.join(CORPUS, "feeds", "real").replace(/\/$/, ""));
  const db = await createBenchDatabase("readahead_bench_ingest");
  const sources: { url: string; file: string }[] = [];
  for (let a = 0; a < ALIASES; a++) {
    for (const f of feeds) {
      const rel = f.file.replace(/^feeds\/real\//, "");
      sources.push({ url: fx.url(`/real/~site${a}/${rel}`), file: path.join(CORPUS, f.file) });
    }
  }
  const expectedItems = ALIASES * feeds.reduce((n, f) => n + f.items, 0);

  const tmp = mkdtempSync(path.join(tmpdir(), "readahead-bench-"));
  const listFile = path.join(tmp, "sources.json");
  writeFileSync(listFile, JSON.stringify(sources));

  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await c.query(`INSERT INTO sources (slug, title, "feedUrl", "updatedAt") SELECT 'bench-' || i, 'Bench ' || i, u, now() FROM unnest($1::text[]) WITH ORDINALITY AS x(u, i)`, [sources.map((s) => s.url)]);
  await c.end();

  console.log(`sources: ${sources.length} (${feeds.length} real feeds × ${ALIASES} aliases), items expected ${expectedItems}, concurrency ${CONCURRENCY}, ${ROUNDS} rounds of (a)+(b)`);
  if (ONLY_WORKER) {
    const w = await workerIngest(db.url, sources.length);
    const { articles } = await counts(db.url);
    console.log(`(e) the worker: ${articles} articles from ${sources.length} sources within ${w.pollMs.toFixed(0)} ms of its start, related coverage done at ${w.drainedMs.toFixed(0)} ms; peak RSS ${w.peakRssMb.toFixed(0)} MB`);
    console.log(JSON.stringify({ sources: sources.length, items: articles, worker_ingest_items_per_s: Math.round(articles / (w.pollMs / 1000)), worker_peak_rss_mb: Math.round(w.peakRssMb) }));
    await fx.close();
    if (!process.env.BENCH_KEEP_DB) await db.drop();
    return;
  }
  const rounds: { parseRate: number; parseNormalizeRate: number; ingestRate: number; ratio: number }[] = [];
  let coldNew = 0;
  let coldPeakRss = 0;
  for (let r = 0; r < ROUNDS; r++) {
    if (r > 0) await resetIngest(db.url);
    // (a) bare parse of the same bytes
    const a = await parsePass(listFile);
    // (b) cold ingest
    const pgCpu0 = await serverCpuSeconds(db.url);
    const cold = await pollAll(db.url);
    const pgCpu1 = await serverCpuSeconds(db.url);
    coldNew = cold.lines.reduce((n, l) => n + l.newArticles, 0);
    const failures = cold.lines.filter((l) => l.outcome !== "ok");
    coldPeakRss = Math.max(coldPeakRss, cold.peakRssMb);
    const parseRate = a.items / (a.parseMs / 1000);
    const ingestRate = coldNew / (cold.ms / 1000);
    rounds.push({ parseRate, parseNormalizeRate: a.entries / (a.parseNormalizeMs / 1000), ingestRate, ratio: ingestRate / parseRate });
    console.log(
      `round ${r + 1}: (a) ${a.items} items parsed in ${a.parseMs.toFixed(0)} ms = ${parseRate.toFixed(0)} items/s ` +
        `(parse+normalize ${rounds.at(-1)!.parseNormalizeRate.toFixed(0)} items/s); (b) ${coldNew} new articles in ${cold.ms.toFixed(0)} ms = ` +
        `${ingestRate.toFixed(0)} items/s; ratio ${(ingestRate / parseRate).toFixed(2)}; non-ok polls ${failures.length}; peak RSS ${cold.peakRssMb.toFixed(0)} MB; ` +
        `CPU: poller ${cold.cpuS.toFixed(1)} s, database server ${pgCpu0 !== null && pgCpu1 !== null ? `${(pgCpu1 - pgCpu0).toFixed(1)} s` : "not measurable here"}`,
    );
  }
  rmSync(tmp, { recursive: true, force: true });
  const afterCold = await counts(db.url);
  const ratios = rounds.map((r) => r.ratio);
  const parseRate = median(rounds.map((r) => r.parseRate));
  const ingestRate = median(rounds.map((r) => r.ingestRate));
  const coldSummary = () => {
    console.log(`(a) bare parse:        median ${parseRate.toFixed(0)} items/s (parse+normalize: ${median(rounds.map((r) => r.parseNormalizeRate)).toFixed(0)} items/s)`);
    console.log(`(b) cold ingest:       median ${ingestRate.toFixed(0)} items/s; ratio (b)/(a): median ${median(ratios).toFixed(2)} (rounds ${ratios.map((x) => x.toFixed(2)).join(", ")}); articles after the last round ${afterCold.articles}; peak RSS ${coldPeakRss.toFixed(0)} MB`);
    return {
      sources: sources.length,
      items: coldNew,
      rounds: ROUNDS,
      parse_items_per_s: Math.round(parseRate),
      ingest_items_per_s: Math.round(ingestRate),
      ratio: Number(median(ratios).toFixed(3)),
      ratio_min: Number(Math.min(...ratios).toFixed(3)),
      ratio_max: Number(Math.max(...ratios).toFixed(3)),
    };
  };
  if (ONLY_COLD) {
    console.log(JSON.stringify({ ...coldSummary(), peak_rss_mb: Math.round(coldPeakRss) }));
    await fx.close();
    if (!process.env.BENCH_KEEP_DB) await db.drop();
    return;
  }

  // (c) every server answers 304
  const r304 = await pollAll(db.url);
  const after304 = await counts(db.url);

  // (d) validators dropped: full bodies, nothing changed
  const c2 = new pg.Client({ connectionString: db.url });
  await c2.connect();
  await c2.query(`UPDATE sources SET etag = NULL, "lastModified" = NULL`);
  await c2.end();
  const rUnchanged = await pollAll(db.url);
  const afterUnchanged = await counts(db.url);

  // (e) the worker process, cold again
  await resetIngest(db.url);
  const w = await workerIngest(db.url, sources.length);
  const afterWorker = await counts(db.url);

  const peak = Math.max(coldPeakRss, r304.peakRssMb, rUnchanged.peakRssMb, w.peakRssMb);
  const cold = coldSummary();
  console.log(`(c) re-poll, all 304:  ${r304.lines.filter((l) => l.outcome === "not_modified").length}/${r304.lines.length} not modified in ${r304.ms.toFixed(0)} ms; new articles ${after304.articles - afterCold.articles}, fetch-log rows ${after304.logs - afterCold.logs}; peak RSS ${r304.peakRssMb.toFixed(0)} MB`);
  console.log(`(d) re-poll, no validators: ${rUnchanged.lines.filter((l) => l.outcome === "ok").length}/${rUnchanged.lines.length} ok in ${rUnchanged.ms.toFixed(0)} ms; new articles ${afterUnchanged.articles - after304.articles}, articles rewritten ${afterUnchanged.updatedArticles}, fetch-log rows ${afterUnchanged.logs - after304.logs}; peak RSS ${rUnchanged.peakRssMb.toFixed(0)} MB`);
  console.log(`(e) the worker: ${afterWorker.articles} articles from ${sources.length} sources within ${w.pollMs.toFixed(0)} ms of its start (${(afterWorker.articles / (w.pollMs / 1000)).toFixed(0)} items/s, start-up included), related coverage done at ${w.drainedMs.toFixed(0)} ms; peak RSS ${w.peakRssMb.toFixed(0)} MB`);
  console.log(
    JSON.stringify({
      ...cold,
      repoll_304_new_articles: after304.articles - afterCold.articles,
      repoll_304_ms: Math.round(r304.ms),
      repoll_unchanged_new_articles: afterUnchanged.articles - after304.articles,
      repoll_unchanged_rewritten_articles: afterUnchanged.updatedArticles,
      repoll_unchanged_ms: Math.round(rUnchanged.ms),
      worker_ingest_items_per_s: Math.round(afterWorker.articles / (w.pollMs / 1000)),
      worker_peak_rss_mb: Math.round(w.peakRssMb),
      peak_rss_mb: Math.round(peak),
    }),
  );
  await fx.close();
  if (!process.env.BENCH_KEEP_DB) await db.drop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
