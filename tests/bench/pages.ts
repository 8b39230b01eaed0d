/**
 * Page benchmark (`npm run bench:pages`): seeds 10,000 then 1,000,000 synthetic
 * articles, runs the production server against them and loads /, an article
 * page with 200 comments, a source page, a search, and the operators' console
 * (/admin/sources and /admin, as a logged-in admin) with autocannon (32 connections), next to the same front-page HTML served as a static file
 * by a bare Node server (the ceiling). Prints req/s and p50/p99 per target, the
 * ratio to the ceiling, the 1M/10k ratio of p50, EXPLAIN plans at 1M, then the
 * two-web phase at 1M (./pages-two-web.ts: the front page from two web processes
 * behind nginx when it is installed, else round-robin, and stale reads of web B
 * after a vote on web A), and a JSON summary as the last line. Never asserts times.
 * BENCH_SIZES=10000 runs one size only (a quick run).
 *
 * Run it under the e2e lock (it builds into and serves from the shared .next):
 *   flock /tmp/readahead-e2e.lock npm run bench:pages
 */
import { createServer, type Server } from "node:http";
import pg from "pg";
import { relatedSql } from "../../lib/articles/article-queries";
import { frontFirstPageSql } from "../../lib/articles/front";
import { refreshFrontPlacement } from "../../lib/articles/front-refresh";
import { slugify } from "../../lib/sources/slug";
import { ensureProductionBuild, freePort, startApp, type RunningApp } from "../helpers/app-server";
import { createBenchDatabase } from "./bench-db";
import { autocannon, sessionCookie } from "./pages-load";
import { finishSeed, seedArticles, seedBase, seedConsole, TARGET_ARTICLE_ID } from "./pages-seed";
import { measureTwoWeb } from "./pages-two-web";

const CONNECTIONS = 32;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const SIZES = (process.env.BENCH_SIZES ?? "10000,1000000").split(",").map(Number);
const SEED_CHUNK = 100_000;

