// npm run bench:ingest — ingestion throughput against the 30 real feeds of the
// corpus, served from loopback as many distinct sources. Prints figures; asserts
// no times. Measured in one run, so ratios compare like with like:
//   (a) bare parse: parseFeed over the same bytes, in this process
//   (b) cold ingest: `poll --once --all` in a child process (fetch, parse, normalize, store)
//   (c) re-poll where every server answers 304 (validators sent)
//   (d) re-poll with validators dropped: full bodies, unchanged content
// (b)-(d) are timed inside the child from its first poll (start-up excluded); the
// child reports its own peak RSS (getrusage maxrss).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { parseFeed } from "../../lib/feeds/parse";
import { normalizeEntries } from "../../lib/feeds/normalize";
import { startFixtureServer } from "../helpers/fixture-server";
import { createBenchDatabase, serverCpuSeconds } from "./bench-db";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const CORPUS = path.resolve(ROOT, "..", "shared", "corpus");
const ALIASES = Number(process.env.BENCH_ALIASES ?? 12);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
// Extra node flags for the polling child, e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);

interface RealFeed { file: string; items: number }

async function pollAll(databaseUrl: string): Promise<{ ms: number; peakRssMb: number; cpuS: number; lines: { outcome: string; newArticles: number }[] }> {
  const child = spawn(process.execPath, [...NODE_ARGS, "--import", "tsx", "scripts/cli.ts", "poll", "--once", "--all", "--no-related", "--stats", "--concurrency", String(CONCURRENCY)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, FEED_FETCH_ALLOW_CIDRS: "127.0.0.1/32", LOG_LEVEL: "warn", WORKER_PER_HOST_CONCURRENCY: String(CONCURRENCY), NODE_ENV: "production" },
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

  // (a) bare parse of the same bytes
  const bodies = sources.map((s) => ({ body: readFileSync(s.file), url: s.url }));
  let parsedItems = 0;
  const t0 = performance.now();
  for (const b of bodies) parsedItems += parseFeed(b.body, { url: b.url }).items.length;
  const parseMs = performance.now() - t0;
  let normalizedItems = 0;
  const t1 = performance.now();
  for (const b of bodies) normalizedItems += normalizeEntries(parseFeed(b.body, { url: b.url }), { feedUrl: b.url, now: new Date() }).length;
  const parseNormalizeMs = performance.now() - t1;

  // (b) cold ingest
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await c.query(`INSERT INTO sources (slug, title, "feedUrl", "updatedAt") SELECT 'bench-' || i, 'Bench ' || i, u, now() FROM unnest($1::text[]) WITH ORDINALITY AS x(u, i)`, [sources.map((s) => s.url)]);
  await c.end();
  const pgCpu0 = await serverCpuSeconds(db.url);
  const cold = await pollAll(db.url);
  const pgCpu1 = await serverCpuSeconds(db.url);
  const afterCold = await counts(db.url);
  const coldNew = cold.lines.reduce((n, l) => n + l.newArticles, 0);
  const failures = cold.lines.filter((l) => l.outcome !== "ok");

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

  const parseRate = parsedItems / (parseMs / 1000);
  const ingestRate = coldNew / (cold.ms / 1000);
  const peak = Math.max(cold.peakRssMb, r304.peakRssMb, rUnchanged.peakRssMb);
  console.log(`sources: ${sources.length} (${feeds.length} real feeds × ${ALIASES} aliases), items expected ${expectedItems}, concurrency ${CONCURRENCY}`);
  console.log(`(a) bare parse:        ${parsedItems} items in ${parseMs.toFixed(0)} ms = ${parseRate.toFixed(0)} items/s (parse+normalize: ${(normalizedItems / (parseNormalizeMs / 1000)).toFixed(0)} items/s)`);
  console.log(`(b) cold ingest:       ${coldNew} new articles in ${cold.ms.toFixed(0)} ms = ${ingestRate.toFixed(0)} items/s; ratio (b)/(a) = ${(ingestRate / parseRate).toFixed(2)}; non-ok polls: ${failures.length}; peak RSS ${cold.peakRssMb.toFixed(0)} MB`);
  console.log(`    CPU during (b): poller ${cold.cpuS.toFixed(1)} s, database server ${pgCpu0 !== null && pgCpu1 !== null ? `${(pgCpu1 - pgCpu0).toFixed(1)} s` : "not measurable (not on this machine)"}`);
  console.log(`(c) re-poll, all 304:  ${r304.lines.filter((l) => l.outcome === "not_modified").length}/${r304.lines.length} not modified in ${r304.ms.toFixed(0)} ms; new articles ${after304.articles - afterCold.articles}, fetch-log rows ${after304.logs - afterCold.logs}; peak RSS ${r304.peakRssMb.toFixed(0)} MB`);
  console.log(`(d) re-poll, no validators: ${rUnchanged.lines.filter((l) => l.outcome === "ok").length}/${rUnchanged.lines.length} ok in ${rUnchanged.ms.toFixed(0)} ms; new articles ${afterUnchanged.articles - after304.articles}, articles rewritten ${afterUnchanged.updatedArticles}, fetch-log rows ${afterUnchanged.logs - after304.logs}; peak RSS ${rUnchanged.peakRssMb.toFixed(0)} MB`);
  console.log(
    JSON.stringify({
      sources: sources.length,
      items: coldNew,
      parse_items_per_s: Math.round(parseRate),
      ingest_items_per_s: Math.round(ingestRate),
      ratio: Number((ingestRate / parseRate).toFixed(3)),
      repoll_304_new_articles: after304.articles - afterCold.articles,
      repoll_304_ms: Math.round(r304.ms),
      repoll_unchanged_new_articles: afterUnchanged.articles - after304.articles,
      repoll_unchanged_rewritten_articles: afterUnchanged.updatedArticles,
      repoll_unchanged_ms: Math.round(rUnchanged.ms),
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