interface Figure {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string> = {}): Promise<Figure> {
  // One request first: fills Next's data cache, as the first reader after each revalidation does.
  const first = await fetch(url, { headers });
  if (!first.ok) throw new Error(`${url} answered ${first.status}`);
  await first.text();
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

async function serveStatic(html: string): Promise<{ url: string; server: Server }> {
  const port = await freePort();
  const body = Buffer.from(html);
  const server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}/`, server };
}

/** Median wall time of a query run `n` times straight on Postgres (no HTTP, no cache). */
async function queryMedianMs(c: pg.Client, sql: { text: string; values: unknown[] }, n = 15): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await c.query(sql.text, sql.values);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)]!;
}

// startApp's AUTH_SECRET (tests/helpers/app-server.ts): the admin's cookie is sealed with it.
const APP_AUTH_SECRET = "test-secret-test-secret-test-secret-0123456789";

const fmt = (f: Figure) => `${f.rps.toFixed(0).padStart(7)} req/s  p50 ${String(f.p50).padStart(5)} ms  p99 ${String(f.p99).padStart(5)} ms${f.non2xx || f.errors ? `  (non-2xx ${f.non2xx}, errors ${f.errors})` : ""}`;

async function main(): Promise<void> {
  const t0 = Date.now();
  const db = await createBenchDatabase("readahead_bench_pages");
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  let app: RunningApp | undefined;
  const results: Record<number, Record<string, Figure>> = {};
  const queryMs: Record<number, { hot: number; related: number }> = {};
  // The worker's source-cap placement pass over the whole front list (lib/articles/front-refresh.ts), per size.
  const placementMs: Record<number, { ms: number; listed: number; written: number }> = {};
  try {
    console.log("building the production app (skipped when .next is current)…");
    await ensureProductionBuild();
    await seedBase(c);
    const cookie = await sessionCookie(c, { id: "bench-admin", handle: "bench-admin", role: "admin" }, "bench-admin-session", APP_AUTH_SECRET);
    let seeded = 0;
    for (const size of SIZES) {
      for (let lo = seeded + 1; lo <= size; lo += SEED_CHUNK) {
        const hi = Math.min(size, lo + SEED_CHUNK - 1);
        const ts = Date.now();
        await seedArticles(c, lo, hi);
        console.log(`  seeded articles ${lo}..${hi} in ${((Date.now() - ts) / 1000).toFixed(1)} s`);
      }
      seeded = size;
      await seedConsole(c);
      await finishSeed(c, size);
      const placementPool = new pg.Pool({ connectionString: db.url, max: 1 });
      const tp = performance.now();
      const pass = await refreshFrontPlacement(placementPool);
      placementMs[size] = { ms: performance.now() - tp, ...pass };
      await placementPool.end();
      console.log(`  front placement pass: ${placementMs[size].ms.toFixed(0)} ms (${pass.listed} listed, ${pass.written} keys written)`);
      const target = await c.query<{ title: string; sourceId: number }>(`SELECT title, "sourceId" FROM articles WHERE id = $1`, [TARGET_ARTICLE_ID]);
      const { title, sourceId } = target.rows[0]!;
      queryMs[size] = {
        hot: await queryMedianMs(c, frontFirstPageSql()),
        related: await queryMedianMs(c, relatedSql(TARGET_ARTICLE_ID, sourceId)),
      };
      // A fresh server per size, so nothing cached from the smaller database leaks in.
      app = await startApp({ DATABASE_URL: db.url });
      const paths: Record<string, string> = {
        front: "/",
        article: `/a/${TARGET_ARTICLE_ID}/${slugify(title)}`,
        source: "/s/source-7",
        search: "/search?q=quantum+rocket",
        admin_sources: "/admin/sources",
        admin_dashboard: "/admin",
      };
      // The console is per-user (never stored): loaded with the admin's session cookie.
      const headersFor = (name: string): Record<string, string> => (name.startsWith("admin_") ? { cookie } : {});
      const html = await (await fetch(app.baseUrl + "/")).text();
      const ceiling = await serveStatic(html);
      results[size] = {};
      console.log(`\n== ${size.toLocaleString("en")} articles (front page HTML ${Math.round(html.length / 1024)} kB) ==`);
      try {
        results[size].ceiling = await load(ceiling.url);
        console.log(`  ceiling (static file) ${fmt(results[size].ceiling)}`);
        for (const [name, p] of Object.entries(paths)) {
          results[size][name] = await load(app.baseUrl + p, headersFor(name));
          const ratio = results[size][name].rps / results[size].ceiling.rps;
          console.log(`  ${name.padEnd(21)} ${fmt(results[size][name])}  ${(ratio * 100).toFixed(1)}% of ceiling   ${p}`);
        }
        console.log(`  uncached query medians: front page ${queryMs[size].hot.toFixed(2)} ms, related ${queryMs[size].related.toFixed(2)} ms`);
      } finally {
        ceiling.server.close();
        await app.stop();
        app = undefined;
      }
    }
    const big = SIZES[SIZES.length - 1]!;
    const small = SIZES[0]!;
    const target = await c.query<{ sourceId: number; title: string }>(`SELECT "sourceId", title FROM articles WHERE id = $1`, [TARGET_ARTICLE_ID]);
    const twoWeb = await measureTwoWeb(db.url, c, {
      path: `/a/${TARGET_ARTICLE_ID}/${slugify(target.rows[0]!.title)}`,
      articleId: TARGET_ARTICLE_ID,
      connections: CONNECTIONS,
      durationS: DURATION_S,
    });
    for (const [name, sql] of [["front page (hot under the source cap, first page)", frontFirstPageSql()], ["related", relatedSql(TARGET_ARTICLE_ID, target.rows[0]!.sourceId)]] as const) {
      const plan = await c.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values);
      console.log(`\n-- EXPLAIN ANALYZE at ${big.toLocaleString("en")} articles: ${name}`);
      for (const row of plan.rows) console.log(row["QUERY PLAN"]);
    }
    console.log("\n1M / 10k p50 ratios:");
    for (const name of ["front", "article", "source", "search"]) {
      console.log(`  ${name.padEnd(8)} ${(results[big]![name]!.p50 / Math.max(results[small]![name]!.p50, 1)).toFixed(2)}`);
    }
    console.log(`  uncached front-page query ${(queryMs[big]!.hot / queryMs[small]!.hot).toFixed(2)}, related query ${(queryMs[big]!.related / queryMs[small]!.related).toFixed(2)}`);
    console.log(`\ntotal ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const front = results[big]!.front!;
    console.log(
      JSON.stringify({
        articles: big,
        connections: CONNECTIONS,
        duration_s: DURATION_S,
        front_rps: Math.round(front.rps),
        front_p50_ms: front.p50,
        front_p99_ms: front.p99,
        ceiling_rps: Math.round(results[big]!.ceiling!.rps),
        front_ratio_to_ceiling: Number((front.rps / results[big]!.ceiling!.rps).toFixed(4)),
        article_rps: Math.round(results[big]!.article!.rps),
        article_p99_ms: results[big]!.article!.p99,
        source_p99_ms: results[big]!.source!.p99,
        search_p99_ms: results[big]!.search!.p99,
        admin_sources_p99_ms: results[big]!.admin_sources!.p99,
        admin_dashboard_p99_ms: results[big]!.admin_dashboard!.p99,
        p50_ratio_1m_10k: Number((front.p50 / Math.max(results[small]!.front!.p50, 1)).toFixed(2)),
        front_query_ms_10k: Number(queryMs[small]!.hot.toFixed(2)),
        front_query_ms_1m: Number(queryMs[big]!.hot.toFixed(2)),
        front_placement_ms_1m: Math.round(placementMs[big]!.ms),
        front_placement_written_1m: placementMs[big]!.written,
        front_rps_2web: Math.round(twoWeb.rps),
        front_2web_via: twoWeb.via,
        front_2web_p99_ms: twoWeb.p99,
        stale_reads_after_vote: twoWeb.staleReads,
        stale_read_samples: twoWeb.staleSamples,
      }),
    );
  } finally {
    if (app) await app.stop();
    await c.end();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
